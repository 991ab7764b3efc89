// Hostile or greedy clients: oversized frames, garbage segment tables, malformed bodies, stalled frames and
// too many requests in flight. Each is answered (or cut off) without harming the server or other connections.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using schema::ErrorCode;
using store::ExpectedVersion;

// Sends a bare segment table: `segmentsMinusOne`, then the first segment's size in words.
void sendTable(Client& client, uint32_t segmentsMinusOne, uint32_t firstSegmentWords) {
  uint32_t table[2] = {segmentsMinusOne, firstSegmentWords};
  client.sendRaw(table, sizeof table);
}

void expectClosed(Client& client) {
  EXPECT_THROW(client.receive(), ClientError) << "the server should have closed the connection";
}

void expectServing(const ServerProcess& server) {
  Client fresh = server.admin();
  Reply status = fresh.call([](Body body) { body.setStatus(); });
  EXPECT_TRUE(status->getBody().isStatus()) << describe(status);
}

TEST(LimitsTest, FrameWhoseTableClaimsTooManyBytesIsRefusedAndTheConnectionClosed) {
  ServerProcess server({"--max-frame-bytes", "4096"});
  Client client = server.admin();
  sendTable(client, 0, 1000);  // 8 + 8000 bytes claimed, the body never sent
  Reply reply = client.receive();
  EXPECT_EQ(reply->getRequestId(), 0u);
  EXPECT_TRUE(isError(reply, ErrorCode::FRAME_TOO_LARGE)) << describe(reply);
  expectClosed(client);
  expectServing(server);
}

TEST(LimitsTest, RequestLargerThanTheLimitIsRefusedAndSmallerOnesServed) {
  ServerProcess server({"--max-frame-bytes", "4096"});
  Client client = server.admin();
  Reply small = appendNotes(client, "n", ExpectedVersion::anyVersion(), "small", {std::string(1000, 's')});
  EXPECT_TRUE(small->getBody().isAppended()) << describe(small);
  const uint64_t before = head(client).position;
  Reply big = appendNotes(client, "n", ExpectedVersion::anyVersion(), "big", {std::string(5000, 'b')});
  EXPECT_TRUE(isError(big, ErrorCode::FRAME_TOO_LARGE)) << describe(big);
  expectClosed(client);
  Client fresh = server.admin();
  EXPECT_EQ(head(fresh).position, before);
}

TEST(LimitsTest, GarbageSegmentCountIsRefusedAndTheServerServesNewConnections) {
  ServerProcess server;
  Client client = server.admin();
  sendTable(client, 0xffffffff, 0xffffffff);
  Reply reply = client.receive();
  EXPECT_EQ(reply->getRequestId(), 0u);
  EXPECT_TRUE(isError(reply, ErrorCode::BAD_REQUEST)) << describe(reply);
  expectClosed(client);
  expectServing(server);
}

TEST(LimitsTest, EmptyFirstSegmentIsRefused) {
  ServerProcess server;
  Client client = server.admin();
  sendTable(client, 0, 0);
  Reply reply = client.receive();
  EXPECT_TRUE(isError(reply, ErrorCode::BAD_REQUEST)) << describe(reply);
  expectClosed(client);
  expectServing(server);
}

TEST(LimitsTest, WellFramedGarbageIsABadRequestAndTheConnectionStaysUsable) {
  ServerProcess server;
  Client client = server.admin();
  uint32_t frame[4] = {0, 1, 0xffffffff, 0xffffffff};  // one word whose root pointer points nowhere valid
  client.sendRaw(frame, sizeof frame);
  Reply reply = client.receive();
  EXPECT_TRUE(isError(reply, ErrorCode::BAD_REQUEST)) << describe(reply);
  Reply status = client.call([](Body body) { body.setStatus(); });
  EXPECT_TRUE(status->getBody().isStatus()) << describe(status);
}

TEST(LimitsTest, FrameThatStopsHalfwayIsCutOffAtTheFrameTimeout) {
  ServerProcess server({"--frame-timeout-seconds", "1"});
  Client client = server.admin();
  sendTable(client, 0, 4);  // promises 32 bytes of body, sends none
  expectClosed(client);     // the server gives up after the timeout; no sleeping here, receive() blocks
  expectServing(server);
}

TEST(LimitsTest, RequestBeyondMaxInFlightIsRefusedWhileSubscriptionsHoldTheSlots) {
  ServerProcess server({"--max-in-flight", "2"});
  Client client = server.admin();
  std::vector<uint64_t> subscriptions;
  for (int i = 0; i < 2; ++i) {
    uint64_t id = client.send([](Body body) { body.initSubscribe().setFromPosition(1); });
    subscriptions.push_back(id);
    for (;;) {  // a subscription holds its slot from its first answer on; wait for it to be live
      Reply page = client.receive();
      ASSERT_EQ(page->getRequestId(), id);
      ASSERT_TRUE(page->getBody().isEvents()) << describe(page);
      if (page->getBody().getEvents().getLive()) break;
    }
  }
  uint64_t third = client.send([](Body body) { body.setStatus(); });
  Reply refused = client.receive();
  EXPECT_EQ(refused->getRequestId(), third);
  EXPECT_TRUE(isError(refused, ErrorCode::TOO_MANY_IN_FLIGHT)) << describe(refused);

  // Both subscriptions still work: one append reaches each of them.
  Client writer = server.admin();
  ASSERT_TRUE(appendNotes(writer, "n", ExpectedVersion::anyVersion(), "n-1", {"x"})->getBody().isAppended());
  std::set<uint64_t> reached;
  for (int i = 0; i < 2; ++i) {
    Reply page = client.receive();
    ASSERT_TRUE(page->getBody().isEvents()) << describe(page);
    EXPECT_THAT(noteTexts(page), ::testing::ElementsAre("x"));
    reached.insert(page->getRequestId());
  }
  EXPECT_EQ(reached, std::set<uint64_t>(subscriptions.begin(), subscriptions.end()));
}

}  // namespace
}  // namespace qingling::server::testing
