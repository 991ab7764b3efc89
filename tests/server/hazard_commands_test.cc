// The commands of issue 4's second part through the real qinglingd on loopback and the simulation clock: the
// suspension path of a listed hazard (assess, apply for resumption, review), a hazard's extension, a tip's
// extension and feedback, a countable fact, an escalation's acknowledgement. Each family succeeds once; refusals
// come back with their error code and the log's head does not move.
#include <capnp/dynamic.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/escalation_ack.h"
#include "domain/local_date.h"
#include "schemas/json_codec.h"
#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using schema::ErrorCode;

const std::vector<std::string> kSimArgs = {"--clock",      "sim", "--sim-start", "2023-05-20T08:00+08:00",
                                           "--io-threads", "2"};
const char* const kEvidence =
    R"([{"uri":"evidence://photo.jpg","sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}])";

Reply ok(Reply reply) {
  EXPECT_TRUE(reply->getBody().isAppended()) << describe(reply);
  return reply;
}

// A command whose body is given in capnp-json, as `qingling command` and the drills send it.
Reply json(Client& client, const std::string& commandId, const std::string& bodyJson) {
  return command(client, commandId, [&](schema::Command::Body::Builder body) { schema::fromJson(bodyJson, body); });
}

// The payload kind of every event of `stream`, in order.
std::vector<std::string> payloadsOf(Client& client, const std::string& stream) {
  std::vector<std::string> out;
  Reply page = readStream(client, stream, 1, false);
  EXPECT_TRUE(page->getBody().isEvents()) << describe(page);
  if (!page->getBody().isEvents()) return out;
  for (auto e : page->getBody().getEvents().getEvents()) {
    out.emplace_back("?");
    KJ_IF_MAYBE (field, capnp::toDynamic(e.getPayload()).which()) {
      out.back() = field->getProto().getName().cStr();
    }
  }
  return out;
}

class HazardCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ok(registerUnit(admin_, "city", "qingling", "unit-city"));
    ok(registerUnit(admin_, "county", "city", "unit-county"));
    ok(json(admin_, "unit-ent", R"({"registerUnit":{"id":"ent","name":"Ent","kind":"enterprise","parent":"county"}})"));
    ok(json(admin_, "unit-ent2",
            R"({"registerUnit":{"id":"ent2","name":"Ent2","kind":"enterprise","parent":"county"}})"));
    ok(registerUser(admin_, "li", "city", schema::Role::LEADER));
    ok(registerUser(admin_, "wang", "county", schema::Role::DEPARTMENT));
    ok(registerUser(admin_, "qiye", "ent", schema::Role::ENTERPRISE));
    ok(registerUser(admin_, "qiye2", "ent2", schema::Role::ENTERPRISE));
    ok(registerUser(admin_, "he", "county", schema::Role::TIP_OFFICER));
  }

  Client as(const std::string& user) { return server_.client(issueToken(admin_, user)); }

  // Expects `reply` to be the error `code` and the log's head not to have moved from `before`.
  void refusedWith(const Reply& reply, ErrorCode code, uint64_t before) {
    EXPECT_TRUE(isError(reply, code)) << describe(reply);
    EXPECT_EQ(head(admin_).position, before) << "a refused command appended events";
  }

  ServerProcess server_{kSimArgs};
  Client admin_ = server_.admin();
};

TEST_F(HazardCommandsTest, SuspendedHazardIsAssessedAppliedForAndReviewed) {
  Client leader = as("li"), dept = as("wang"), ent = as("qiye");
  ok(json(dept, "record-h1", R"({"recordHazard":{"hazardId":"h1","enterprise":"ent","source":"enforcement",
      "grade":"major","criterion":{"otherRegime":true},"description":"有限空间未检测","deadline":"2023-06-30"}})"));
  ok(json(leader, "list-h1", R"({"listHazard":{"hazardId":"h1","deadline":"2023-07-31","suspension":true}})"));
  ok(json(ent, "plan-h1", R"({"planRectification":{"hazardId":"h1","responsible":"张三","measures":"加装检测仪",
      "deadline":"2023-07-15","contingencyPlan":"停止作业"}})"));
  ok(json(ent, "rectified-h1", std::string(R"({"reportRectified":{"hazardId":"h1","evidence":)") + kEvidence + "}}"));

  uint64_t before = head(admin_).position;
  refusedWith(json(dept, "verify-h1", R"({"verifyRectification":{"hazardId":"h1","passed":true}})"),
              ErrorCode::REJECTED, before);  // no bypass of the resumption review
  refusedWith(json(ent, "apply-early", R"({"applyResumption":{"hazardId":"h1"}})"), ErrorCode::REJECTED, before);
  refusedWith(json(ent, "assess-anon", R"({"assessHazard":{"hazardId":"h1","passed":true}})"), ErrorCode::BAD_REQUEST,
              before);  // no assessor named

  ok(json(ent, "assess-h1", R"({"assessHazard":{"hazardId":"h1","assessor":"市安科院","passed":true}})"));
  before = head(admin_).position;
  refusedWith(json(dept, "apply-dept", R"({"applyResumption":{"hazardId":"h1"}})"), ErrorCode::FORBIDDEN, before);
  ok(json(ent, "apply-h1", R"({"applyResumption":{"hazardId":"h1","note":"申请复产"}})"));
  before = head(admin_).position;
  refusedWith(json(ent, "review-self", R"({"reviewResumption":{"hazardId":"h1","passed":true}})"), ErrorCode::FORBIDDEN,
              before);
  ok(json(leader, "review-h1", R"({"reviewResumption":{"hazardId":"h1","passed":true}})"));
  ok(json(leader, "delist-h1", R"({"delistHazard":{"hazardId":"h1","note":"摘牌"}})"));
  ok(json(leader, "close-h1", R"({"closeHazard":{"hazardId":"h1","note":"销号"}})"));

  auto events = payloadsOf(admin_, "hazard-h1");
  ASSERT_GE(events.size(), 9u);
  EXPECT_EQ(events[4], "hazardAssessed");
  EXPECT_EQ(events[5], "resumptionApplied");
  EXPECT_EQ(events[6], "resumptionReviewed");
  EXPECT_EQ(events.back(), "hazardClosed");
}

TEST_F(HazardCommandsTest, AHazardDeadlineIsExtendedAndTheLedgerShowsIt) {
  Client dept = as("wang"), ent = as("qiye"), ent2 = as("qiye2");
  ok(json(dept, "record-h2", R"({"recordHazard":{"hazardId":"h2","enterprise":"ent","source":"enforcement",
      "grade":"general","description":"灭火器过期","deadline":"2023-06-30"}})"));
  uint64_t before = head(admin_).position;
  refusedWith(json(ent2, "ask-other", R"({"requestExtension":{"subject":{"hazard":"h2"},"deadline":"2023-07-15",
      "reason":"采购"}})"),
              ErrorCode::FORBIDDEN, before);
  refusedWith(json(ent, "ask-tip", R"({"requestExtension":{"subject":{"tip":"t1"},"deadline":"2023-07-15",
      "reason":"采购"}})"),
              ErrorCode::BAD_REQUEST, before);
  ok(json(ent, "ask-h2", R"({"requestExtension":{"subject":{"hazard":"h2"},"deadline":"2023-07-15",
      "reason":"灭火器采购周期"}})"));
  before = head(admin_).position;
  refusedWith(json(ent, "ask-again", R"({"requestExtension":{"subject":{"hazard":"h2"},"deadline":"2023-07-20",
      "reason":"再延"}})"),
              ErrorCode::REJECTED, before);  // one request pending
  refusedWith(json(ent, "grant-self", R"({"decideExtension":{"subject":{"hazard":"h2"},"approved":true}})"),
              ErrorCode::FORBIDDEN, before);
  Reply granted = ok(json(dept, "grant-h2", R"({"decideExtension":{"subject":{"hazard":"h2"},"approved":true}})"));
  EXPECT_EQ(std::string(granted->getBody().getAppended().getStreamId().cStr()), "hazard-h2");

  Reply ledger = dept.call([](Body body) { body.initQuery().getBody().initHazardLedger(); });
  ASSERT_TRUE(ledger->getBody().isProjection()) << describe(ledger);
  auto rows = ledger->getBody().getProjection().getHazardLedger().getRows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].getDeadlineAt(), domain::endOfLocalDay(*domain::LocalDate::parse("2023-07-15"), 8 * 3600));
  EXPECT_EQ(rows[0].getExtensions(), 1u);
  EXPECT_FALSE(rows[0].getExtensionPending());
}

TEST_F(HazardCommandsTest, ATipIsExtendedOnceAndAnswered) {
  Client officer = as("he"), leader = as("li");
  ok(json(officer, "tip-t1", R"({"receiveTip":{"tipId":"t1","enterprise":"ent","content":"夜间动火",
      "anonymous":true}})"));
  ok(json(leader, "extend-t1", R"({"extendTipVerification":{"tipId":"t1","by":"P30D","reason":"需调取监控"}})"));
  uint64_t before = head(admin_).position;
  refusedWith(json(leader, "extend-again", R"({"extendTipVerification":{"tipId":"t1","by":"P1D","reason":"再延"}})"),
              ErrorCode::REJECTED, before);
  ok(json(officer, "verify-t1", R"({"verifyTip":{"tipId":"t1","substantiated":false,"note":"未发现动火痕迹"}})"));
  before = head(admin_).position;
  refusedWith(json(officer, "reward-t1", R"({"rewardTip":{"tipId":"t1","amountFen":300000}})"), ErrorCode::REJECTED,
              before);  // unfounded
  refusedWith(json(leader, "feedback-leader", R"({"giveTipFeedback":{"tipId":"t1","note":"经核查不属实"}})"),
              ErrorCode::FORBIDDEN, before);
  ok(json(officer, "feedback-t1", R"({"giveTipFeedback":{"tipId":"t1","note":"经核查不属实"}})"));
  auto events = payloadsOf(admin_, "tip-t1");
  EXPECT_EQ(events,
            (std::vector<std::string>{"tipReceived", "tipVerificationExtended", "tipVerified", "tipFeedbackGiven"}));
}

TEST_F(HazardCommandsTest, FactsAndEscalationAcknowledgements) {
  Client dept = as("wang"), ent = as("qiye"), ent2 = as("qiye2"), leader = as("li");
  Reply fact = ok(json(dept, "fact-1", R"({"recordFact":{"unit":"ent","kind":"training","title":"全员安全培训"}})"));
  EXPECT_EQ(std::string(fact->getBody().getAppended().getStreamId().cStr()), "facts-ent");
  uint64_t before = head(admin_).position;
  refusedWith(json(ent, "fact-up", R"({"recordFact":{"unit":"county","kind":"meeting","title":"会议"}})"),
              ErrorCode::FORBIDDEN, before);
  refusedWith(json(dept, "fact-campaign", R"({"recordFact":{"unit":"ent","campaignId":"nope","kind":"drill",
      "title":"演练"}})"),
              ErrorCode::NOT_FOUND, before);
  refusedWith(json(dept, "ack-none", R"({"acknowledgeEscalation":{"escalationId":"nothing#0"}})"), ErrorCode::NOT_FOUND,
              before);

  // A hazard due 2023-05-25: its first escalation step falls due within the five days the clock advances.
  ok(json(dept, "record-h3", R"({"recordHazard":{"hazardId":"h3","enterprise":"ent","source":"enforcement",
      "grade":"general","description":"配电箱未接地","deadline":"2023-05-25"}})"));
  ok(command(admin_, "adv-5d", [](schema::Command::Body::Builder b) { b.initAdvanceClock().setBy("P5D"); }));
  Reply raised = readAll(admin_, 1, 0, "escalationRaised");
  ASSERT_TRUE(raised->getBody().isEvents()) << describe(raised);
  auto page = raised->getBody().getEvents().getEvents();
  ASSERT_GE(page.size(), 1u) << "no escalation was raised to acknowledge";
  std::string id = page[0].getPayload().getEscalationRaised().getEscalationId();
  std::string stream = page[0].getStreamId();
  EXPECT_EQ(domain::escalationStream(id), stream) << "one stream naming for raising and acknowledging";

  const std::string ack = R"({"acknowledgeEscalation":{"escalationId":")" + id + R"(","note":"已收到"}})";
  before = head(admin_).position;
  refusedWith(json(ent2, "ack-other", ack), ErrorCode::FORBIDDEN, before);
  Reply acked = ok(json(leader, "ack-1", ack));  // the city is above every addressee here
  EXPECT_EQ(std::string(acked->getBody().getAppended().getStreamId().cStr()), stream);
  before = head(admin_).position;
  refusedWith(json(leader, "ack-2", ack), ErrorCode::REJECTED, before);  // once
}

}  // namespace
}  // namespace qingling::server::testing
