// Frame sizing from the Cap'n Proto segment table: the server relies on it to refuse oversized or malformed
// frames before reading their bodies.
#include "server/framing.h"

#include <cstring>

#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include "schemas/wire.capnp.h"

namespace qingling::server {
namespace {

std::vector<uint8_t> table(std::vector<uint32_t> words) {
  std::vector<uint8_t> out((4 + 4 * words.size() + 7) / 8 * 8, 0);
  uint32_t count = static_cast<uint32_t>(words.size() - 1);
  std::memcpy(out.data(), &count, 4);
  for (size_t i = 0; i < words.size(); ++i) std::memcpy(out.data() + 4 + 4 * i, &words[i], 4);
  return out;
}

TEST(Framing, SizesARealMessageExactly) {
  capnp::MallocMessageBuilder message;
  message.initRoot<schema::Request>().setToken("qlt_x_y");
  auto frame = encodeFrame(message);
  auto bytes = frame.asBytes();
  FrameLayout layout = frameLayout(bytes.begin(), bytes.size(), 1 << 20);
  EXPECT_EQ(layout.error, "");
  EXPECT_EQ(layout.tableBytes + layout.bodyBytes, bytes.size());
}

TEST(Framing, AsksForTheRestOfALongSegmentTable) {
  auto t = table({1, 2, 3, 4});  // 4 + 16 bytes -> 24 with padding
  FrameLayout first = frameLayout(t.data(), kFramePrefixBytes, 1 << 20);
  EXPECT_EQ(first.error, "");
  EXPECT_EQ(first.tableBytes, 24u);
  EXPECT_EQ(first.bodyBytes, 0u);
  FrameLayout whole = frameLayout(t.data(), t.size(), 1 << 20);
  EXPECT_EQ(whole.bodyBytes, 10u * 8);
}

TEST(Framing, RefusesOversizedEmptyAndAbsurdFrames) {
  auto big = table({1u << 20});
  EXPECT_NE(frameLayout(big.data(), big.size(), 4096).error.find("exceeds the limit of 4096"), std::string::npos);
  auto empty = table({0});
  EXPECT_NE(frameLayout(empty.data(), empty.size(), 4096).error, "");
  std::vector<uint8_t> absurd(8, 0xFF);
  EXPECT_NE(frameLayout(absurd.data(), absurd.size(), 4096).error.find("segments"), std::string::npos);
  EXPECT_NE(frameLayout(absurd.data(), 3, 4096).error, "");
}

}  // namespace
}  // namespace qingling::server
