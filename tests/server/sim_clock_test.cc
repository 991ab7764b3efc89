// The simulation clock over the wire: only admin commands move it, only forwards, it survives a restart, and
// a wall-clock server refuses to be moved.
#include <gtest/gtest.h>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using schema::ErrorCode;

constexpr int64_t kSimStart = 1684540800LL * 1'000'000;  // 2023-05-20T08:00+08:00 in microseconds
constexpr int64_t kDay = 86400LL * 1'000'000;
const std::vector<std::string> kSimArgs = {"--clock", "sim", "--sim-start", "2023-05-20T08:00+08:00"};

int64_t statusNow(Client& client) {
  Reply status = client.call([](Body body) { body.setStatus(); });
  EXPECT_TRUE(status->getBody().isStatus()) << describe(status);
  return status->getBody().getStatus().getNow();
}

Reply advance(Client& client, const std::string& by, const std::string& commandId) {
  return command(client, commandId, [&](schema::Command::Body::Builder body) { body.initAdvanceClock().setBy(by); });
}

Reply setClock(Client& client, int64_t to, const std::string& commandId) {
  return command(client, commandId, [&](schema::Command::Body::Builder body) { body.initSetClock().setTo(to); });
}

TEST(SimClockTest, AdvanceMovesStatusNowByExactlySevenDays) {
  ServerProcess server(kSimArgs);
  Client admin = server.admin();
  Reply status = admin.call([](Body body) { body.setStatus(); });
  ASSERT_TRUE(status->getBody().isStatus());
  EXPECT_EQ(std::string(status->getBody().getStatus().getClockMode().cStr()), "sim");
  EXPECT_EQ(status->getBody().getStatus().getNow(), kSimStart);

  Reply moved = advance(admin, "P7D", "advance-1");
  ASSERT_TRUE(moved->getBody().isAppended()) << describe(moved);
  EXPECT_EQ(statusNow(admin), kSimStart + 7 * kDay);

  // Events appended now are recorded at the simulated instant.
  Reply note = appendNotes(admin, "n", store::ExpectedVersion::anyVersion(), "n-1", {"later"});
  ASSERT_TRUE(note->getBody().isAppended()) << describe(note);
  Reply page = readStream(admin, "n", 1, false);
  ASSERT_EQ(page->getBody().getEvents().getEvents().size(), 1u);
  EXPECT_EQ(page->getBody().getEvents().getEvents()[0].getRecordedAt(), kSimStart + 7 * kDay);

  Reply retry = advance(admin, "P7D", "advance-1");
  ASSERT_TRUE(retry->getBody().isAppended()) << describe(retry);
  EXPECT_TRUE(retry->getBody().getAppended().getDuplicate());
  EXPECT_EQ(statusNow(admin), kSimStart + 7 * kDay) << "a retried advance must not move the clock twice";
}

TEST(SimClockTest, SetToAnEarlierInstantIsRefusedAndChangesNothing) {
  ServerProcess server(kSimArgs);
  Client admin = server.admin();
  ASSERT_TRUE(setClock(admin, kSimStart + kDay, "set-1")->getBody().isAppended());
  const uint64_t before = head(admin).position;
  Reply back = setClock(admin, kSimStart, "set-2");
  EXPECT_TRUE(isError(back, ErrorCode::CLOCK_REFUSED)) << describe(back);
  EXPECT_EQ(statusNow(admin), kSimStart + kDay);
  EXPECT_EQ(head(admin).position, before);

  Reply zero = advance(admin, "PT0S", "advance-0");
  EXPECT_TRUE(isError(zero, ErrorCode::BAD_REQUEST)) << describe(zero);
  EXPECT_EQ(head(admin).position, before);
}

TEST(SimClockTest, OnlyAnAdminMovesTheClock) {
  ServerProcess server(kSimArgs);
  Client admin = server.admin();
  ASSERT_TRUE(registerUser(admin, "li", "qingling", schema::Role::LEADER)->getBody().isAppended());
  Client leader = server.client(issueToken(admin, "li"));
  Reply refused = advance(leader, "P1D", "leader-advance");
  EXPECT_TRUE(isError(refused, ErrorCode::FORBIDDEN)) << describe(refused);
  EXPECT_EQ(statusNow(admin), kSimStart);
}

TEST(SimClockTest, SimulatedTimeSurvivesARestart) {
  ServerProcess server(kSimArgs);
  {
    Client admin = server.admin();
    ASSERT_TRUE(advance(admin, "P30D", "advance-30")->getBody().isAppended());
  }
  ASSERT_EQ(server.stop(), 0);
  server.start();
  Client admin = server.admin();
  EXPECT_EQ(statusNow(admin), kSimStart + 30 * kDay);
}

TEST(SimClockTest, TokensExpireOnTheSimulatedClock) {
  ServerProcess server(kSimArgs);
  Client admin = server.admin();
  ASSERT_TRUE(registerUser(admin, "li", "qingling", schema::Role::LEADER)->getBody().isAppended());
  Reply issued = command(admin, "issue-li", [](schema::Command::Body::Builder body) {
    auto issue = body.initIssueToken();
    issue.setUserId("li");
    issue.setValidFor("P1D");
  });
  ASSERT_TRUE(issued->getBody().isAppended()) << describe(issued);
  Client leader = server.client(issued->getBody().getAppended().getSecret());
  ASSERT_TRUE(leader.call([](Body body) { body.setWhoAmI(); })->getBody().isPrincipal());
  ASSERT_TRUE(advance(admin, "PT23H59M", "almost")->getBody().isAppended());
  EXPECT_TRUE(leader.call([](Body body) { body.setWhoAmI(); })->getBody().isPrincipal());
  ASSERT_TRUE(advance(admin, "PT1M", "expired")->getBody().isAppended());
  Reply refused = leader.call([](Body body) { body.setWhoAmI(); });
  EXPECT_TRUE(isError(refused, ErrorCode::UNAUTHENTICATED)) << describe(refused);
}

TEST(SimClockTest, WallClockServerRefusesClockCommands) {
  ServerProcess server;
  Client admin = server.admin();
  const uint64_t before = head(admin).position;
  Reply status = admin.call([](Body body) { body.setStatus(); });
  EXPECT_EQ(std::string(status->getBody().getStatus().getClockMode().cStr()), "wall");
  Reply advanced = advance(admin, "P7D", "advance-wall");
  EXPECT_TRUE(isError(advanced, ErrorCode::CLOCK_REFUSED)) << describe(advanced);
  Reply set = setClock(admin, kSimStart * 2, "set-wall");
  EXPECT_TRUE(isError(set, ErrorCode::CLOCK_REFUSED)) << describe(set);
  EXPECT_EQ(head(admin).position, before);
}

}  // namespace
}  // namespace qingling::server::testing
