// One event as stored: its global position, its hash and its envelope. Owns the (word-aligned) bytes, so the
// envelope reader stays valid exactly as long as this object lives. Move-only.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include <capnp/serialize.h>
#include <kj/array.h>

#include "schemas/events.capnp.h"

namespace qingling::store {

using Hash = std::array<uint8_t, 32>;

// How stored envelopes are read: a traversal limit that never trips on the store's own events.
capnp::ReaderOptions storedReaderOptions();

// Checks a stored value (hash || envelope), copies its hash and its envelope into `into` (grown when too small,
// else reused: RocksDB slices have no alignment promise, Cap'n Proto reads words) and returns the envelope's words.
// Throws kj::Exception if the value cannot be an envelope.
kj::ArrayPtr<const capnp::word> copyEnvelope(uint64_t position, std::string_view value, kj::Array<capnp::word>& into,
                                             Hash& hash);

class RecordedEvent {
 public:
  // `value` is the stored value: hash || envelope bytes. Throws kj::Exception if the bytes do not decode;
  // EventLog turns that into StoreErrc::corruption.
  RecordedEvent(uint64_t position, std::string_view value);
  RecordedEvent(RecordedEvent&&) noexcept;
  RecordedEvent& operator=(RecordedEvent&&) noexcept;
  ~RecordedEvent();

  uint64_t position() const { return position_; }
  const Hash& hash() const { return hash_; }
  schema::EventEnvelope::Reader envelope() const;
  // The envelope's bytes exactly as hashed (without the hash prefix).
  kj::ArrayPtr<const capnp::word> bytes() const { return words_.asPtr(); }

 private:
  uint64_t position_;
  Hash hash_;
  kj::Array<capnp::word> words_;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader_;
};

}  // namespace qingling::store
