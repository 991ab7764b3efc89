// ops/drills/jc-2022-three-battles.jsonl against a real qinglingd: every figure below is derived from the plan
// (ops/plans/jc-2022-three-battles.json) and the drill, with the reasoning next to it.
//
// The plan: 20 tasks, none tied to a phase, dispatched from 印发 (2022-06-23 09:00). Groups fan out: jc-enterprises
// to jc-ex-minbao, jc-ex-park-chem and (through the group jc-groups) the corporation jc-ex-group, which counts as
// one member; jc-groups to jc-ex-group; jc-sections to jc-cyc, jc-jjjc, jc-jthg. At issue: T01 (June) ×3, T02 (ISO
// week 06-20..06-26) ×3, T03 (Q2) ×1, T04 T06 ×1, T05 ×2, T07 (June) ×3, T08-T17 ×10, T18 T19 ×1, T20 ×3 = 29.
// Then T02 every Monday (06-27, 07-04, 07-11) ×3, and on 07-01 T01 ×3, T03 (Q3) ×1, T07 ×3. The drill adds T21
// (phase mobilize, 泽州 and 阳城, due 06-30; dispatched when mobilize starts, 06-23 09:30) and T22 (phase battle,
// 泽州, due 07-31; dispatched when battle starts, 07-11 09:30): 29 + 2 + 9 + 7 + 1 = 48 top-level dispatches by the
// end (2022-07-16 12:00), plus T22's child for 巴公镇. The plan has no escalation ladder: the default one.
#include <gtest/gtest.h>

#include "tests/scenario/scenario_support.h"

namespace qingling::server::testing {
namespace {

using A = schema::EscalationAction;
using S = schema::DispatchStatus;

const std::string kCampaign = "jc-2022-three-battles";
std::string dispatch(const std::string& task, const std::string& unit, int occurrence = 1) {
  return kCampaign + "." + task + "." + unit + "." + std::to_string(occurrence);
}
const std::string kChild = dispatch("T22", "jc-zezhou") + "/jc-zezhou-bagong";

// Heads skip groups (jc-enterprises, jc-groups, jc-sections): every plan assignee's head is jc-gxj. Only the
// counties are covered by a duty (包联); 阳城县 by jc-deputy-yangcheng. Nobody covering: the issuer.
Addressees unitOfTheBureau(const std::string& unit) { return {unit, "jc-gxj", "jc-gxj", "jc-gxj"}; }
const Addressees kYangcheng{"jc-yangcheng", "jc-gxj", "jc-gxj", "jc-deputy-yangcheng"};

class JcDrill : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { scenario_ = new DrillScenario("jc-2022-three-battles.jsonl"); }
  static void TearDownTestSuite() {
    delete scenario_;
    scenario_ = nullptr;
  }
  static DrillScenario* scenario_;
};
DrillScenario* JcDrill::scenario_ = nullptr;

TEST_F(JcDrill, RunsToTheEndAsWritten) {
  const DrillResult& r = scenario_->result();
  ASSERT_TRUE(r.ok()) << r.failures[0].message << "\n" << scenario_->server().serverOutput();
  EXPECT_EQ(r.linesRun, 49u);          // every non-comment line
  EXPECT_EQ(r.refusedAsExpected, 3u);  // wrong role, outside reach, complete before acknowledge
  EXPECT_EQ(r.commandsOk, 44u);        // 49 lines - 2 clock advances - 3 refusals
  ASSERT_EQ(r.campaigns.size(), 1u);
  EXPECT_EQ(r.campaigns[0].id, kCampaign);
  EXPECT_EQ(r.campaigns[0].issuer, "jc-gxj");
  EXPECT_EQ(r.campaigns[0].importedBy, "liu");
}

// As of the end (2022-07-16 12:00). Acknowledged: T01.minbao.1, T02.minbao.1 and .2, T04, T07.cyc.1, T18,
// T21.zezhou, T22 — 8, all completed; accepted: T04, T07.cyc.1, T18, T21.zezhou, T22 — 5. Overdue (deadline
// passed, not done): T01.1 of group and park-chem; T02 weeks 1-3 of group and park-chem and week 3 of minbao (due
// 07-10); T03 Q2; T07.1 of jjjc and jthg; T21.yangcheng — 13. T02 week 4 is due 07-17, the July work 07-31.
TEST_F(JcDrill, CampaignProgressAtTheEnd) {
  ASSERT_TRUE(scenario_->result().ok());
  Reply reply = scenario_->progress("liu", kCampaign);
  auto p = reply->getBody().getProjection().getCampaignProgress();
  EXPECT_EQ(std::string(p.getStatus().cStr()), "issued");
  EXPECT_EQ(countsOf(p.getTotal()), (Counts{48, 8, 8, 5, 13}));

  EXPECT_EQ(phaseStatus(p, "mobilize"), "closed");
  EXPECT_EQ(phaseCounts(p, "mobilize"), (Counts{2, 1, 1, 1, 1}));  // T21: 泽州 accepted, 阳城 silent
  EXPECT_EQ(phaseStatus(p, "battle"), "active");
  EXPECT_EQ(phaseCounts(p, "battle"), (Counts{1, 1, 1, 1, 0}));  // T22, its child not counted again
  EXPECT_EQ(phaseStatus(p, "upgrade"), "pending");
  EXPECT_EQ(phaseCounts(p, "upgrade"), (Counts{0, 0, 0, 0, 0}));
  EXPECT_EQ(phaseStatus(p, "summary"), "pending");

  EXPECT_EQ(taskCounts(p, "T01"), (Counts{6, 1, 1, 0, 2}));   // June + July × 3; minbao's June done late
  EXPECT_EQ(taskCounts(p, "T02"), (Counts{12, 2, 2, 0, 7}));  // 4 weeks × 3; minbao did weeks 1 and 2
  EXPECT_EQ(taskCounts(p, "T03"), (Counts{2, 0, 0, 0, 1}));   // Q2 and Q3 for jc-ex-group
  EXPECT_EQ(taskCounts(p, "T04"), (Counts{1, 1, 1, 1, 0}));   // returned once, then accepted
  EXPECT_EQ(taskCounts(p, "T05"), (Counts{2, 0, 0, 0, 0}));   // due 11-30
  EXPECT_EQ(taskCounts(p, "T06"), (Counts{1, 0, 0, 0, 0}));   // the refused completion changed nothing
  EXPECT_EQ(taskCounts(p, "T07"), (Counts{6, 1, 1, 1, 2}));   // June + July × 3 sections
  EXPECT_EQ(taskCounts(p, "T12"), (Counts{1, 0, 0, 0, 0}));   // continuous: never overdue
  EXPECT_EQ(taskCounts(p, "T18"), (Counts{1, 1, 1, 1, 0}));   // acknowledged and completed late, accepted
  EXPECT_EQ(taskCounts(p, "T20"), (Counts{3, 0, 0, 0, 0}));
  EXPECT_EQ(taskCounts(p, "T21"), (Counts{2, 1, 1, 1, 1}));
  EXPECT_EQ(taskCounts(p, "T22"), (Counts{1, 1, 1, 1, 0}));

  EXPECT_EQ(unitCounts(p, "jc-ex-group"), (Counts{8, 0, 0, 0, 5}));   // T01 ×2, T02 ×4, T03 ×2
  EXPECT_EQ(unitCounts(p, "jc-ex-minbao"), (Counts{6, 3, 3, 0, 1}));  // T01 ×2, T02 ×4
  EXPECT_EQ(unitCounts(p, "jc-ex-park-chem"), (Counts{6, 0, 0, 0, 4}));
  EXPECT_EQ(unitCounts(p, "jc-cyc"), (Counts{9, 2, 2, 2, 0}));    // T04 T06 T07×2 T08-T11 T20
  EXPECT_EQ(unitCounts(p, "jc-jjjc"), (Counts{10, 1, 1, 1, 1}));  // T05 T07×2 T12-T15 T18 T19 T20
  EXPECT_EQ(unitCounts(p, "jc-jthg"), (Counts{6, 0, 0, 0, 1}));   // T05 T07×2 T16 T17 T20
  EXPECT_EQ(unitCounts(p, "jc-zezhou"), (Counts{2, 2, 2, 2, 0}));
  EXPECT_EQ(unitCounts(p, "jc-yangcheng"), (Counts{1, 0, 0, 0, 1}));
  EXPECT_EQ(p.getUnits().size(), 8u);  // 巴公镇 has only a delegated child
}

// Every default-ladder step due by 07-16 12:00 (remind due-1D, warn +3D, notify +7D, summon +15D, counted from
// midnight after the due date) for work not done by then. No dispatch was returned, so each step fell due at its
// own instant.
std::vector<Escalation> expectedEscalations() {
  std::vector<Escalation> out;
  auto add = [&out](std::vector<Escalation> rows) { out.insert(out.end(), rows.begin(), rows.end()); };
  for (const char* unit : {"jc-ex-group", "jc-ex-park-chem"}) {
    add(ladder(dispatch("T02", unit, 1), "2022-06-26", 4, unitOfTheBureau(unit)));  // summon 07-12
    add(ladder(dispatch("T01", unit, 1), "2022-06-30", 4, unitOfTheBureau(unit)));  // summon 07-16 00:00
    add(ladder(dispatch("T02", unit, 2), "2022-07-03", 3, unitOfTheBureau(unit)));  // notify 07-11
  }
  for (const char* unit : {"jc-ex-group", "jc-ex-park-chem", "jc-ex-minbao"}) {
    add(ladder(dispatch("T02", unit, 3), "2022-07-10", 2, unitOfTheBureau(unit)));  // warn 07-14
  }
  // minbao did T02 weeks 1 and 2 on time; its June T01 only on 07-05, after remind (06-30) and warn (07-04).
  add(ladder(dispatch("T01", "jc-ex-minbao", 1), "2022-06-30", 2, unitOfTheBureau("jc-ex-minbao")));
  add(ladder(dispatch("T03", "jc-ex-group", 1), "2022-06-30", 4, unitOfTheBureau("jc-ex-group")));
  // T07.cyc.1 was completed on 06-29, before its reminder.
  add(ladder(dispatch("T07", "jc-jjjc", 1), "2022-06-30", 4, unitOfTheBureau("jc-jjjc")));
  add(ladder(dispatch("T07", "jc-jthg", 1), "2022-06-30", 4, unitOfTheBureau("jc-jthg")));
  // T18 acknowledged 07-02 (acknowledging does not stop the ladder), completed 07-05: remind and warn only.
  add(ladder(dispatch("T18", "jc-jjjc", 1), "2022-06-30", 2, unitOfTheBureau("jc-jjjc")));
  // 泽州 completed T21 on 06-29; 阳城 never answered: the summons goes to its covering leader.
  add(ladder(dispatch("T21", "jc-yangcheng", 1), "2022-06-30", 4, kYangcheng));
  return sortedById(out);  // 2×(4+4+3) + 3×2 + 2 + 4 + 4 + 4 + 2 + 4 = 48
}

TEST_F(JcDrill, EscalationBoardAtTheEnd) {
  ASSERT_TRUE(scenario_->result().ok());
  Reply reply = scenario_->board("liu", kCampaign);
  auto board = reply->getBody().getProjection().getEscalationBoard();
  std::vector<Escalation> expected = expectedEscalations();
  ASSERT_EQ(expected.size(), 48u);
  EXPECT_EQ(boardRows(board), expected);
  EXPECT_EQ(boardLevels(board), (std::vector<uint32_t>{15, 15, 10, 8, 0, 0}));
  for (unsigned i = 1; i < board.getRows().size(); ++i) {
    EXPECT_LE(board.getRows()[i - 1].getDueAt(), board.getRows()[i].getDueAt()) << "oldest first";
  }
}

TEST_F(JcDrill, TaskListOfTheIssuerAtTheEnd) {
  ASSERT_TRUE(scenario_->result().ok());
  Reply reply = scenario_->tasks("liu", "jc-gxj");
  auto list = reply->getBody().getProjection().getTaskList();
  EXPECT_EQ(list.getRows().size(), 49u);  // 48 top-level dispatches + T22's child

  auto t04 = taskRow(list, dispatch("T04", "jc-cyc"));
  EXPECT_EQ(t04.getStatus(), S::ACCEPTED);
  EXPECT_EQ(t04.getReturns(), 1u);
  EXPECT_EQ(t04.getAcknowledgedAt(), at("2022-06-23T10:00+08:00"));
  EXPECT_EQ(t04.getCompletedAt(), at("2022-07-04T10:00+08:00"));
  EXPECT_FALSE(t04.getEscalated());  // due 09-30

  auto t18 = taskRow(list, dispatch("T18", "jc-jjjc"));
  EXPECT_EQ(t18.getStatus(), S::ACCEPTED);
  EXPECT_EQ(t18.getDueAt(), at("2022-07-01T00:00+08:00"));
  EXPECT_EQ(t18.getAcknowledgedAt(), at("2022-07-02T09:00+08:00"));  // late
  EXPECT_EQ(t18.getEscalationLevel(), A::WARN);

  auto t01 = taskRow(list, dispatch("T01", "jc-ex-minbao"));
  EXPECT_EQ(t01.getStatus(), S::COMPLETED);
  EXPECT_EQ(t01.getCompletedAt(), at("2022-07-05T11:00+08:00"));
  EXPECT_EQ(t01.getEscalationLevel(), A::WARN);
  EXPECT_FALSE(taskRow(list, dispatch("T02", "jc-ex-minbao", 1)).getEscalated());
  auto week3 = taskRow(list, dispatch("T02", "jc-ex-minbao", 3));
  EXPECT_EQ(week3.getStatus(), S::DISPATCHED);
  EXPECT_TRUE(week3.getOverdue());
  EXPECT_EQ(week3.getEscalationLevel(), A::WARN);
  auto week4 = taskRow(list, dispatch("T02", "jc-ex-group", 4));
  EXPECT_EQ(std::string(week4.getPeriodStart().cStr()), "2022-07-11");
  EXPECT_EQ(std::string(week4.getPeriodEnd().cStr()), "2022-07-17");
  EXPECT_FALSE(week4.getOverdue());
  auto q2 = taskRow(list, dispatch("T03", "jc-ex-group"));
  EXPECT_EQ(std::string(q2.getPeriodStart().cStr()), "2022-04-01");  // the calendar quarter, before the span
  EXPECT_EQ(q2.getEscalationLevel(), A::SUMMON);

  auto yangcheng = taskRow(list, dispatch("T21", "jc-yangcheng"));
  EXPECT_EQ(yangcheng.getStatus(), S::DISPATCHED);
  EXPECT_TRUE(yangcheng.getOverdue());
  EXPECT_EQ(yangcheng.getEscalationLevel(), A::SUMMON);

  auto parent = taskRow(list, dispatch("T22", "jc-zezhou"));
  EXPECT_EQ(parent.getStatus(), S::ACCEPTED);
  ASSERT_EQ(parent.getChildren().size(), 1u);
  EXPECT_EQ(std::string(parent.getChildren()[0].cStr()), kChild);
  auto child = taskRow(list, kChild);
  EXPECT_EQ(child.getStatus(), S::ACCEPTED);  // by wu, the delegating county bureau
  EXPECT_EQ(std::string(child.getParentDispatch().cStr()), dispatch("T22", "jc-zezhou"));
  EXPECT_EQ(std::string(child.getAssignee().cStr()), "jc-zezhou-bagong");
  EXPECT_EQ(child.getDueAt(), at("2022-08-01T00:00+08:00"));
  EXPECT_EQ(child.getAcknowledgedAt(), at("2022-07-12T09:00+08:00"));
  EXPECT_EQ(child.getCompletedAt(), at("2022-07-14T16:00+08:00"));
}

// The county's own list: its two dispatches and the child below it.
TEST_F(JcDrill, TaskListOfTheCounty) {
  ASSERT_TRUE(scenario_->result().ok());
  Reply reply = scenario_->tasks("wu", "jc-zezhou");
  auto list = reply->getBody().getProjection().getTaskList();
  std::vector<std::string> ids;
  for (auto row : list.getRows()) ids.push_back(row.getDispatchId());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{dispatch("T21", "jc-zezhou"), dispatch("T22", "jc-zezhou"), kChild}));
}

// As of 07-03 12:00, between zhou's late acknowledgement (07-02) and sun's re-completion of T04 (07-04): 29 + 2 +
// T02 week 2 (3) + the July work (7) = 41 dispatched; acknowledged T01.minbao.1, T02.minbao.1 and .2, T04 (back in
// progress after its return), T07.cyc.1, T18, T21.zezhou = 7; completed T02.minbao.1 and .2, T07.cyc.1,
// T21.zezhou = 4; accepted T07.cyc.1, T21.zezhou = 2; overdue T02.1 of group and park-chem, T01.1 ×3, T03 Q2,
// T07.1 of jjjc and jthg, T18, T21.yangcheng = 10. The board then holds the steps due by that instant: 14.
TEST_F(JcDrill, AsOfBetweenTwoLines) {
  ASSERT_TRUE(scenario_->result().ok());
  const int64_t asOf = at("2022-07-03T12:00+08:00");
  Reply reply = scenario_->progress("liu", kCampaign, asOf);
  auto p = reply->getBody().getProjection().getCampaignProgress();
  EXPECT_EQ(countsOf(p.getTotal()), (Counts{41, 7, 4, 2, 10}));
  EXPECT_EQ(phaseStatus(p, "mobilize"), "active");
  EXPECT_EQ(phaseCounts(p, "mobilize"), (Counts{2, 1, 1, 1, 1}));
  EXPECT_EQ(phaseStatus(p, "battle"), "pending");
  EXPECT_EQ(phaseCounts(p, "battle"), (Counts{0, 0, 0, 0, 0}));
  EXPECT_EQ(taskCounts(p, "T04"), (Counts{1, 1, 0, 0, 0}));
  EXPECT_EQ(taskCounts(p, "T02"), (Counts{6, 2, 2, 0, 2}));

  Reply boardReply = scenario_->board("liu", kCampaign, asOf);
  auto board = boardReply->getBody().getProjection().getEscalationBoard();
  std::vector<Escalation> expected;
  for (const auto& e : expectedEscalations()) {
    if (e.dueAt <= asOf) expected.push_back(e);
  }
  ASSERT_EQ(expected.size(), 14u);
  EXPECT_EQ(boardRows(board), expected);
}

}  // namespace
}  // namespace qingling::server::testing
