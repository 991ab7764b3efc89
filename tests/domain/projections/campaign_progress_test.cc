// Campaign progress: counts and rates per phase, task, assignee unit and in total, over top-level dispatches only;
// phase and campaign status from the leader's commands.
#include "domain/projections/campaign_progress.h"

#include <gtest/gtest.h>

#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;

struct Counts {
  uint32_t dispatched, acknowledged, completed, accepted, overdue;
  double acknowledgedRate, completedRate, acceptedRate;
};

void expectCounts(schema::ProgressCounts::Reader c, const Counts& e) {
  EXPECT_EQ(c.getDispatched(), e.dispatched);
  EXPECT_EQ(c.getAcknowledged(), e.acknowledged);
  EXPECT_EQ(c.getCompleted(), e.completed);
  EXPECT_EQ(c.getAccepted(), e.accepted);
  EXPECT_EQ(c.getOverdue(), e.overdue);
  EXPECT_DOUBLE_EQ(c.getAcknowledgedRate(), e.acknowledgedRate);
  EXPECT_DOUBLE_EQ(c.getCompletedRate(), e.completedRate);
  EXPECT_DOUBLE_EQ(c.getAcceptedRate(), e.acceptedRate);
}

class CampaignProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.campaignDrafted(kT0,
                         {.id = "c1",
                          .title = "三大战役",
                          .phases = {{"p1", "动员部署"}, {"p2", "集中排查"}, {"p3", "总结提升"}},
                          .tasks = {{"t1", "制定方案", "p1"}, {"t2", "集中排查", "p2"}, {"t3", "常态化宣传", ""}}});
    log_.campaignDrafted(kT0, {.id = "c2", .title = "另一行动", .tasks = {{"t1", "别的任务", ""}}});
    log_.campaignIssued(kT0 + kHour, "c1");
    log_.phaseStarted(kT0 + kHour, "c1", "p1");
    auto dispatch = [&](const std::string& id, const std::string& task, const std::string& unit, int64_t due) {
      log_.dispatched(kT0 + kHour, {.id = id, .campaign = "c1", .task = task, .assignee = unit, .dueAt = due});
    };
    dispatch("d1", "t1", "county", kT0 + 5 * kDay);
    dispatch("d2", "t1", "park", kT0 + 5 * kDay);
    dispatch("d3", "t2", "county", kT0 + 20 * kDay);
    dispatch("d4", "t2", "park", kT0 + 20 * kDay);
    dispatch("d5", "t3", "county", 0);
    log_.dispatched(kT0 + kHour, {.id = "x1", .campaign = "c2", .task = "t1", .assignee = "county", .dueAt = kT0});

    log_.acknowledged(kT0 + 1 * kDay, "d1");
    log_.acknowledged(kT0 + 1 * kDay, "d2");
    log_.completed(kT0 + 2 * kDay, "d1");
    log_.accepted(kT0 + 3 * kDay, "d1");
    log_.progress(kT0 + 4 * kDay, "d5");  // progress without acknowledgement still counts as acknowledged
    log_.phaseClosed(kT0 + 4 * kDay, "c1", "p1");
    log_.phaseStarted(kT0 + 4 * kDay, "c1", "p2");
    log_.acknowledged(kT0 + 6 * kDay, "d3");
    log_.delegated(kT0 + 6 * kDay, "d3", {"d3-town"});
    log_.dispatched(kT0 + 6 * kDay, {.id = "d3-town",
                                     .campaign = "c1",
                                     .task = "t2",
                                     .assignee = "town",
                                     .dueAt = kT0 + 15 * kDay,
                                     .parent = "d3"});
    log_.acknowledged(kT0 + 7 * kDay, "d3-town");
    log_.completed(kT0 + 7 * kDay, "d3-town");
    log_.accepted(kT0 + 7 * kDay, "d3-town");
    log_.completed(kT0 + 8 * kDay, "d3");
    log_.taskAdded(kT0 + 9 * kDay, "c1", {"t4", "补充任务", "p3"});
  }

  Answer<schema::CampaignProgress>* progressOf(const std::string& campaign, int64_t asOf) {
    answer_ = std::make_unique<Answer<schema::CampaignProgress>>(log_, CampaignProgress(campaign), asOf);
    return answer_.get();
  }

  TestLog log_;
  std::unique_ptr<Answer<schema::CampaignProgress>> answer_;
};

TEST_F(CampaignProgressTest, CountsPerPhaseTaskUnitAndTotalOverTopLevelDispatches) {
  auto p = progressOf("c1", kT0 + 10 * kDay)->get();
  EXPECT_EQ(p.getCampaignId(), "c1");
  EXPECT_EQ(p.getAsOf(), kT0 + 10 * kDay);
  EXPECT_EQ(p.getStatus(), "issued");
  // d1..d5; d3's delegated child d3-town is d3's own breakdown and x1 belongs to another campaign.
  expectCounts(p.getTotal(), {5, 4, 2, 1, 1, 0.8, 0.4, 0.2});

  auto phases = p.getPhases();
  ASSERT_EQ(phases.size(), 3u);
  EXPECT_EQ(phases[0].getKey(), "p1");
  EXPECT_EQ(phases[0].getName(), "动员部署");
  EXPECT_EQ(phases[0].getStatus(), "closed");
  EXPECT_EQ(phases[0].getStartedAt(), kT0 + kHour);
  EXPECT_EQ(phases[0].getClosedAt(), kT0 + 4 * kDay);
  expectCounts(phases[0].getCounts(), {2, 2, 1, 1, 1, 1.0, 0.5, 0.5});  // d2 is past due unfinished
  EXPECT_EQ(phases[1].getKey(), "p2");
  EXPECT_EQ(phases[1].getStatus(), "active");
  EXPECT_EQ(phases[1].getStartedAt(), kT0 + 4 * kDay);
  EXPECT_EQ(phases[1].getClosedAt(), 0);
  expectCounts(phases[1].getCounts(), {2, 1, 1, 0, 0, 0.5, 0.5, 0.0});
  EXPECT_EQ(phases[2].getKey(), "p3");
  EXPECT_EQ(phases[2].getStatus(), "pending");
  expectCounts(phases[2].getCounts(), {0, 0, 0, 0, 0, 0.0, 0.0, 0.0});

  auto tasks = p.getTasks();
  ASSERT_EQ(tasks.size(), 4u);
  EXPECT_EQ(tasks[0].getKey(), "t1");
  EXPECT_EQ(tasks[0].getTitle(), "制定方案");
  EXPECT_EQ(tasks[0].getPhase(), "p1");
  expectCounts(tasks[0].getCounts(), {2, 2, 1, 1, 1, 1.0, 0.5, 0.5});
  EXPECT_EQ(tasks[1].getKey(), "t2");
  expectCounts(tasks[1].getCounts(), {2, 1, 1, 0, 0, 0.5, 0.5, 0.0});
  EXPECT_EQ(tasks[2].getKey(), "t3");
  EXPECT_EQ(tasks[2].getPhase(), "");
  expectCounts(tasks[2].getCounts(), {1, 1, 0, 0, 0, 1.0, 0.0, 0.0});
  EXPECT_EQ(tasks[3].getKey(), "t4");  // added after drafting, not yet dispatched
  EXPECT_EQ(tasks[3].getTitle(), "补充任务");
  expectCounts(tasks[3].getCounts(), {0, 0, 0, 0, 0, 0.0, 0.0, 0.0});

  auto units = p.getUnits();
  ASSERT_EQ(units.size(), 2u);  // the town holds only a delegated child
  EXPECT_EQ(units[0].getUnit(), "county");
  expectCounts(units[0].getCounts(), {3, 3, 2, 1, 0, 1.0, 2.0 / 3, 1.0 / 3});
  EXPECT_EQ(units[1].getUnit(), "park");
  expectCounts(units[1].getCounts(), {2, 1, 0, 0, 1, 0.5, 0.0, 0.0});
}

TEST_F(CampaignProgressTest, AsOfAnEarlierInstantSeesOnlyWhatWasRecordedByThen) {
  auto p = progressOf("c1", kT0 + 2 * kDay)->get();
  expectCounts(p.getTotal(), {5, 2, 1, 0, 0, 0.4, 0.2, 0.0});
  EXPECT_EQ(p.getPhases()[0].getStatus(), "active");
  EXPECT_EQ(p.getPhases()[1].getStatus(), "pending");
  EXPECT_EQ(p.getTasks().size(), 3u);

  EXPECT_EQ(progressOf("c1", kT0)->get().getStatus(), "drafted");
  EXPECT_EQ(progressOf("c1", kT0 - 1)->get().getStatus(), "");
}

TEST_F(CampaignProgressTest, ClosingTheCampaignShowsInItsStatus) {
  log_.campaignClosed(kT0 + 30 * kDay, "c1");
  auto p = progressOf("c1", kT0 + 30 * kDay)->get();
  EXPECT_EQ(p.getStatus(), "closed");
  expectCounts(p.getTotal(), {5, 4, 2, 1, 2, 0.8, 0.4, 0.2});  // d4 is now past due as well
}

TEST_F(CampaignProgressTest, AnotherCampaignCountsOnlyItsOwnDispatches) {
  auto p = progressOf("c2", kT0 + 10 * kDay)->get();
  expectCounts(p.getTotal(), {1, 0, 0, 0, 1, 0.0, 0.0, 0.0});
  ASSERT_EQ(p.getTasks().size(), 1u);
  EXPECT_EQ(p.getTasks()[0].getTitle(), "别的任务");
  EXPECT_EQ(p.getPhases().size(), 0u);
}

}  // namespace
}  // namespace qingling::domain::projections
