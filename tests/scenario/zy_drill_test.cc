// ops/drills/zy-2023-major-hazards.jsonl against a real qinglingd: every figure below is derived from the plan
// (ops/plans/zy-2023-major-hazards.json) and the drill, with the reasoning next to it.
//
// The plan: 49 tasks, none tied to a phase, so all are dispatched at 印发 (2023-05-20 09:00). zy-enterprises is a
// group: zy-ex-machinery and zy-ex-chem (through the group zy-above-scale) and zy-ex-micro = 3 recipients. `by` and
// `dates` tasks dispatch every occurrence at issue; monthly tasks (T06 T07 T08 T31 T42) one occurrence per month,
// each at 00:00 on the 1st (May's at issue); T35 (every 2 months from May) once for May–June. Counting the plan's
// assignees: 127 dispatches at issue (zy-aqscb 38, zy-ghjsb 30, zy-dzb 2, each enterprise 19), 9 more on June 1
// (T06 T07 T08 T42 ×2 sections, T31 ×1), and T50 (added by the drill, phase investigate) for zy-park when that phase
// starts on 05-26: 137 top-level dispatches by the end, plus T50's delegated child.
// The plan has no escalation ladder: the default one, due instants counted from midnight after the due date.
#include <gtest/gtest.h>

#include "server/clock.h"
#include "tests/scenario/scenario_support.h"

namespace qingling::server::testing {
namespace {

using A = schema::EscalationAction;
using S = schema::DispatchStatus;

const std::string kCampaign = "zy-2023-major-hazards";
std::string dispatch(const std::string& task, const std::string& unit, int occurrence = 1) {
  return kCampaign + "." + task + "." + unit + "." + std::to_string(occurrence);
}
const std::string kChild = dispatch("T50", "zy-park") + "/zy-ex-chem";

// Heads skip groups: the enterprises' nearest non-group ancestor is zy-park. No duty covers anyone (covers: []),
// so the covering leader falls back to the issuer.
const Addressees kAqscb{"zy-aqscb", "zy-gwh", "zy-gwh", "zy-gwh"};
const Addressees kGhjsb{"zy-ghjsb", "zy-gwh", "zy-gwh", "zy-gwh"};
const Addressees kMachinery{"zy-ex-machinery", "zy-park", "zy-gwh", "zy-gwh"};
const Addressees kMicro{"zy-ex-micro", "zy-park", "zy-gwh", "zy-gwh"};

class ZyDrill : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { scenario_ = new DrillScenario("zy-2023-major-hazards.jsonl"); }
  static void TearDownTestSuite() {
    delete scenario_;
    scenario_ = nullptr;
  }
  static DrillScenario* scenario_;
};
DrillScenario* ZyDrill::scenario_ = nullptr;

TEST_F(ZyDrill, RunsToTheEndAsWritten) {
  const DrillResult& r = scenario_->result();
  ASSERT_TRUE(r.ok()) << r.failures[0].message << "\n" << scenario_->server().serverOutput();
  EXPECT_EQ(r.linesRun, 42u);          // every non-comment line
  EXPECT_EQ(r.refusedAsExpected, 3u);  // wrong role, outside reach, complete before acknowledge
  EXPECT_EQ(r.commandsOk, 37u);        // 42 lines - 2 clock advances - 3 refusals
  ASSERT_EQ(r.campaigns.size(), 1u);
  EXPECT_EQ(r.campaigns[0].id, kCampaign);
  EXPECT_EQ(r.campaigns[0].issuer, "zy-gwh");
  EXPECT_EQ(r.campaigns[0].importedBy, "zhang");
}

// As of the end (2023-06-16 12:00). Acknowledged work: T05 ×2, T03, T06.aqscb.1 (May), T37.chem, T50.park — 6,
// all of them completed; accepted: T05 ×2, T03, T50 — 4 (T37.chem and T06.aqscb.1 await review). Overdue (due
// passed, not done): T37 of machinery and micro (due 05-31) and May's monthly work of T06.ghjsb, T07 ×2, T08 ×2,
// T31.aqscb, T42 ×2 — 10; everything else is due 06-25 or later.
TEST_F(ZyDrill, CampaignProgressAtTheEnd) {
  ASSERT_TRUE(scenario_->result().ok());
  Reply reply = scenario_->progress("zhang", kCampaign);
  auto p = reply->getBody().getProjection().getCampaignProgress();
  EXPECT_EQ(std::string(p.getStatus().cStr()), "issued");
  EXPECT_EQ(countsOf(p.getTotal()), (Counts{137, 6, 6, 4, 10}));

  // Only T50 names a phase. mobilize was closed on 05-26; investigate started that day.
  EXPECT_EQ(phaseStatus(p, "mobilize"), "closed");
  EXPECT_EQ(phaseCounts(p, "mobilize"), (Counts{0, 0, 0, 0, 0}));
  EXPECT_EQ(phaseStatus(p, "investigate"), "active");
  EXPECT_EQ(phaseCounts(p, "investigate"), (Counts{1, 1, 1, 1, 0}));
  EXPECT_EQ(phaseStatus(p, "rectify"), "pending");
  EXPECT_EQ(phaseCounts(p, "rectify"), (Counts{0, 0, 0, 0, 0}));
  EXPECT_EQ(phaseStatus(p, "institutionalize"), "pending");

  EXPECT_EQ(taskCounts(p, "T01"), (Counts{1, 0, 0, 0, 0}));  // wang's refused acknowledgement changed nothing
  EXPECT_EQ(taskCounts(p, "T03"), (Counts{1, 1, 1, 1, 0}));  // returned once, completed again, accepted
  EXPECT_EQ(taskCounts(p, "T05"), (Counts{2, 2, 2, 2, 0}));  // one on time, one late; both accepted
  EXPECT_EQ(taskCounts(p, "T04"), (Counts{4, 0, 0, 0, 0}));  // 2 dates × 2 sections, due 08-15 and 11-15
  EXPECT_EQ(taskCounts(p, "T06"), (Counts{4, 1, 1, 0, 1}));  // May + June × 2; May of ghjsb overdue
  EXPECT_EQ(taskCounts(p, "T07"), (Counts{4, 0, 0, 0, 2}));  // May of both sections overdue
  EXPECT_EQ(taskCounts(p, "T08"), (Counts{4, 0, 0, 0, 2}));
  EXPECT_EQ(taskCounts(p, "T31"), (Counts{2, 0, 0, 0, 1}));  // zy-aqscb only
  EXPECT_EQ(taskCounts(p, "T42"), (Counts{4, 0, 0, 0, 2}));
  EXPECT_EQ(taskCounts(p, "T35"), (Counts{2, 0, 0, 0, 0}));  // May–June occurrence, due 06-30
  EXPECT_EQ(taskCounts(p, "T09"), (Counts{3, 0, 0, 0, 0}));  // three sections, due 06-25
  EXPECT_EQ(taskCounts(p, "T13"), (Counts{5, 0, 0, 0, 0}));  // 2 sections + 3 enterprises
  EXPECT_EQ(taskCounts(p, "T14"), (Counts{5, 0, 0, 0, 0}));  // continuous: never overdue
  EXPECT_EQ(taskCounts(p, "T37"), (Counts{3, 1, 1, 0, 2}));  // chem done on time; the other two overdue
  EXPECT_EQ(taskCounts(p, "T50"), (Counts{1, 1, 1, 1, 0}));  // the child is not counted again

  // zy-aqscb: 38 at issue + 5 in June; acknowledged T05 T03 T06.1; overdue May's T07 T08 T31 T42.
  EXPECT_EQ(unitCounts(p, "zy-aqscb"), (Counts{43, 3, 3, 2, 4}));
  // zy-ghjsb: 30 + 4 in June; acknowledged T05; overdue May's T06 T07 T08 T42.
  EXPECT_EQ(unitCounts(p, "zy-ghjsb"), (Counts{34, 1, 1, 1, 4}));
  EXPECT_EQ(unitCounts(p, "zy-dzb"), (Counts{2, 0, 0, 0, 0}));  // T09, T12
  // 19 enterprise tasks each (T13-16 T18 T20-23 T25 T26 T28 T29 T37 T43 T45 T46 T48 T49).
  EXPECT_EQ(unitCounts(p, "zy-ex-chem"), (Counts{19, 1, 1, 0, 0}));  // T37 completed, not yet reviewed
  EXPECT_EQ(unitCounts(p, "zy-ex-machinery"), (Counts{19, 0, 0, 0, 1}));
  EXPECT_EQ(unitCounts(p, "zy-ex-micro"), (Counts{19, 0, 0, 0, 1}));
  EXPECT_EQ(unitCounts(p, "zy-park"), (Counts{1, 1, 1, 1, 0}));
  EXPECT_EQ(p.getUnits().size(), 7u);
}

// Every step of the default ladder that fell due by 06-16 12:00 for work not done by then.
std::vector<Escalation> expectedEscalations() {
  std::vector<Escalation> out;
  auto add = [&out](std::vector<Escalation> rows) { out.insert(out.end(), rows.begin(), rows.end()); };
  // T05 is due 05-20: its reminder (05-20 00:00) precedes the dispatch, so it fires at the dispatch, 09:00. Both
  // sections completed before the warn step (05-24 00:00): li on the 20th, wang on the 23rd.
  add(ladder(dispatch("T05", "zy-aqscb"), "2023-05-20", 1, kAqscb, at("2023-05-20T09:00+08:00")));
  add(ladder(dispatch("T05", "zy-ghjsb"), "2023-05-20", 1, kGhjsb, at("2023-05-20T09:00+08:00")));
  // T03 is due 05-23: reminded at 05-23 00:00, completed at 17:00, so the warn step (05-27 00:00) was skipped; the
  // return at 05-27 09:00 makes it fall due at once (agenda.h: "falls due as soon as the dispatch is returned").
  // Completed again on 05-29, before the notify step (05-31 00:00).
  add(ladder(dispatch("T03", "zy-aqscb"), "2023-05-23", 1, kAqscb));
  out.push_back(Escalation{dispatch("T03", "zy-aqscb") + "#1", A::WARN, "zy-gwh", at("2023-05-27T09:00+08:00")});
  // Due 05-31 and never done: remind 05-31, warn 06-04, notify 06-08, summon 06-16 00:00 — all four.
  add(ladder(dispatch("T37", "zy-ex-machinery"), "2023-05-31", 4, kMachinery));
  add(ladder(dispatch("T37", "zy-ex-micro"), "2023-05-31", 4, kMicro));
  add(ladder(dispatch("T06", "zy-ghjsb"), "2023-05-31", 4, kGhjsb));  // T06.aqscb.1 was completed 05-30
  for (const char* task : {"T07", "T08", "T42"}) {
    add(ladder(dispatch(task, "zy-aqscb"), "2023-05-31", 4, kAqscb));
    add(ladder(dispatch(task, "zy-ghjsb"), "2023-05-31", 4, kGhjsb));
  }
  add(ladder(dispatch("T31", "zy-aqscb"), "2023-05-31", 4, kAqscb));
  return sortedById(out);  // 2 + 2 + 10 dispatches × 4 = 44
}

TEST_F(ZyDrill, EscalationBoardAtTheEnd) {
  ASSERT_TRUE(scenario_->result().ok());
  Reply reply = scenario_->board("zhang", kCampaign);
  auto board = reply->getBody().getProjection().getEscalationBoard();
  std::vector<Escalation> expected = expectedEscalations();
  ASSERT_EQ(expected.size(), 44u);
  EXPECT_EQ(boardRows(board), expected);
  // remind: T05 ×2, T03, 10 due 05-31; warn: T03 + 10; notify and summon: the 10. Nothing was acknowledged.
  EXPECT_EQ(boardLevels(board), (std::vector<uint32_t>{13, 11, 10, 10, 0, 0}));
  for (unsigned i = 1; i < board.getRows().size(); ++i) {
    EXPECT_LE(board.getRows()[i - 1].getDueAt(), board.getRows()[i].getDueAt()) << "oldest first";
  }
}

// Drill line 44 returns T03 at 05-27 09:00, nine hours after its warn step would have fallen due (05-27 00:00)
// had T03 not been completed. The step is raised at the return, as agenda.h promises ("falls due as soon as the
// dispatch is returned"); EscalationRaised.dueAt is "the instant the step fell due (also recordedAt unless late)"
// and the sim clock is never late, so dueAt must be the return instant, not the skipped 00:00.
TEST_F(ZyDrill, AStepSkippedWhileCompletedFallsDueAtTheReturn) {
  ASSERT_TRUE(scenario_->result().ok());
  Reply reply = scenario_->board("zhang", kCampaign);
  const std::string id = dispatch("T03", "zy-aqscb") + "#1";
  for (auto row : reply->getBody().getProjection().getEscalationBoard().getRows()) {
    if (row.getEscalationId() != id) continue;
    EXPECT_EQ(row.getRaisedAt(), at("2023-05-27T09:00+08:00"));
    EXPECT_FALSE(row.getLate());
    EXPECT_EQ(row.getDueAt(), row.getRaisedAt())
        << "dueAt " << formatInstant(row.getDueAt()) << ", raised " << formatInstant(row.getRaisedAt()) << ", not late";
    return;
  }
  ADD_FAILURE() << "no escalation " << id;
}

TEST_F(ZyDrill, TaskListOfTheIssuerAtTheEnd) {
  ASSERT_TRUE(scenario_->result().ok());
  Reply reply = scenario_->tasks("zhang", "zy-gwh");
  auto list = reply->getBody().getProjection().getTaskList();
  EXPECT_EQ(list.getRows().size(), 138u);  // 137 top-level dispatches + T50's child, all below zy-gwh

  auto t05 = taskRow(list, dispatch("T05", "zy-aqscb"));
  EXPECT_EQ(t05.getStatus(), S::ACCEPTED);
  EXPECT_EQ(t05.getAcknowledgedAt(), at("2023-05-20T10:00+08:00"));  // on its due day
  EXPECT_EQ(t05.getCompletedAt(), at("2023-05-20T16:00+08:00"));
  EXPECT_EQ(t05.getEscalationLevel(), A::REMIND);

  auto late = taskRow(list, dispatch("T05", "zy-ghjsb"));
  EXPECT_EQ(late.getStatus(), S::ACCEPTED);
  EXPECT_EQ(late.getDueAt(), at("2023-05-21T00:00+08:00"));
  EXPECT_EQ(late.getAcknowledgedAt(), at("2023-05-22T09:00+08:00"));  // after its deadline
  EXPECT_EQ(late.getCompletedAt(), at("2023-05-23T10:00+08:00"));

  auto t03 = taskRow(list, dispatch("T03", "zy-aqscb"));
  EXPECT_EQ(t03.getStatus(), S::ACCEPTED);
  EXPECT_EQ(t03.getReturns(), 1u);
  EXPECT_EQ(t03.getCompletedAt(), at("2023-05-29T10:30+08:00"));  // the completion that stands
  EXPECT_TRUE(t03.getEscalated());
  EXPECT_EQ(t03.getEscalationLevel(), A::WARN);

  auto parent = taskRow(list, dispatch("T50", "zy-park"));
  EXPECT_EQ(parent.getStatus(), S::ACCEPTED);
  ASSERT_EQ(parent.getChildren().size(), 1u);
  EXPECT_EQ(std::string(parent.getChildren()[0].cStr()), kChild);
  EXPECT_EQ(parent.getDueAt(), at("2023-06-10T00:00+08:00"));
  EXPECT_FALSE(parent.getEscalated());  // done on 06-06, before its reminder (06-09)

  auto child = taskRow(list, kChild);
  EXPECT_EQ(child.getStatus(), S::ACCEPTED);  // by zhao, the delegating department
  EXPECT_EQ(std::string(child.getParentDispatch().cStr()), dispatch("T50", "zy-park"));
  EXPECT_EQ(std::string(child.getAssignee().cStr()), "zy-ex-chem");
  EXPECT_EQ(child.getDueAt(), parent.getDueAt());
  EXPECT_EQ(child.getAcknowledgedAt(), at("2023-05-29T09:00+08:00"));
  EXPECT_EQ(child.getCompletedAt(), at("2023-06-05T10:00+08:00"));

  EXPECT_EQ(taskRow(list, dispatch("T37", "zy-ex-chem")).getStatus(), S::COMPLETED);
  EXPECT_EQ(taskRow(list, dispatch("T06", "zy-aqscb")).getStatus(), S::COMPLETED);
  auto ignored = taskRow(list, dispatch("T37", "zy-ex-machinery"));
  EXPECT_EQ(ignored.getStatus(), S::DISPATCHED);
  EXPECT_TRUE(ignored.getOverdue());
  EXPECT_EQ(ignored.getEscalationLevel(), A::SUMMON);
  auto untouched = taskRow(list, dispatch("T01", "zy-aqscb"));
  EXPECT_EQ(untouched.getStatus(), S::DISPATCHED);
  EXPECT_EQ(untouched.getAcknowledgedAt(), 0);
  EXPECT_FALSE(untouched.getOverdue());  // due 07-30
  auto june = taskRow(list, dispatch("T06", "zy-aqscb", 2));
  EXPECT_EQ(std::string(june.getPeriodStart().cStr()), "2023-06-01");
  EXPECT_EQ(std::string(june.getPeriodEnd().cStr()), "2023-06-30");
  EXPECT_EQ(june.getDueAt(), at("2023-07-01T00:00+08:00"));
}

// As of 05-28 12:00, between the return of T03 (05-27 09:00) and the next line (05-29 09:00): 127 + T50 = 128
// dispatched; acknowledged T05 ×2, T03, T37.chem, T50 = 5; completed T05 ×2, T37.chem = 3 (T03 was returned);
// accepted T05 ×2; overdue only T03 (due 05-23, back in progress). Raised by then: the T05 reminders, T03's
// reminder and its warn step (raised at the return).
TEST_F(ZyDrill, AsOfBetweenTwoLines) {
  ASSERT_TRUE(scenario_->result().ok());
  const int64_t asOf = at("2023-05-28T12:00+08:00");
  Reply reply = scenario_->progress("zhang", kCampaign, asOf);
  auto p = reply->getBody().getProjection().getCampaignProgress();
  EXPECT_EQ(p.getAsOf(), asOf);
  EXPECT_EQ(countsOf(p.getTotal()), (Counts{128, 5, 3, 2, 1}));
  EXPECT_EQ(phaseStatus(p, "mobilize"), "closed");
  EXPECT_EQ(phaseCounts(p, "investigate"), (Counts{1, 1, 0, 0, 0}));
  EXPECT_EQ(taskCounts(p, "T03"), (Counts{1, 1, 0, 0, 1}));
  EXPECT_EQ(taskCounts(p, "T06"), (Counts{2, 0, 0, 0, 0}));  // June's occurrences do not exist yet

  Reply boardReply = scenario_->board("zhang", kCampaign, asOf);
  auto board = boardReply->getBody().getProjection().getEscalationBoard();
  std::vector<Escalation> expected;
  for (const auto& e : expectedEscalations()) {
    if (e.id.find(".T05.") != std::string::npos || e.id.find(".T03.") != std::string::npos) expected.push_back(e);
  }
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(boardRows(board), expected);
}

}  // namespace
}  // namespace qingling::server::testing
