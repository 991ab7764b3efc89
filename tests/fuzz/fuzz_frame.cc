// Feeds arbitrary bytes to qinglingd's frame decoding as they would arrive on one connection, frame after frame,
// exactly as Session::readLoop and Session::handle (server/session.cc) take them: frameLayout on the 8-byte
// prefix, again on the whole segment table when it is longer, then capnp::FlatArrayMessageReader with
// frameReaderOptions(the frame's size) over the frame, the Request root and its requestId. Each decoded request is
// then traversed whole (totalSize, and under the small limit its capnp-json encoding, schemas/json_codec.h), as
// every handler together may read it. The first byte picks the limit: the default 16 MiB or 4 KiB.
// A frame the connection would still wait for (the input ends inside it) ends the run.
//
// Asserts: an accepted layout is word-aligned and within the limit; decoding either succeeds or throws
// kj::Exception (the server answers badRequest), never anything else, and never reads out of bounds (ASan).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <capnp/serialize.h>

#include "schemas/json_codec.h"
#include "schemas/wire.capnp.h"
#include "server/config.h"
#include "server/framing.h"
#include "tests/fuzz/fuzz_check.h"

using qingling::server::frameLayout;
using qingling::server::FrameLayout;
using qingling::server::kFramePrefixBytes;

namespace {

constexpr uint64_t kSmallFrameLimit = 4096;

// Decodes one whole frame as Session::handle does; a kj::Exception is the server's badRequest.
void decode(const kj::Array<capnp::word>& frame, uint64_t maxFrame) {
  try {
    capnp::FlatArrayMessageReader reader(frame,
                                         qingling::server::frameReaderOptions(frame.size() * sizeof(capnp::word)));
    auto request = reader.getRoot<qingling::schema::Request>();
    (void)request.getRequestId();
    (void)request.getBody().which();
    (void)request.totalSize();
    // JSON grows by ~5 bytes per element of a list of voids: only frames under the small limit are encoded, or
    // a 16 MiB frame would make gigabytes of JSON (the server never encodes requests as JSON).
    if (maxFrame <= kSmallFrameLimit) {
      std::string json = qingling::schema::toJson(request);
      FUZZ_CHECK(!json.empty(), "a decoded request encodes as JSON");
    }
  } catch (const kj::Exception&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A smaller limit than the default 16 MiB, so the fuzzer can reach "exceeds" with inputs it can build.
  const uint64_t maxFrame =
      size > 0 && data[0] % 2 == 0 ? qingling::server::ServerConfig{}.maxFrameBytes : kSmallFrameLimit;
  size_t offset = 0;
  while (size - offset >= kFramePrefixBytes) {
    const uint8_t* at = data + offset;
    FrameLayout layout = frameLayout(at, kFramePrefixBytes, maxFrame);
    if (layout.error.empty() && layout.tableBytes > kFramePrefixBytes) {
      if (size - offset < layout.tableBytes) return 0;
      layout = frameLayout(at, layout.tableBytes, maxFrame);
    }
    if (!layout.error.empty()) return 0;  // the server answers and closes the connection
    FUZZ_CHECK(layout.tableBytes % 8 == 0 && layout.tableBytes >= kFramePrefixBytes, "the table is whole words");
    FUZZ_CHECK(layout.bodyBytes % 8 == 0 && layout.bodyBytes > 0, "the body is whole words, at least one");
    FUZZ_CHECK(layout.tableBytes + layout.bodyBytes <= maxFrame, "an accepted frame is within max-frame-bytes");
    size_t frameBytes = layout.tableBytes + layout.bodyBytes;
    if (size - offset < frameBytes) return 0;  // the connection would wait for the rest
    auto frame = kj::heapArray<capnp::word>(frameBytes / sizeof(capnp::word));
    std::memcpy(frame.begin(), at, frameBytes);
    decode(frame, maxFrame);
    offset += frameBytes;
  }
  return 0;
}
