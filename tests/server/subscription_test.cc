// Subscriptions (catch up, then live) and pipelined requests on one connection.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using store::ExpectedVersion;
using ::testing::ElementsAre;

uint64_t subscribe(Client& client, uint64_t from, const std::string& eventType = {}) {
  return client.send([&](Body body) {
    auto s = body.initSubscribe();
    s.setFromPosition(from);
    s.setEventType(eventType);
  });
}

// Receives the subscription's pages up to and including the one that announces it is live; returns the
// positions of every event they carried.
std::vector<uint64_t> catchUp(Client& client, uint64_t id) {
  std::vector<uint64_t> seen;
  for (;;) {
    Reply page = client.receive();
    EXPECT_EQ(page->getRequestId(), id);
    if (!page->getBody().isEvents()) {
      ADD_FAILURE() << describe(page);
      return seen;
    }
    for (uint64_t p : positions(page)) seen.push_back(p);
    if (page->getBody().getEvents().getLive()) return seen;
  }
}

uint32_t connections(Client& client) {
  Reply status = client.call([](Body body) { body.setStatus(); });
  return status->getBody().getStatus().getConnections();
}

// The server's count of open connections once it reaches `expected`, or its last value after a bounded number of
// status round trips (no sleeping). Closes travel asynchronously: the subscriber's hang-up, and also the
// readiness probe's connection that ServerProcess opens and closes at start.
uint32_t connectionsSettlingAt(Client& client, uint32_t expected) {
  uint32_t open = connections(client);
  for (int attempt = 0; attempt < 10000 && open != expected; ++attempt) open = connections(client);
  return open;
}

// A subscriber that hangs up while its filter matches nothing must not keep its connection slot until some
// matching event arrives: the server closes the session when the peer goes.
TEST(SubscribeRequestTest, HangingUpEndsAParkedSubscription) {
  ServerProcess server;
  Client observer = server.admin();
  {
    Client subscriber = server.admin();
    uint64_t id = subscribe(subscriber, 1, "hazardRecorded");
    Reply live = subscriber.receive();
    ASSERT_EQ(live->getRequestId(), id);
    ASSERT_TRUE(live->getBody().getEvents().getLive());
    EXPECT_EQ(connectionsSettlingAt(observer, 2), 2u);
  }
  EXPECT_EQ(connectionsSettlingAt(observer, 1), 1u);
}

TEST(SubscribeRequestTest, CatchesUpThenReceivesWhatAnotherClientAppends) {
  ServerProcess server;
  Client writer = server.admin();
  ASSERT_TRUE(appendNotes(writer, "n", ExpectedVersion::anyVersion(), "n-1", {"before"})->getBody().isAppended());
  const uint64_t last = head(writer).position;

  Client reader = server.admin();
  uint64_t id = subscribe(reader, 2);
  std::vector<uint64_t> caught = catchUp(reader, id);
  std::vector<uint64_t> expected;
  for (uint64_t p = 2; p <= last; ++p) expected.push_back(p);
  EXPECT_EQ(caught, expected);

  Reply appended = appendNotes(writer, "n", ExpectedVersion::exact(1), "n-2", {"live one", "live two"});
  ASSERT_TRUE(appended->getBody().isAppended()) << describe(appended);
  Reply live = reader.receive();
  EXPECT_EQ(live->getRequestId(), id);
  ASSERT_TRUE(live->getBody().isEvents()) << describe(live);
  EXPECT_TRUE(live->getBody().getEvents().getLive());
  EXPECT_THAT(noteTexts(live), ElementsAre("live one", "live two"));
  EXPECT_THAT(positions(live), ElementsAre(last + 1, last + 2));
  EXPECT_EQ(live->getBody().getEvents().getNext(), last + 3);
}

TEST(SubscribeRequestTest, FilteredSubscriptionSkipsOtherEventTypes) {
  ServerProcess server;
  Client writer = server.admin();
  Client reader = server.admin();
  uint64_t id = subscribe(reader, 1, "note");
  EXPECT_THAT(catchUp(reader, id), ElementsAre());

  ASSERT_TRUE(registerUnit(writer, "zy", "qingling", "unit-zy")->getBody().isAppended());
  Reply note = appendNotes(writer, "n", ExpectedVersion::anyVersion(), "n-1", {"only me"});
  ASSERT_TRUE(note->getBody().isAppended()) << describe(note);
  Reply live = reader.receive();
  ASSERT_TRUE(live->getBody().isEvents()) << describe(live);
  EXPECT_THAT(noteTexts(live), ElementsAre("only me"));
  EXPECT_THAT(positions(live), ElementsAre(note->getBody().getAppended().getFirstPosition()));
}

TEST(SubscribeRequestTest, SubscriptionToAnUnknownEventTypeIsABadRequest) {
  ServerProcess server;
  Client reader = server.admin();
  uint64_t id = subscribe(reader, 1, "noSuchEvent");
  Reply reply = reader.receive();
  EXPECT_EQ(reply->getRequestId(), id);
  EXPECT_TRUE(isError(reply, schema::ErrorCode::BAD_REQUEST)) << describe(reply);
}

TEST(PipeliningTest, TwentyRequestsSentAtOnceAreAllAnswered) {
  ServerProcess server;
  Client client = server.admin();
  std::map<uint64_t, int> kinds;  // request id -> which request of the loop below
  for (int i = 0; i < 20; ++i) {
    uint64_t id = client.send([&](Body body) {
      switch (i % 4) {
        case 0:
          body.setStatus();
          break;
        case 1:
          body.setWhoAmI();
          break;
        case 2:
          fillNotes(body, "p-" + std::to_string(i), ExpectedVersion::noStream(), "p-" + std::to_string(i), {"x"});
          break;
        case 3:
          body.initReadAll().setFromPosition(1);
          break;
      }
    });
    kinds[id] = i % 4;
  }
  ASSERT_EQ(kinds.size(), 20u);
  std::set<uint64_t> answered;
  for (int i = 0; i < 20; ++i) {
    Reply reply = client.receive();
    const uint64_t id = reply->getRequestId();
    ASSERT_TRUE(kinds.count(id)) << "an answer to request " << id << ", which was not sent";
    EXPECT_TRUE(answered.insert(id).second) << "request " << id << " answered twice";
    auto body = reply->getBody();
    switch (kinds[id]) {
      case 0:
        EXPECT_TRUE(body.isStatus()) << describe(reply);
        break;
      case 1:
        EXPECT_TRUE(body.isPrincipal()) << describe(reply);
        break;
      case 2:
        EXPECT_TRUE(body.isAppended()) << describe(reply);
        break;
      case 3:
        EXPECT_TRUE(body.isEvents()) << describe(reply);
        break;
    }
  }
  EXPECT_EQ(answered.size(), 20u);
  // Five appends of one event each on top of the three bootstrap events.
  EXPECT_EQ(head(client).position, 8u);
}

}  // namespace
}  // namespace qingling::server::testing
