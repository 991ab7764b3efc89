// Decoding of a stored value into a RecordedEvent. RocksDB hands out byte slices with no alignment promise;
// Cap'n Proto reads words, so the envelope is copied once into word-aligned memory this object owns.
#include "store/recorded_event.h"

#include <kj/debug.h>

#include <cstring>

#include "store/key_format.h"

namespace qingling::store {
// The log is written only by this store, so the traversal limit guards nothing hostile; it must only never
// trip on a large event read many times over the RecordedEvent's life (the limit is spent per read, not per
// message).
capnp::ReaderOptions storedReaderOptions() {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = uint64_t{1} << 40;
  options.nestingLimit = 64;
  return options;
}

kj::ArrayPtr<const capnp::word> copyEnvelope(uint64_t position, std::string_view value, kj::Array<capnp::word>& into,
                                             Hash& hash) {
  KJ_REQUIRE(value.size() > keys::kHashSize, "stored event value is shorter than its hash prefix", position,
             value.size());
  size_t envelopeBytes = value.size() - keys::kHashSize;
  KJ_REQUIRE(envelopeBytes % sizeof(capnp::word) == 0, "stored envelope is not a whole number of words", position,
             envelopeBytes);
  std::memcpy(hash.data(), value.data(), keys::kHashSize);
  const size_t words = envelopeBytes / sizeof(capnp::word);
  if (into.size() < words) into = kj::heapArray<capnp::word>(words);
  std::memcpy(into.begin(), value.data() + keys::kHashSize, envelopeBytes);
  return into.slice(0, words);
}

RecordedEvent::RecordedEvent(uint64_t position, std::string_view value) : position_(position), hash_{} {
  reader_ = std::make_unique<capnp::FlatArrayMessageReader>(copyEnvelope(position, value, words_, hash_),
                                                            storedReaderOptions());
  // Validates the root pointer now, so that a value that cannot even start to decode fails here.
  reader_->getRoot<schema::EventEnvelope>();
}

RecordedEvent::RecordedEvent(RecordedEvent&&) noexcept = default;
RecordedEvent& RecordedEvent::operator=(RecordedEvent&&) noexcept = default;
RecordedEvent::~RecordedEvent() = default;

schema::EventEnvelope::Reader RecordedEvent::envelope() const { return reader_->getRoot<schema::EventEnvelope>(); }

}  // namespace qingling::store
