#include "server/framing.h"

#include <cstring>

#include <capnp/serialize.h>

namespace qingling::server {
namespace {

uint32_t readU32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;  // Cap'n Proto is little-endian, as is every machine this runs on.
}

}  // namespace

FrameLayout frameLayout(const uint8_t* table, size_t available, uint64_t maxFrameBytes) {
  FrameLayout out;
  if (available < kFramePrefixBytes) {
    out.error = "frame shorter than its 8-byte segment table prefix";
    return out;
  }
  uint64_t segments = uint64_t{readU32(table)} + 1;
  if (segments > kMaxSegments) {
    out.error = "frame claims " + std::to_string(segments) + " segments; at most " + std::to_string(kMaxSegments) +
                " are accepted";
    return out;
  }
  out.tableBytes = static_cast<size_t>((4 + 4 * segments + 7) / 8 * 8);
  if (available < out.tableBytes) return out;  // caller reads the rest of the table and asks again
  uint64_t words = 0;
  for (uint64_t i = 0; i < segments; ++i) words += readU32(table + 4 + 4 * i);
  uint64_t total = out.tableBytes + words * 8;
  if (words == 0) {
    out.error = "frame has an empty first segment: not a Cap'n Proto message";
  } else if (total > maxFrameBytes) {
    out.error = "frame of " + std::to_string(total) + " bytes exceeds the limit of " + std::to_string(maxFrameBytes) +
                " bytes (max-frame-bytes)";
  }
  out.bodyBytes = static_cast<size_t>(words * 8);
  return out;
}

kj::Array<capnp::word> encodeFrame(capnp::MessageBuilder& message) { return capnp::messageToFlatArray(message); }

capnp::ReaderOptions frameReaderOptions(uint64_t frameBytes) {
  capnp::ReaderOptions options;
  // Traversal is counted in words: each word of this frame may be visited a few times (lists of structs re-read),
  // plus a fixed allowance for handlers re-reading small fields (in a loop over the directory, say). Tied to the
  // frame's own size, not max-frame-bytes: otherwise a small frame of pointers sharing one large text, or a list
  // pointer claiming a million Void elements, would be read as up to 4 x max-frame-bytes of data (a 100-byte
  // frame appended a million empty notes; tests/server/hostile_frames_test.cc).
  options.traversalLimitInWords = frameBytes / 8 * 4 + 64 * 1024;
  options.nestingLimit = 32;
  return options;
}

}  // namespace qingling::server
