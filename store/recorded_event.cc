// Decoding of a stored value into a RecordedEvent. RocksDB hands out byte slices with no alignment promise;
// Cap'n Proto reads words, so the envelope is copied once into word-aligned memory this object owns.
#include "store/recorded_event.h"

#include <kj/debug.h>

#include <cstring>

#include "store/key_format.h"

namespace qingling::store {
namespace {

// The log is written only by this store, so the traversal limit guards nothing hostile; it must only never
// trip on a large event read many times over the RecordedEvent's life (the limit is spent per read, not per
// message).
capnp::ReaderOptions readerOptions() {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = uint64_t{1} << 40;
  options.nestingLimit = 64;
  return options;
}

}  // namespace

RecordedEvent::RecordedEvent(uint64_t position, std::string_view value) : position_(position), hash_{} {
  KJ_REQUIRE(value.size() > keys::kHashSize, "stored event value is shorter than its hash prefix", position,
             value.size());
  size_t envelopeBytes = value.size() - keys::kHashSize;
  KJ_REQUIRE(envelopeBytes % sizeof(capnp::word) == 0, "stored envelope is not a whole number of words", position,
             envelopeBytes);
  std::memcpy(hash_.data(), value.data(), keys::kHashSize);
  words_ = kj::heapArray<capnp::word>(envelopeBytes / sizeof(capnp::word));
  std::memcpy(words_.begin(), value.data() + keys::kHashSize, envelopeBytes);
  reader_ = std::make_unique<capnp::FlatArrayMessageReader>(words_.asPtr(), readerOptions());
  // Validates the root pointer now, so that a value that cannot even start to decode fails here.
  reader_->getRoot<schema::EventEnvelope>();
}

RecordedEvent::RecordedEvent(RecordedEvent&&) noexcept = default;
RecordedEvent& RecordedEvent::operator=(RecordedEvent&&) noexcept = default;
RecordedEvent::~RecordedEvent() = default;

schema::EventEnvelope::Reader RecordedEvent::envelope() const { return reader_->getRoot<schema::EventEnvelope>(); }

}  // namespace qingling::store
