// Duty compliance: one row per measured item and period begun by asOf, the period clipped to the campaign span;
// done counts the holder's own activities of the item's kind whose local day falls in the period.
#include "domain/projections/duty_compliance.h"

#include <gtest/gtest.h>

#include "domain/local_date.h"
#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;
using Activity = schema::DutyActivity;

constexpr int32_t kShanghai = 8 * 3600;

// The instant `hour` hours into local day `date` in Shanghai.
int64_t local(const char* date, int64_t hour = 10) {
  return startOfLocalDay(*LocalDate::parse(date), kShanghai) + hour * kHour;
}

struct Expected {
  std::string holder;
  uint32_t item;
  std::string periodStart, periodEnd;
  uint32_t required, done;
  bool met;
};

class DutyComplianceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CampaignSpec campaign{
        .id = "c1", .title = "三大战役", .start = "2023-07-10", .end = "2023-10-20", .timezone = "Asia/Shanghai"};
    campaign.duties = {
        {.holder = "leader-wang",
         .position = "分管副局长",
         .items = {{.text = "每月至少2次督导检查", .activity = Activity::INSPECTION, .atLeast = 2},
                   {.text = "包联重点企业", .activity = Activity::SUPERVISION, .standing = true},
                   {.text = "每月书面报告", .activity = Activity::REPORT}}},
        {.holder = "leader-li",
         .position = "局长",
         .items = {{.text = "每月督导检查", .activity = Activity::INSPECTION}}},
    };
    log_.campaignDrafted(local("2023-07-01"), campaign);

    // Wang, July: two inspections, the second late on the 31st; one before the campaign began does not count.
    log_.dutyActivity(local("2023-07-05"), local("2023-07-05"), "leader-wang", "c1", Activity::INSPECTION);
    log_.dutyActivity(local("2023-07-15"), local("2023-07-15"), "leader-wang", "c1", Activity::INSPECTION);
    log_.dutyActivity(local("2023-08-02"), local("2023-07-31", 23), "leader-wang", "c1", Activity::INSPECTION);
    // Wang, August: one inspection just after local midnight (still July 31 in UTC) and the written report.
    log_.dutyActivity(local("2023-08-01", 1), local("2023-08-01", 0) + 30 * 60 * kSecond, "leader-wang", "c1",
                      Activity::INSPECTION);
    log_.dutyActivity(local("2023-08-20"), local("2023-08-20"), "leader-wang", "c1", Activity::REPORT);
    // Not Wang's inspections: another activity, another campaign, another holder.
    log_.dutyActivity(local("2023-07-12"), local("2023-07-12"), "leader-wang", "c1", Activity::MEETING);
    log_.dutyActivity(local("2023-07-20"), local("2023-07-20"), "leader-wang", "c2", Activity::INSPECTION);
    log_.dutyActivity(local("2023-07-20"), local("2023-07-20"), "leader-li", "c1", Activity::INSPECTION);
    // Done on September 2nd, logged only on the 10th.
    log_.dutyActivity(local("2023-09-10"), local("2023-09-02"), "leader-wang", "c1", Activity::INSPECTION);
  }

  void expectPeriods(int64_t asOf, const std::vector<Expected>& expected) {
    Answer<schema::DutyCompliance> answer(log_, DutyCompliance("c1"), asOf);
    auto out = answer.get();
    EXPECT_EQ(out.getCampaignId(), "c1");
    EXPECT_EQ(out.getAsOf(), asOf);
    auto periods = out.getPeriods();
    ASSERT_EQ(periods.size(), expected.size());
    for (unsigned i = 0; i < expected.size(); ++i) {
      const Expected& e = expected[i];
      auto p = periods[i];
      SCOPED_TRACE(e.holder + " " + std::to_string(e.item) + " " + e.periodStart);
      EXPECT_EQ(p.getHolder(), e.holder);
      EXPECT_EQ(p.getPosition(), e.holder == "leader-wang" ? "分管副局长" : "局长");
      EXPECT_EQ(p.getItem(), e.item);
      EXPECT_EQ(p.getPeriodStart(), e.periodStart);
      EXPECT_EQ(p.getPeriodEnd(), e.periodEnd);
      EXPECT_EQ(p.getRequired(), e.required);
      EXPECT_EQ(p.getDone(), e.done);
      EXPECT_EQ(p.getMet(), e.met);
    }
  }

  TestLog log_;
};

TEST_F(DutyComplianceTest, MonthlyPeriodsBegunByAsOfWithMetAndUnmet) {
  // September has begun, October not; the standing item (index 1) is not measured.
  const std::vector<Expected> expected = {
      {"leader-wang", 0, "2023-07-10", "2023-07-31", 2, 2, true},
      {"leader-wang", 0, "2023-08-01", "2023-08-31", 2, 1, false},
      {"leader-wang", 0, "2023-09-01", "2023-09-30", 2, 0, false},
      {"leader-wang", 2, "2023-07-10", "2023-07-31", 1, 0, false},
      {"leader-wang", 2, "2023-08-01", "2023-08-31", 1, 1, true},
      {"leader-wang", 2, "2023-09-01", "2023-09-30", 1, 0, false},
      {"leader-li", 0, "2023-07-10", "2023-07-31", 1, 1, true},
      {"leader-li", 0, "2023-08-01", "2023-08-31", 1, 0, false},
      {"leader-li", 0, "2023-09-01", "2023-09-30", 1, 0, false},
  };
  expectPeriods(local("2023-09-05"), expected);
}

TEST_F(DutyComplianceTest, WhatWasKnownAsOfAnInstantDecides) {
  // On August 1st Wang's July 31st inspection was not yet logged; August has just begun.
  {
    const std::vector<Expected> expected = {
        {"leader-wang", 0, "2023-07-10", "2023-07-31", 2, 1, false},
        {"leader-wang", 0, "2023-08-01", "2023-08-31", 2, 1, false},
        {"leader-wang", 2, "2023-07-10", "2023-07-31", 1, 0, false},
        {"leader-wang", 2, "2023-08-01", "2023-08-31", 1, 0, false},
        {"leader-li", 0, "2023-07-10", "2023-07-31", 1, 1, true},
        {"leader-li", 0, "2023-08-01", "2023-08-31", 1, 0, false},
    };
    expectPeriods(local("2023-08-01", 12), expected);
  }
  // The September 2nd inspection counts in September once logged, and the last period ends with the campaign.
  {
    const std::vector<Expected> expected = {
        {"leader-wang", 0, "2023-07-10", "2023-07-31", 2, 2, true},
        {"leader-wang", 0, "2023-08-01", "2023-08-31", 2, 1, false},
        {"leader-wang", 0, "2023-09-01", "2023-09-30", 2, 1, false},
        {"leader-wang", 0, "2023-10-01", "2023-10-20", 2, 0, false},
        {"leader-wang", 2, "2023-07-10", "2023-07-31", 1, 0, false},
        {"leader-wang", 2, "2023-08-01", "2023-08-31", 1, 1, true},
        {"leader-wang", 2, "2023-09-01", "2023-09-30", 1, 0, false},
        {"leader-wang", 2, "2023-10-01", "2023-10-20", 1, 0, false},
        {"leader-li", 0, "2023-07-10", "2023-07-31", 1, 1, true},
        {"leader-li", 0, "2023-08-01", "2023-08-31", 1, 0, false},
        {"leader-li", 0, "2023-09-01", "2023-09-30", 1, 0, false},
        {"leader-li", 0, "2023-10-01", "2023-10-20", 1, 0, false},
    };
    expectPeriods(local("2023-10-01", 0), expected);
  }
}

TEST_F(DutyComplianceTest, APeriodBeginsAtTheStartOfItsFirstLocalDay) {
  Answer<schema::DutyCompliance> before(log_, DutyCompliance("c1"), local("2023-08-01", 0) - 1);
  EXPECT_EQ(before.get().getPeriods().size(), 3u);  // July only, for each measured item
  Answer<schema::DutyCompliance> at(log_, DutyCompliance("c1"), local("2023-08-01", 0));
  EXPECT_EQ(at.get().getPeriods().size(), 6u);
}

TEST_F(DutyComplianceTest, NoRowsBeforeTheCampaignIsDraftedOrBeforeItStarts) {
  Answer<schema::DutyCompliance> undrafted(log_, DutyCompliance("c1"), local("2023-06-30"));
  EXPECT_EQ(undrafted.get().getPeriods().size(), 0u);
  Answer<schema::DutyCompliance> notStarted(log_, DutyCompliance("c1"), local("2023-07-09", 23));
  EXPECT_EQ(notStarted.get().getPeriods().size(), 0u);
  Answer<schema::DutyCompliance> otherCampaign(log_, DutyCompliance("c2"), local("2023-09-05"));
  EXPECT_EQ(otherCampaign.get().getPeriods().size(), 0u);
}

}  // namespace
}  // namespace qingling::domain::projections
