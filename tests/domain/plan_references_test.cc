// Plans refused for what their values refer to: units, phases, keys, spans, parents. Each test breaks one rule
// of the small valid plan (plan_test_util.h); "province" and "county" are registered units.
#include <gtest/gtest.h>

#include "plan_test_util.h"

namespace qingling::domain {
namespace {

using testing::expectBroken;
using testing::smallPlanWith;

TEST(PlanReferences, CampaignEndBeforeStart) {
  expectBroken(R"("end": "2024-06-30", )", R"("end": "2023-12-31", )", "campaign.end",
               "end 2023-12-31 is before start 2024-01-01");
}

TEST(PlanReferences, DuplicateUnitId) {
  expectBroken(R"("id": "town")", R"("id": "section")", "units[3].id", "duplicate unit id 'section' (also units[1])");
}

TEST(PlanReferences, UnknownParent) {
  expectBroken(R"("kind": "section", "parent": "agency")", R"("kind": "section", "parent": "agncy")", "units[1].parent",
               "unknown unit 'agncy'");
}

TEST(PlanReferences, CyclicParents) {
  expectBroken(R"("kind": "agency", "parent": null)", R"("kind": "agency", "parent": "section")", "units[0].parent",
               "cyclic unit parents: agency -> section -> agency");
}

TEST(PlanReferences, AUnitCannotBeItsOwnParent) {
  expectBroken(R"("kind": "position", "parent": "agency")", R"("kind": "position", "parent": "director")",
               "units[2].parent", "cyclic unit parents: director -> director");
}

TEST(PlanReferences, UnknownIssuer) {
  expectBroken(R"("issuer": "agency")", R"("issuer": "city")", "campaign.issuer", "unknown unit 'city'");
}

TEST(PlanReferences, DuplicatePhaseKey) {
  expectBroken(R"("key": "second")", R"("key": "first")", "phases[1].key", "duplicate phase key 'first'");
}

TEST(PlanReferences, PhaseEndBeforeStart) {
  expectBroken(R"("end": "2024-03-31"})", R"("end": "2023-12-31"})", "phases[0].end",
               "end 2023-12-31 is before start 2024-01-01");
}

TEST(PlanReferences, PhaseOutsideTheCampaignSpan) {
  expectBroken(R"("start": "2024-04-01", "end": "2024-06-30"})", R"("start": "2024-04-01", "end": "2024-07-01"})",
               "phases[1].end", "phase end 2024-07-01 is outside the campaign span 2024-01-01 to 2024-06-30");
  expectBroken(R"("start": "2024-01-01", "end": "2024-03-31")", R"("start": "2023-12-25", "end": "2024-03-31")",
               "phases[0].start", "phase start 2023-12-25 is outside the campaign span");
}

TEST(PlanReferences, OverlappingPhasesInOrderAreAccepted) {
  auto result = parsePlan(
      smallPlanWith(R"("start": "2024-04-01", "end": "2024-06-30"})", R"("start": "2024-02-01", "end": "2024-06-30"})"),
      testing::registered);
  EXPECT_TRUE(std::holds_alternative<ParsedPlan>(result));
}

TEST(PlanReferences, PhasesOutOfOrder) {
  expectBroken(R"("start": "2024-01-01", "end": "2024-03-31")", R"("start": "2024-05-01", "end": "2024-05-31")",
               "phases[1].start", "phases out of order: starts 2024-04-01, before phases[0] starts 2024-05-01");
}

TEST(PlanReferences, DuplicateTaskKey) {
  expectBroken(R"("key": "T2")", R"("key": "T1")", "tasks[1].key", "duplicate task key 'T1' (also tasks[0])");
}

TEST(PlanReferences, DuplicateReportKey) {
  expectBroken(R"("reports": [)",
               R"("reports": [{"key": "R1", "name": "先", "from": ["town"], "due": {"continuous": true}}, )",
               "reports[1].key", "duplicate report key 'R1' (also reports[0])");
}

TEST(PlanReferences, EmptyAssignees) {
  expectBroken(R"("assignees": ["section"])", R"("assignees": [])", "tasks[0].assignees", "empty assignees");
  expectBroken(R"("from": ["town"])", R"("from": [])", "reports[0].from", "empty from");
}

TEST(PlanReferences, UnknownAssignee) {
  expectBroken(R"("assignees": ["section"])", R"("assignees": ["section", "sectoin"])", "tasks[0].assignees[1]",
               "unknown unit 'sectoin' (neither in units nor registered)");
}

TEST(PlanReferences, AssigneeListedTwice) {
  expectBroken(R"("assignees": ["section"])", R"("assignees": ["section", "section"])", "tasks[0].assignees[1]",
               "listed twice");
}

TEST(PlanReferences, UnknownPhase) {
  expectBroken(R"("phase": "second")", R"("phase": "third")", "tasks[1].phase", "unknown phase 'third'");
}

TEST(PlanReferences, ByOutsideTheCampaignSpan) {
  expectBroken(R"("by": "2024-05-31")", R"("by": "2024-07-31")", "tasks[1].due.by",
               "due date 2024-07-31 is outside the campaign span");
}

TEST(PlanReferences, PhasedDeadlineBeforeThePhaseStarts) {
  expectBroken(R"("by": "2024-05-31")", R"("by": "2024-03-31")", "tasks[1].due.by",
               "due date 2024-03-31 is before phase 'second' starts 2024-04-01");
}

TEST(PlanReferences, DatesOutsideTheCampaignSpan) {
  expectBroken(R"(["2024-03-31", "2024-06-30"])", R"(["2023-12-31", "2024-06-30"])", "reports[0].due.dates[0]",
               "due date 2023-12-31 is outside the campaign span");
}

TEST(PlanReferences, UnknownDutyHolder) {
  expectBroken(R"("holder": "director")", R"("holder": "deputy")", "duties[0].holder", "unknown unit 'deputy'");
}

TEST(PlanReferences, DutyHolderMustBeAPosition) {
  expectBroken(R"("holder": "director")", R"("holder": "section")", "duties[0].holder",
               "duty holder 'section' must be a unit of kind position");
}

TEST(PlanReferences, UnknownCoveredUnit) {
  expectBroken(R"("covers": ["town"])", R"("covers": ["village"])", "duties[0].covers[0]", "unknown unit 'village'");
}

TEST(PlanReferences, UnknownReportingUnit) {
  expectBroken(R"("from": ["town"])", R"("from": ["town", "city"])", "reports[0].from[1]", "unknown unit 'city'");
}

TEST(PlanReferences, NothingIsAcceptedWithoutTheRegistry) {
  // Without a KnownUnit, only the plan's own units exist.
  auto result = parsePlan(smallPlanWith(R"("issuer": "agency")", R"("issuer": "province")"), nullptr);
  ASSERT_TRUE(std::holds_alternative<PlanError>(result));
  EXPECT_EQ(std::get<PlanError>(result).path, "campaign.issuer");
}

}  // namespace
}  // namespace qingling::domain
