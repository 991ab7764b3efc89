// Hostile frames against the real qinglingd, beyond limits_test.cc: Cap'n Proto messages whose pointers make a
// reader do far more than the frame's size (many pointers sharing one large text, a list of a million Voids),
// pointers nested past the nesting limit or in a cycle, frames cut off by a closed connection, streams of
// garbage bytes, and frames arriving a byte at a time (fast: served; slower than the frame timeout, or stopping
// after their first byte: cut off). Each is refused or cut off with nothing appended, and the server serves on.
// Also: one append of 50,000 tiny notes costs the server memory in proportion to its frame.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/server/hostile_support.h"

namespace qingling::server::testing {
namespace {

using schema::ErrorCode;
using ::testing::HasSubstr;

// Wire pointers (capnp encoding spec): the low two bits say struct (0) or list (1), the next 30 the offset in
// words from the end of the pointer to its target; the upper half the struct's section sizes or the list's
// element size (3 bits) and count.
uint64_t structPointer(int32_t offsetWords, uint16_t dataWords, uint16_t pointerWords) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(offsetWords) << 2)) | (uint64_t{dataWords} << 32) |
         (uint64_t{pointerWords} << 48);
}
uint64_t listPointer(int32_t offsetWords, uint32_t elementSize, uint32_t count) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(offsetWords) << 2) | 1) |
         (static_cast<uint64_t>(count << 3 | elementSize) << 32);
}
constexpr uint32_t kVoid = 0, kByte = 2, kInlineComposite = 7;

// A request built by capnp's builder in one segment, then rewritten word by word: the builder cannot make two
// pointers share a target or nest pointers the schema does not have.
class CraftedRequest {
 public:
  explicit CraftedRequest(const std::string& token) : message_(kSegmentWords, capnp::AllocationStrategy::FIXED_SIZE) {
    auto request = message_.initRoot<schema::Request>();
    request.setRequestId(1);
    request.setToken(token);
  }

  // An appendRaw of one note per text, to be rewritten.
  capnp::List<schema::Event>::Builder appendNotes(const std::vector<std::string>& texts) {
    auto raw = message_.getRoot<schema::Request>().getBody().initAppendRaw();
    raw.setStreamId("crafted");
    raw.getExpected().setAny();
    auto events = raw.initEvents(static_cast<unsigned>(texts.size()));
    for (unsigned i = 0; i < texts.size(); ++i) events[i].initNote().setText(texts[i]);
    return events;
  }

  size_t indexOf(const void* address) const {
    return static_cast<size_t>(reinterpret_cast<const capnp::word*>(address) - words());
  }
  // The one struct or list pointer whose target is word `target` (found by scanning every word).
  size_t pointerTo(size_t target, uint32_t listElementSize) const {
    size_t found = SIZE_MAX;
    for (size_t i = 0; i < size(); ++i) {
      uint64_t w = get(i);
      if (w == 0 || (w & 3) != 1 || ((w >> 32) & 7) != listElementSize) continue;
      int64_t offset = static_cast<int32_t>(static_cast<uint32_t>(w)) >> 2;
      if (static_cast<int64_t>(i) + 1 + offset != static_cast<int64_t>(target)) continue;
      if (found != SIZE_MAX) throw std::logic_error("two pointers to one target");
      found = i;
    }
    if (found == SIZE_MAX) throw std::logic_error("no pointer to the target");
    return found;
  }
  uint64_t get(size_t index) const {
    uint64_t w;
    std::memcpy(&w, words() + index, sizeof w);
    return w;
  }
  void set(size_t index, uint64_t value) {
    std::memcpy(reinterpret_cast<char*>(const_cast<capnp::word*>(words() + index)), &value, sizeof value);
  }

  kj::Array<capnp::word> frame() {
    if (message_.getSegmentsForOutput().size() != 1) throw std::logic_error("the crafted request outgrew a segment");
    return capnp::messageToFlatArray(message_);
  }

 private:
  static constexpr unsigned kSegmentWords = 1 << 17;
  const capnp::word* words() const {
    return const_cast<capnp::MallocMessageBuilder&>(message_).getSegmentsForOutput()[0].begin();
  }
  size_t size() const { return const_cast<capnp::MallocMessageBuilder&>(message_).getSegmentsForOutput()[0].size(); }

  capnp::MallocMessageBuilder message_;
};

size_t textIndex(const CraftedRequest& crafted, schema::Event::Builder event) {
  return crafted.indexOf(event.getNote().getText().begin());
}

// Sends the frame and expects a malformed-request answer naming `why`, nothing appended, and the same
// connection still served.
void expectRefused(const ServerProcess& server, const kj::Array<capnp::word>& frame, const std::string& why) {
  Client client = server.admin();
  const uint64_t before = head(client).position;
  client.sendRaw(frame.begin(), frame.size() * sizeof(capnp::word));
  Reply reply = client.receive();
  EXPECT_TRUE(isError(reply, ErrorCode::BAD_REQUEST)) << describe(reply);
  EXPECT_THAT(describe(reply), HasSubstr("malformed request"));
  EXPECT_THAT(describe(reply), HasSubstr(why));
  EXPECT_EQ(head(client).position, before) << "the crafted request appended events";
  Reply status = client.call([](Body body) { body.setStatus(); });
  EXPECT_TRUE(status->getBody().isStatus()) << describe(status);
}

TEST(HostileFramesTest, ManyPointersToOneLargeTextStopAtATraversalLimitTiedToTheFrameSize) {
  // 2,000 notes all pointing at one 16,000-byte text: a frame of ~100 KiB that reads as 32 MB of notes. Within
  // the 16 MiB frame limit; refused because traversal is limited to a few times the frame's own size.
  ServerProcess server;
  CraftedRequest crafted(server.adminToken());
  std::vector<std::string> texts(2000, "y");
  texts[0] = std::string(15999, 'x');  // with its NUL, exactly 2,000 words
  auto events = crafted.appendNotes(texts);
  const size_t blob = textIndex(crafted, events[0]);
  for (unsigned i = 1; i < events.size(); ++i) {
    size_t pointer = crafted.pointerTo(textIndex(crafted, events[i]), kByte);
    crafted.set(pointer, listPointer(static_cast<int32_t>(blob - pointer - 1), kByte, 16000));
  }
  auto frame = crafted.frame();
  ASSERT_LT(frame.size() * 8, 128u << 10);
  expectRefused(server, frame, "traversal limit");
}

TEST(HostileFramesTest, AMillionVoidsReadAsEventsStopAtTheTraversalLimit) {
  // A list pointer may claim a million zero-sized elements without sending a byte of them; read as a list of
  // events, each would be an (empty) note to append.
  ServerProcess server;
  CraftedRequest crafted(server.adminToken());
  auto events = crafted.appendNotes({"y"});
  // The list's tag word, then the event, its note (one pointer), the note's text.
  auto event = capnp::Schema::from<schema::Event>().getProto().getStruct();
  const size_t tag = textIndex(crafted, events[0]) - 2 - event.getDataWordCount() - event.getPointerCount();
  ASSERT_EQ(crafted.get(tag) & 3, 0u) << "the events list's tag word is a struct-shaped word";
  size_t pointer = crafted.pointerTo(tag, kInlineComposite);
  crafted.set(pointer, listPointer(0, kVoid, 1000000));
  expectRefused(server, crafted.frame(), "");
}

TEST(HostileFramesTest, PointersNestedDeeperThanTheLimitOrInACycleAreRefused) {
  ServerProcess server;
  {
    // The note's text pointer, rewritten to a chain of 100 structs each holding one pointer to the next.
    CraftedRequest crafted(server.adminToken());
    auto events = crafted.appendNotes({std::string(799, 'x')});  // 100 words to rewrite
    const size_t text = textIndex(crafted, events[0]);
    for (size_t i = 0; i < 99; ++i) crafted.set(text + i, structPointer(0, 0, 1));
    crafted.set(text + 99, 0);
    size_t pointer = crafted.pointerTo(text, kByte);
    crafted.set(pointer, structPointer(static_cast<int32_t>(text - pointer - 1), 0, 1));
    expectRefused(server, crafted.frame(), "nested");
  }
  {
    // A struct whose only pointer points at itself.
    CraftedRequest crafted(server.adminToken());
    auto events = crafted.appendNotes({"y"});
    size_t pointer = crafted.pointerTo(textIndex(crafted, events[0]), kByte);
    crafted.set(pointer, structPointer(-1, 0, 1));
    expectRefused(server, crafted.frame(), "nested");
  }
}

TEST(HostileFramesTest, AnAppendOfManyTinyNotesCostsMemoryInProportionToItsSize) {
  // 50,000 one-byte notes in one 2 MB frame: each event was built in a default 8 KiB message, ~450 MB in all.
  ServerProcess server;
  Client client = server.admin();
  const uint64_t beforeKiB = procStatusKiB(server.pid(), "VmHWM");
  std::vector<std::string> notes(50000, "x");
  auto frame = requestFrame(server.adminToken(), 1, [&](Body body) {
    fillNotes(body, "tiny", store::ExpectedVersion::anyVersion(), "", notes);
  });
  client.sendRaw(frame.begin(), frame.size() * sizeof(capnp::word));
  Reply reply = client.receive();
  ASSERT_TRUE(reply->getBody().isAppended()) << describe(reply);
  const uint64_t frameKiB = frame.size() * sizeof(capnp::word) / 1024;
  const uint64_t grewKiB = procStatusKiB(server.pid(), "VmHWM") - beforeKiB;
  std::printf("an append of %zu one-byte notes in a %lu KiB frame: qinglingd's peak RSS grew %lu KiB%s\n", notes.size(),
              static_cast<unsigned long>(frameKiB), static_cast<unsigned long>(grewKiB),
              kSanitized ? " [sanitized build: not asserted]" : "");
  if (!kSanitized) EXPECT_LT(grewKiB, 64 * frameKiB);
}

TEST(HostileFramesTest, ConnectionsClosedMidFrameLeaveNothingBehind) {
  ServerProcess server;
  auto frame = requestFrame(server.adminToken(), 1, [](Body body) { body.setStatus(); });
  const size_t bytes = frame.size() * sizeof(capnp::word);
  for (size_t cut : {size_t{1}, size_t{4}, size_t{8}, bytes / 2, bytes - 1}) {
    Client client = server.admin();
    client.sendRaw(frame.begin(), cut);
  }  // each closes here, mid-frame
  EXPECT_TRUE(eventually([&] { return connectionsSeen(server) == 1; })) << "sessions of cut-off frames linger";
  Client client = server.admin();
  Reply status = client.call([](Body body) { body.setStatus(); });
  EXPECT_TRUE(status->getBody().isStatus()) << describe(status);
}

TEST(HostileFramesTest, StreamsOfRandomBytesAreRefusedAndClosed) {
  ServerProcess server;
  std::mt19937_64 random(20240806);
  for (int connection = 0; connection < 20; ++connection) {
    std::vector<uint64_t> garbage(512);
    for (auto& w : garbage) w = random();
    Client client = server.admin();
    try {
      client.sendRaw(garbage.data(), garbage.size() * sizeof(uint64_t));
    } catch (const std::exception&) {
      // The server may close before taking it all: fine, it is garbage.
    }
    int answers = 0;
    try {
      for (; answers < 100; ++answers) {
        Reply reply = client.receive();
        EXPECT_TRUE(reply->getBody().isError()) << describe(reply);
      }
    } catch (const ClientError&) {
    }
    EXPECT_LT(answers, 100) << "connection " << connection << " was not closed";
  }
  EXPECT_TRUE(eventually([&] { return connectionsSeen(server) == 1; }));
}

TEST(HostileFramesTest, WellFramedRandomBodiesAreEachAnsweredAndTheConnectionServesOn) {
  // Random words behind valid segment tables: every frame gets an error answer, and the connection serves on.
  // (--auth-failure-limit 0: should a random body decode as a request with a bad token, the address stays unblocked.)
  ServerProcess server({"--auth-failure-limit", "0"});
  std::mt19937_64 random(42);
  Client client = server.admin();
  const int frames = 300;
  std::vector<uint32_t> stream;
  for (int i = 0; i < frames; ++i) {
    uint32_t words = 1 + static_cast<uint32_t>(random() % 64);
    stream.push_back(0);
    stream.push_back(words);
    for (uint32_t w = 0; w < 2 * words; ++w) stream.push_back(static_cast<uint32_t>(random()));
  }
  client.sendRaw(stream.data(), stream.size() * sizeof(uint32_t));
  for (int i = 0; i < frames; ++i) {
    Reply reply = client.receive();
    ASSERT_TRUE(reply->getBody().isError()) << "frame " << i << ": " << describe(reply);
  }
  Reply status = client.call([](Body body) { body.setStatus(); });
  EXPECT_TRUE(status->getBody().isStatus()) << describe(status);
}

TEST(HostileFramesTest, AFrameWrittenOneByteAtATimeIsServed) {
  ServerProcess server;
  Client client = server.admin();
  auto frame = requestFrame(server.adminToken(), 7, [](Body body) { body.setStatus(); });
  auto bytes = frame.asBytes();
  for (auto byte : bytes) client.sendRaw(&byte, 1);  // TCP_NODELAY: one segment each
  Reply reply = client.receive();
  EXPECT_EQ(reply->getRequestId(), 7u);
  EXPECT_TRUE(reply->getBody().isStatus()) << describe(reply);
}

// Trickles `frame` a byte every `pause` until the server closes the connection; true if it did before the end.
bool cutOffWhileTrickling(Client& client, const kj::Array<capnp::word>& frame, std::chrono::milliseconds pause) {
  auto bytes = frame.asBytes();
  try {
    for (auto byte : bytes) {
      client.sendRaw(&byte, 1);
      std::this_thread::sleep_for(pause);  // the hostile client's pace, not a wait for the server
    }
  } catch (const std::exception&) {
    return true;  // writing failed: the server had closed the connection
  }
  try {
    Reply reply = client.receive();
    ADD_FAILURE() << "the trickled frame was answered: " << describe(reply);
    return false;
  } catch (const ClientError&) {
    return true;
  }
}

TEST(HostileFramesTest, FramesSlowerThanTheFrameTimeoutAreCutOff) {
  ServerProcess server({"--frame-timeout-seconds", "1"});
  auto frame = requestFrame(server.adminToken(), 1, [](Body body) { body.setStatus(); });
  ASSERT_GT(frame.size() * 8, 40u) << "the trickle must outlast the timeout";
  {
    // A byte every 100 ms: the whole frame would take several seconds.
    Client slow = server.admin();
    EXPECT_TRUE(cutOffWhileTrickling(slow, frame, std::chrono::milliseconds(100)));
  }
  {
    // The first byte of a frame, then nothing: the frame has begun, so its timeout runs.
    Client stalled = server.admin();
    stalled.sendRaw(frame.begin(), 1);
    EXPECT_THROW(stalled.receive(), ClientError) << "a frame stopped after its first byte was not cut off";
  }
  EXPECT_TRUE(eventually([&] { return connectionsSeen(server) == 1; }));
}

}  // namespace
}  // namespace qingling::server::testing
