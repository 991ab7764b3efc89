// Hazard deadlines on the real qinglingd and the simulation clock: a hazard recorded through a capnp-json command
// gets the default ladder against its rectification deadline; each step is recorded once, at the instant it fell
// due, addressed as the agenda says; reporting it rectified stops the steps still to come, and the escalation
// board shows the ones raised. Deterministic: the sim clock only, no sleeps.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/local_date.h"
#include "schemas/json_codec.h"
#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

constexpr int64_t kDay = 86400LL * 1'000'000;
const std::vector<std::string> kSimArgs = {"--clock",      "sim", "--sim-start", "2023-05-20T08:00+08:00",
                                           "--io-threads", "2"};
// The hazard's deadline "2023-05-31" ends at 2023-06-01T00:00+08:00.
const int64_t kDeadline = domain::startOfLocalDay(*domain::LocalDate::parse("2023-06-01"), 8 * 3600);

Reply ok(Reply reply) {
  EXPECT_TRUE(reply->getBody().isAppended()) << describe(reply);
  return reply;
}

// A command whose body is given in capnp-json, as `qingling command` and the drills send it.
Reply jsonCommand(Client& client, const std::string& commandId, const std::string& bodyJson) {
  return command(client, commandId, [&](schema::Command::Body::Builder body) { schema::fromJson(bodyJson, body); });
}

Reply advance(Client& admin, const std::string& by, const std::string& commandId) {
  return command(admin, commandId, [&](schema::Command::Body::Builder b) { b.initAdvanceClock().setBy(by); });
}

struct Raised {
  std::string id, addressee, hazard, stream;
  int64_t recordedAt = 0, dueAt = 0;
  bool late = false;
};

std::vector<Raised> escalations(Client& client) {
  std::vector<Raised> out;
  for (uint64_t from = 1; from != 0;) {
    Reply page = readAll(client, from, 0, "escalationRaised");
    EXPECT_TRUE(page->getBody().isEvents()) << describe(page);
    if (!page->getBody().isEvents()) break;
    for (auto e : page->getBody().getEvents().getEvents()) {
      auto r = e.getPayload().getEscalationRaised();
      EXPECT_TRUE(r.getSubject().isHazard());
      out.push_back(Raised{r.getEscalationId(), r.getAddressee(),
                           r.getSubject().isHazard() ? r.getSubject().getHazard() : "", e.getStreamId(),
                           e.getRecordedAt(), r.getDueAt(), r.getLate()});
    }
    from = page->getBody().getEvents().getNext();
  }
  return out;
}

TEST(HazardEscalationTest, StepsFireAtTheirInstantsUntilTheHazardIsReportedRectified) {
  ServerProcess server(kSimArgs);
  Client admin = server.admin();
  ok(registerUnit(admin, "gov", "qingling", "unit-gov"));
  ok(registerUnit(admin, "town", "gov", "unit-town"));
  ok(jsonCommand(admin, "unit-ent",
                 R"({"registerUnit":{"id":"ent","name":"Ent","kind":"enterprise","parent":"town"}})"));
  ok(registerUser(admin, "officer", "gov", schema::Role::DEPARTMENT));
  Client officer = server.client(issueToken(admin, "officer"));

  ok(jsonCommand(officer, "record-h1", R"({"recordHazard":{"hazardId":"h1","enterprise":"ent",
      "source":"enforcement","grade":"general","category":"消防","description":"安全出口堵塞",
      "deadline":"2023-05-31"}})"));

  // 2023-06-04T08:00: the reminder (deadline - 1 day) and the warning (deadline + 3 days) are due.
  ok(advance(admin, "P15D", "adv-1"));
  auto raised = escalations(admin);
  ASSERT_EQ(raised.size(), 2u);
  EXPECT_EQ(raised[0].id, "hazard:h1#0");
  EXPECT_EQ(raised[0].stream, "escalation-hazard:h1-0");
  EXPECT_EQ(raised[0].hazard, "h1");
  EXPECT_EQ(raised[0].dueAt, kDeadline - kDay);
  EXPECT_EQ(raised[0].addressee, "ent");
  EXPECT_EQ(raised[1].id, "hazard:h1#1");
  EXPECT_EQ(raised[1].dueAt, kDeadline + 3 * kDay);
  EXPECT_EQ(raised[1].addressee, "town");  // the enterprise's head
  for (const auto& r : raised) {
    EXPECT_EQ(r.recordedAt, r.dueAt) << r.id << " recorded at another instant than it fell due";
    EXPECT_FALSE(r.late) << r.id;
  }

  // The board of the officer's unit shows both, as hazard escalations.
  Reply board = officer.call([](Body body) { body.initQuery().getBody().initEscalationBoard(); });
  ASSERT_TRUE(board->getBody().isProjection()) << describe(board);
  auto rows = board->getBody().getProjection().getEscalationBoard().getRows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::string(rows[0].getEscalationId()), "hazard:h1#0");
  EXPECT_EQ(std::string(rows[1].getSubject().getHazard()), "h1");

  // 2023-06-05: reported rectified before the notice (deadline + 7 days) fell due: nothing more is raised.
  ok(advance(admin, "P1D", "adv-2"));
  ok(jsonCommand(officer, "rectified-h1", R"({"reportRectified":{"hazardId":"h1","note":"通道已清理",
      "evidence":[{"uri":"evidence://h1.jpg","sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "note":""}]}})"));
  ok(advance(admin, "P30D", "adv-3"));
  EXPECT_EQ(escalations(admin).size(), 2u);

  // A failed verification brings the skipped steps back at once, recorded at that instant.
  ok(jsonCommand(officer, "verify-h1", R"({"verifyRectification":{"hazardId":"h1","passed":false,
      "note":"通道仍有杂物"}})"));
  ok(advance(admin, "PT1H", "adv-4"));
  raised = escalations(admin);
  ASSERT_EQ(raised.size(), 4u);
  EXPECT_EQ(raised[2].id, "hazard:h1#2");
  EXPECT_EQ(raised[3].id, "hazard:h1#3");
  EXPECT_EQ(raised[2].addressee, "gov") << "the finding unit stands in for the issuer outside campaigns";
  EXPECT_EQ(raised[2].recordedAt, raised[2].dueAt);
  EXPECT_EQ(raised[3].dueAt, raised[2].dueAt);
  EXPECT_GT(raised[2].dueAt, kDeadline + 15 * kDay);
}

}  // namespace
}  // namespace qingling::server::testing
