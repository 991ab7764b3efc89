// Frames on the TCP stream are Cap'n Proto's standard stream serialization: a segment table (segment count - 1,
// then each segment's size in words, padded to a word) followed by the segments. These pure helpers size a frame
// from its table so the server can refuse an oversized frame before reading its body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <capnp/message.h>
#include <kj/array.h>

namespace qingling::server {

inline constexpr size_t kFramePrefixBytes = 8;  // segment count and the first segment's size
inline constexpr uint32_t kMaxSegments = 512;

struct FrameLayout {
  size_t tableBytes = 0;  // the whole segment table, padding included
  size_t bodyBytes = 0;   // all segments
  std::string error;      // non-empty: the frame is malformed or too large, and why
};

// `prefix` holds the first 8 bytes. When the table is longer than 8 bytes, call again with the whole table
// (`table`, `tableBytes` long) to learn the body size.
FrameLayout frameLayout(const uint8_t* table, size_t available, uint64_t maxFrameBytes);

// Serializes a message as one frame.
kj::Array<capnp::word> encodeFrame(capnp::MessageBuilder& message);

// Reader limits for decoding one frame of `frameBytes`: hostile messages cannot make traversal (bounded by a few
// times the frame's size) or nesting explode.
capnp::ReaderOptions frameReaderOptions(uint64_t frameBytes);

}  // namespace qingling::server
