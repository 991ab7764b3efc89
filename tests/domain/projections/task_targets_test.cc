// Task targets: each metric of a dispatch counted from the recorded facts of the assignee's subtree in the
// occurrence's period (local days, UTC+8, clipped to the campaign span), as of an instant; facts outside the period,
// outside the subtree or tagged for another campaign do not count.
#include "domain/projections/task_targets.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/domain/projections/hazard_log.h"
#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;
using Grade = schema::HazardGrade;

int64_t july(int day, int hourUtc = 2) { return kT0 + (day - 1) * kDay + hourUtc * kHour; }

void dispatched(TestLog& log, const std::string& id, const std::string& campaign, const std::string& assignee,
                const std::vector<std::pair<std::string, uint32_t>>& targets) {
  auto d = log.add(kT0).initTaskDispatched();
  d.setDispatchId(id);
  d.setCampaignId(campaign);
  d.setTaskKey("T07");
  d.setAssignee(assignee);
  d.setOccurrence(1);
  d.setPeriodStart("2023-07-01");
  d.setPeriodEnd("2023-07-31");
  auto list = d.initTargets(static_cast<unsigned>(targets.size()));
  for (unsigned i = 0; i < targets.size(); ++i) {
    list[i].setMetric(targets[i].first);
    list[i].setAtLeast(targets[i].second);
  }
}

void inspection(TestLog& log, int64_t at, const std::string& id, const std::string& enterprise, const std::string& by,
                const std::string& campaign = "") {
  auto e = log.add(at).initInspectionRecorded();
  e.setInspectionId(id);
  e.setEnterprise(enterprise);
  e.setInspectingUnit(by);
  e.setCampaignId(campaign);
}

void hazard(TestLog& log, int64_t recordedAt, int64_t occurredAt, const std::string& id, const std::string& enterprise,
            const std::string& foundBy, Grade grade) {
  auto e = log.add(recordedAt, occurredAt).initHazardRecorded();
  e.setHazardId(id);
  e.setEnterprise(enterprise);
  e.setFoundBy(foundBy);
  e.setGrade(grade);
}

void fact(TestLog& log, int64_t at, const std::string& unit, schema::FactKind kind, const std::string& campaign = "") {
  auto e = log.add(at).initFactRecorded();
  e.setUnit(unit);
  e.setKind(kind);
  e.setCampaignId(campaign);
}

class TaskTargetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.campaignDrafted(kT0, {.id = "c1", .start = "2023-07-03", .end = "2023-12-31", .timezone = "Asia/Shanghai"});
    dispatched(log_, "d-park", "c1", "park",
               {{"inspections", 3},
                {"hazardsFound", 3},
                {"majorHazardsFound", 2},
                {"majorHazardsClosed", 2},
                {"cases", 1},
                {"trainings", 1},
                {"drills", 1},
                {"meetings", 1}});
    dispatched(log_, "d-sec1", "c1", "sec1", {{"inspections", 1}, {"majorHazardsFound", 1}});
    dispatched(log_, "d-plain", "c1", "park", {});
    dispatched(log_, "d-other", "c2", "park", {{"inspections", 1}});

    inspection(log_, july(5), "i1", "ent1", "park");
    inspection(log_, july(2), "i2", "ent2", "park");                           // before the campaign starts (07-03)
    inspection(log_, july(31, 16) + 30 * 60 * kSecond, "i3", "ent1", "park");  // 08-01 00:30 local
    inspection(log_, july(31, 15), "i7", "ent1", "park");                      // 07-31 23:00 local
    inspection(log_, july(10), "i4", "ent3", "sec1");                          // by sec1, outside the park
    inspection(log_, july(10), "i5", "ent1", "park", "c2");                    // another campaign's
    inspection(log_, july(20), "i6", "ent2", "ent2");                          // a self-inspection in the park

    hazard(log_, july(6), 0, "hz1", "ent1", "park", Grade::MAJOR);
    hazardClosed(log_, july(20), "hz1");
    hazardReopened(log_, july(25), "hz1");  // closed, then reopened: not solved
    hazard(log_, july(7), 0, "hz2", "ent2", "park", Grade::GENERAL);
    hazard(log_, july(11), 0, "hz3", "ent3", "sec1", Grade::MAJOR);  // sec1's finding, outside the park
    hazard(log_, july(8), 0, "hz4", "ent1", "ent1", Grade::GENERAL);
    hazardRegraded(log_, july(9), "hz4", Grade::GENERAL, Grade::MAJOR);
    hazard(log_, july(1) - kDay, 0, "hz5", "ent1", "ent1", Grade::MAJOR);  // found in June, closed in July
    hazardClosed(log_, july(15), "hz5");
    hazard(log_, july(5), 0, "hz7", "ent3", "other", Grade::MAJOR);         // neither in nor by the park
    hazard(log_, july(36), july(12), "hz6", "ent1", "park", Grade::MAJOR);  // found 07-12, recorded 08-05

    fact(log_, july(10), "ent1", schema::FactKind::CASE);
    fact(log_, july(12), "park", schema::FactKind::TRAINING);
    fact(log_, july(12), "ent3", schema::FactKind::DRILL);       // outside the subtree
    fact(log_, july(33), "park", schema::FactKind::MEETING);     // after the period
    fact(log_, july(13), "ent2", schema::FactKind::CASE, "c2");  // another campaign's
  }

  // metric → (counted, met) of one dispatch.
  std::map<std::string, std::pair<uint32_t, bool>> targetsOf(const std::string& dispatch, int64_t asOf,
                                                             const std::string& unit = "") {
    Answer<schema::TaskTargets> answer(log_, TaskTargets("c1", unit, directory_), asOf);
    std::map<std::string, std::pair<uint32_t, bool>> out;
    for (auto d : answer.get().getDispatches()) {
      if (d.getDispatchId() != dispatch.c_str()) continue;
      for (auto t : d.getTargets()) out[t.getMetric()] = {t.getCounted(), t.getMet()};
    }
    return out;
  }

  TestLog log_;
  Directory directory_ = directoryOf({{"county", ""},
                                      {"park", "county"},
                                      {"ent1", "park"},
                                      {"ent2", "park"},
                                      {"sec1", "county"},
                                      {"other", ""},
                                      {"ent3", "other"}});
};

TEST_F(TaskTargetsTest, CountsEachMetricFromTheSubtreeInThePeriod) {
  auto park = targetsOf("d-park", july(32));
  EXPECT_EQ(park["inspections"], std::make_pair(3u, true));          // i1, i6, i7
  EXPECT_EQ(park["hazardsFound"], std::make_pair(3u, true));         // hz1, hz2, hz4
  EXPECT_EQ(park["majorHazardsFound"], std::make_pair(2u, true));    // hz1, hz4 (regraded)
  EXPECT_EQ(park["majorHazardsClosed"], std::make_pair(1u, false));  // hz5; hz1 was reopened
  EXPECT_EQ(park["cases"], std::make_pair(1u, true));
  EXPECT_EQ(park["trainings"], std::make_pair(1u, true));
  EXPECT_EQ(park["drills"], std::make_pair(0u, false));
  EXPECT_EQ(park["meetings"], std::make_pair(0u, false));
}

TEST_F(TaskTargetsTest, CountsWhatTheAssigneesUnitsDidElsewhere) {
  auto sec1 = targetsOf("d-sec1", july(32));
  EXPECT_EQ(sec1["inspections"], std::make_pair(1u, true));        // i4 of ent3, by sec1
  EXPECT_EQ(sec1["majorHazardsFound"], std::make_pair(1u, true));  // hz3
}

TEST_F(TaskTargetsTest, AsOfCutsWhatWasRecordedByThen) {
  EXPECT_EQ(targetsOf("d-park", july(32))["majorHazardsFound"].first, 2u);
  EXPECT_EQ(targetsOf("d-park", july(40))["majorHazardsFound"].first, 3u);  // hz6, recorded late
  EXPECT_EQ(targetsOf("d-park", july(12))["inspections"].first, 1u);        // only i1 was known
}

TEST_F(TaskTargetsTest, ListsOnlyDispatchesWithTargetsOfTheCampaignWithinTheUnit) {
  Answer<schema::TaskTargets> all(log_, TaskTargets("c1", "", directory_), july(32));
  ASSERT_EQ(all.get().getDispatches().size(), 2u);
  auto park = all.get().getDispatches()[0];
  EXPECT_EQ(std::string(park.getDispatchId().cStr()), "d-park");
  EXPECT_EQ(std::string(park.getPeriodStart().cStr()), "2023-07-03");  // clipped to the campaign start
  EXPECT_EQ(std::string(park.getPeriodEnd().cStr()), "2023-07-31");
  EXPECT_FALSE(park.getMet());
  EXPECT_TRUE(all.get().getDispatches()[1].getMet());

  Answer<schema::TaskTargets> scoped(log_, TaskTargets("c1", "park", directory_), july(32));
  ASSERT_EQ(scoped.get().getDispatches().size(), 1u);
  EXPECT_EQ(std::string(scoped.get().getDispatches()[0].getAssignee().cStr()), "park");
}

}  // namespace
}  // namespace qingling::domain::projections
