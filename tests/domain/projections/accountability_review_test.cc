// The accountability review's finding rules, one kind at a time, each with the near misses that are not findings.
#include "domain/projections/accountability_review.h"

#include <gtest/gtest.h>

#include "tests/domain/projections/hazard_log.h"
#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;
using K = schema::FindingKind;

const Directory& units() {
  static const Directory dir = directoryOf(
      {{"gwh", ""}, {"deputy", "gwh"}, {"sec", "gwh"}, {"park", "gwh"}, {"ex-a", "park"}, {"ex-b", "park"}});
  return dir;
}

// Campaign "c" whose 分管负责人 "deputy" covers the park (and so the enterprises below it).
void campaign(TestLog& log) {
  auto c = log.add(kT0).initCampaignDrafted().initCampaign();
  c.setId("c");
  c.setIssuer("gwh");
  auto duty = c.initDuties(1)[0];
  duty.setHolder("deputy");
  duty.initCovers(1).set(0, "park");
}

// An inspection by the park recorded at `at`, occurred at `occurredAt` (0 = the same).
void inspection(TestLog& log, int64_t at, int64_t occurredAt, const std::string& id, const std::string& enterprise,
                const std::vector<std::string>& categories, const std::vector<std::string>& hazards = {}) {
  auto e = log.add(at, occurredAt).initInspectionRecorded();
  e.setInspectionId(id);
  e.setEnterprise(enterprise);
  e.setInspectingUnit("park");
  e.setCampaignId("c");
  auto c = e.initCategories(categories.size());
  for (unsigned i = 0; i < categories.size(); ++i) c.set(i, categories[i]);
  auto h = e.initHazards(hazards.size());
  for (unsigned i = 0; i < hazards.size(); ++i) h.set(i, hazards[i]);
}

struct Row {
  K kind;
  std::string subject, responsible, leader;
  std::vector<uint64_t> evidence;
  int64_t lateBy = 0;  // seconds
  bool operator==(const Row&) const = default;
};
std::ostream& operator<<(std::ostream& out, const Row& r) {
  out << "{" << static_cast<int>(r.kind) << " " << r.subject << " " << r.responsible << "/" << r.leader << " late "
      << r.lateBy << " @";
  for (auto p : r.evidence) out << " " << p;
  return out << "}";
}

std::vector<Row> review(const TestLog& log, int64_t asOf, ReviewScope scope = {"c", "", "", 0}) {
  AccountabilityReview projection(std::move(scope), units());
  Answer<schema::AccountabilityReview> answer(log, projection, asOf);
  std::vector<Row> rows;
  for (auto f : answer.get().getFindings()) {
    Row r{f.getKind(), f.getSubject(), f.getResponsibleUnit(), f.getCoveringLeader(), {}, f.getLateBySeconds()};
    for (auto e : f.getEvidence()) r.evidence.push_back(e.getPosition());
    rows.push_back(std::move(r));
  }
  return rows;
}

constexpr int64_t kH = kHour / kSecond, kD = kDay / kSecond;  // in seconds, as findings state lateness

TEST(AccountabilityReviewTest, LateAcknowledgementAndCompletionButNotOnTimeOnes) {
  TestLog log;
  campaign(log);                                                                                   // 1
  log.dispatched(kT0, {.id = "late", .campaign = "c", .assignee = "park", .dueAt = kT0 + kDay});   // 2
  log.dispatched(kT0, {.id = "ontime", .campaign = "c", .assignee = "sec", .dueAt = kT0 + kDay});  // 3
  log.acknowledged(kT0 + kHour, "ontime");                                                         // 4
  log.completed(kT0 + kDay, "ontime");               // 5: at the deadline is on time
  log.acknowledged(kT0 + kDay + 2 * kHour, "late");  // 6
  log.completed(kT0 + 2 * kDay, "late");             // 7
  std::vector<Row> expected = {{K::LATE_ACKNOWLEDGEMENT, "late", "park", "deputy", {2, 6}, 2 * kH},
                               {K::LATE_COMPLETION, "late", "park", "deputy", {2, 7}, kD}};
  EXPECT_EQ(review(log, kT0 + 3 * kDay), expected);
}

TEST(AccountabilityReviewTest, AReturnWithdrawsTheCompletionThatWasOnTime) {
  TestLog log;
  campaign(log);
  log.dispatched(kT0, {.id = "d", .campaign = "c", .assignee = "sec", .dueAt = kT0 + kDay});  // 2
  log.acknowledged(kT0 + kHour, "d");
  log.completed(kT0 + 2 * kHour, "d");
  log.returned(kT0 + 3 * kHour, "d");
  log.completed(kT0 + 2 * kDay, "d");  // 6
  std::vector<Row> expected = {{K::LATE_COMPLETION, "d", "sec", "", {2, 6}, kD}};
  EXPECT_EQ(review(log, kT0 + 3 * kDay), expected);
}

TEST(AccountabilityReviewTest, OverdueDispatchOnlyOncePastItsDeadline) {
  TestLog log;
  campaign(log);
  log.dispatched(kT0, {.id = "d", .campaign = "c", .assignee = "ex-a", .dueAt = kT0 + kDay});
  log.dispatched(kT0, {.id = "continuous", .campaign = "c", .assignee = "ex-a", .dueAt = 0});
  EXPECT_TRUE(review(log, kT0 + kHour).empty());
  std::vector<Row> expected = {{K::OVERDUE_DISPATCH, "d", "ex-a", "deputy", {2}, 2 * kD}};
  EXPECT_EQ(review(log, kT0 + 3 * kDay), expected);
}

TEST(AccountabilityReviewTest, EscalationIgnoredUnlessAcknowledgedOrTheWorkDoneBeforeTheNextStep) {
  TestLog log;
  campaign(log);                                                                              // 1
  log.dispatched(kT0, {.id = "a", .campaign = "c", .assignee = "sec", .dueAt = kT0 + kDay});  // 2
  log.dispatched(kT0, {.id = "b", .campaign = "c", .assignee = "sec", .dueAt = kT0 + kDay});  // 3
  log.dispatched(kT0, {.id = "x", .campaign = "c", .assignee = "sec", .dueAt = kT0 + kDay});  // 4
  const int64_t warn = kT0 + 2 * kDay, notify = kT0 + 4 * kDay;
  for (const char* d : {"a", "b", "x"}) {  // 5, 6, 7
    log.escalationRaised(
        warn, {.id = std::string(d) + "#0", .campaign = "c", .dispatch = d, .addressee = "sec", .dueAt = warn});
  }
  log.acknowledged(warn + kHour, "a");                  // 8: a done before the next step: its warn is not ignored
  log.completed(warn + 2 * kHour, "a");                 // 9
  log.escalationAcknowledged(warn + 3 * kHour, "x#0");  // 10
  log.escalationRaised(
      notify, {.id = "b#1", .campaign = "c", .dispatch = "b", .addressee = "gwh", .dueAt = notify, .step = 1});  // 11
  log.completed(notify + kHour, "b");                 // 12: b done only after its notify step
  log.escalationAcknowledged(notify + kHour, "b#1");  // 13
  auto rows = review(log, notify + kDay);
  std::vector<Row> ignored;
  for (const auto& r : rows) {
    if (r.kind == K::ESCALATION_IGNORED) ignored.push_back(r);
  }
  std::vector<Row> expected = {{K::ESCALATION_IGNORED, "b", "sec", "", {6, 11}, 2 * kD + kH}};
  EXPECT_EQ(ignored, expected);
}

TEST(AccountabilityReviewTest, EscalationOfUndoneOverdueWorkIsIgnored) {
  TestLog log;
  campaign(log);
  log.dispatched(kT0, {.id = "d", .campaign = "c", .assignee = "ex-a", .dueAt = kT0 + kDay});                     // 2
  log.escalationRaised(kT0, {.id = "d#0", .campaign = "c", .dispatch = "d", .addressee = "ex-a", .dueAt = kT0});  // 3
  // Before the deadline a reminder not yet acted on is no finding.
  EXPECT_TRUE(review(log, kT0 + kHour).empty());
  auto rows = review(log, kT0 + 2 * kDay);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (Row{K::ESCALATION_IGNORED, "d", "ex-a", "deputy", {3}, 2 * kD}));
}

TEST(AccountabilityReviewTest, HazardPastItsDeadlineResolvedLateOrStillOpen) {
  TestLog log;
  campaign(log);
  hazardRecorded(log, kT0, 0, {.id = "late", .enterprise = "ex-a", .campaign = "c", .deadlineAt = kT0 + kDay});    // 2
  hazardRecorded(log, kT0, 0, {.id = "open", .enterprise = "ex-b", .campaign = "c", .deadlineAt = kT0 + kDay});    // 3
  hazardRecorded(log, kT0, 0, {.id = "ontime", .enterprise = "ex-a", .campaign = "c", .deadlineAt = kT0 + kDay});  // 4
  hazardRectified(log, kT0 + kHour, "ontime");
  hazardVerified(log, kT0 + 2 * kHour, 0, "ontime", true);
  rectificationPlanned(log, kT0 + 3 * kHour, "late", kT0 + 2 * kDay);  // 7: the plan's deadline counts
  hazardRectified(log, kT0 + 2 * kDay, "late");
  hazardVerified(log, kT0 + 3 * kDay, 0, "late", true);  // 9
  hazardClosed(log, kT0 + 3 * kDay + kHour, "late");
  std::vector<Row> expected = {{K::HAZARD_OVERDUE, "late", "ex-a", "deputy", {2, 7, 9}, kD},
                               {K::HAZARD_OVERDUE, "open", "ex-b", "deputy", {3}, 3 * kD}};
  EXPECT_EQ(review(log, kT0 + 4 * kDay), expected);
}

TEST(AccountabilityReviewTest, FailedVerificationAndReopeningButNotAPassedVerification) {
  TestLog log;
  campaign(log);
  hazardRecorded(log, kT0, 0, {.id = "h", .enterprise = "ex-a", .campaign = "c", .deadlineAt = kT0 + 9 * kDay});  // 2
  hazardRectified(log, kT0 + kHour, "h");
  hazardVerified(log, kT0 + 2 * kHour, 0, "h", false);  // 4
  hazardRectified(log, kT0 + 3 * kHour, "h");
  hazardVerified(log, kT0 + 4 * kHour, 0, "h", true);  // 6
  hazardClosed(log, kT0 + 5 * kHour, "h");
  hazardReopened(log, kT0 + kDay, "h");  // 8
  std::vector<Row> expected = {{K::VERIFICATION_FAILED, "h", "ex-a", "deputy", {2, 4}, 0},
                               {K::HAZARD_REOPENED, "h", "ex-a", "deputy", {2, 6, 8}, 0}};
  EXPECT_EQ(review(log, kT0 + 2 * kDay), expected);
}

TEST(AccountabilityReviewTest, BackdatedBeyondTheThresholdOnly) {
  TestLog log;
  campaign(log);
  hazardRecorded(log, kT0 + 10 * kDay, kT0 + 6 * kDay,
                 {.id = "four-days", .enterprise = "ex-a", .campaign = "c"});                                       // 2
  hazardRecorded(log, kT0 + 10 * kDay, kT0 + 8 * kDay, {.id = "two-days", .enterprise = "ex-a", .campaign = "c"});  // 3
  auto rows = review(log, kT0 + 11 * kDay, {"", "", "ex-a", 0});
  std::vector<Row> expected = {{K::BACKDATED, "four-days", "", "", {2}, 4 * kD}};
  EXPECT_EQ(rows, expected);
  // With a one-day threshold the two-day back-date is one too.
  EXPECT_EQ(review(log, kT0 + 11 * kDay, {"", "", "ex-a", kDay}).size(), 2u);
}

TEST(AccountabilityReviewTest, MissedHazardByAnInspectionThatCoveredItsCategory) {
  TestLog log;
  campaign(log);
  inspection(log, kT0 + kDay, 0, "covered", "ex-a", {"消防"});           // 2: a miss
  inspection(log, kT0 + kDay, 0, "all", "ex-a", {});                     // 3: no list = every category: a miss
  inspection(log, kT0 + kDay, 0, "other-category", "ex-a", {"用电"});    // 4
  inspection(log, kT0 + kDay, 0, "other-enterprise", "ex-b", {"消防"});  // 5
  inspection(log, kT0 + kDay, 0, "found-one", "ex-a", {"消防"}, {"f"});  // 6: found a 消防 hazard
  inspection(log, kT0 + kDay, kT0 - kDay, "before-it-existed", "ex-a", {"消防"});  // 7 (occurred before the hazard)
  hazardRecorded(log, kT0 + kDay, 0, {.id = "f", .enterprise = "ex-a", .campaign = "c", .category = "消防"});  // 8
  hazardRecorded(log, kT0 + 2 * kDay, kT0,
                 {.id = "h", .enterprise = "ex-a", .campaign = "c", .category = "消防"});  // 9
  inspection(log, kT0 + 3 * kDay, 0, "after-recorded", "ex-a", {"消防"});                  // 10
  std::vector<Row> expected = {{K::MISSED_HAZARD, "h", "park", "deputy", {2, 9}, kD},
                               {K::MISSED_HAZARD, "h", "park", "deputy", {3, 9}, kD}};
  EXPECT_EQ(review(log, kT0 + 4 * kDay), expected);
}

TEST(AccountabilityReviewTest, UnitScopeKeepsFindingsOwedOrAboutUnitsWithinIt) {
  TestLog log;
  campaign(log);
  log.dispatched(kT0, {.id = "park-work", .campaign = "c", .assignee = "ex-a", .dueAt = kT0 + kDay});
  log.dispatched(kT0, {.id = "section-work", .campaign = "c", .assignee = "sec", .dueAt = kT0 + kDay});
  auto rows = review(log, kT0 + 2 * kDay, {"", "park", "", 0});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].subject, "park-work");
  EXPECT_EQ(review(log, kT0 + 2 * kDay, {"other", "", "", 0}).size(), 0u);
}

}  // namespace
}  // namespace qingling::domain::projections
