// Monthly dispatch table: cumulative counts of major hazards by source (self-inspection, government), listed, and
// rectified (verification passed), spot checks, rate and overdue, for a unit's subtree up to the end of a month
// (UTC+8) — only what occurred and was recorded by then — and from a campaign's start when one is named.
#include "domain/projections/dispatch_table.h"

#include <gtest/gtest.h>

#include "tests/domain/projections/hazard_log.h"
#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;
using Grade = schema::HazardGrade;
using Source = schema::HazardSource;

// 2023-07 ends at 2023-08-01T00:00+08:00 = 2023-07-31T16:00Z.
constexpr int64_t kJulyCutoff = kT0 + 30 * kDay + 16 * kHour;

class DispatchTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CampaignSpec campaign{
        .id = "c1", .title = "three battles", .start = "2023-07-03", .end = "2023-12-31", .timezone = "Asia/Shanghai"};
    log_.campaignDrafted(kT0, campaign);
    // Rectified in July.
    record(kT0 + 1 * kDay, 0, {.id = "s1", .enterprise = "ent1", .deadlineAt = kT0 + 10 * kDay});
    hazardVerified(log_, kT0 + 8 * kDay, 0, "s1", true);
    // Overdue, never verified.
    record(kT0 + 2 * kDay, 0, {.id = "s2", .enterprise = "ent2", .deadlineAt = kT0 + 5 * kDay});
    // Verified on 07-30 but recorded on 08-01: not known by the July cutoff.
    record(kT0 + 2 * kDay, 0, {.id = "s3", .enterprise = "ent1", .deadlineAt = kT0 + 40 * kDay});
    hazardVerified(log_, kT0 + 31 * kDay, kT0 + 29 * kDay, "s3", true);
    // Government findings: listed and rectified; regraded to major; stays general; rectified then reopened.
    record(kT0 + 2 * kDay, 0, {.id = "g1", .enterprise = "ent1", .source = Source::ENFORCEMENT});
    hazardListed(log_, kT0 + 2 * kDay, "g1", "county", kT0 + 20 * kDay);
    hazardVerified(log_, kT0 + 9 * kDay, 0, "g1", true);
    record(kT0 + 2 * kDay, 0, {.id = "g2", .enterprise = "ent2", .source = Source::EXPERT, .grade = Grade::GENERAL});
    hazardRegraded(log_, kT0 + 3 * kDay, "g2", Grade::GENERAL, Grade::MAJOR);
    record(kT0 + 2 * kDay, 0,
           {.id = "g3", .enterprise = "ent1", .source = Source::SUPERVISION, .grade = Grade::GENERAL});
    record(kT0 + 2 * kDay, 0,
           {.id = "r1", .enterprise = "ent2", .source = Source::CROSS_INSPECTION, .deadlineAt = kT0 + 7 * kDay});
    hazardVerified(log_, kT0 + 4 * kDay, 0, "r1", true);
    hazardReopened(log_, kT0 + 6 * kDay, "r1");
    // A tip: counted among all majors only.
    record(kT0 + 2 * kDay, 0, {.id = "t1", .enterprise = "ent1", .source = Source::TIP});
    hazardVerified(log_, kT0 + 5 * kDay, 0, "t1", true);
    // Outside the county.
    record(kT0 + 2 * kDay, 0, {.id = "x1", .enterprise = "ent3"});
    // Found in July but recorded in August; found in August.
    record(kT0 + 32 * kDay, kT0 + 20 * kDay, {.id = "late1", .enterprise = "ent1"});
    record(kT0 + 35 * kDay, 0, {.id = "aug1", .enterprise = "ent1"});

    inspectionRecorded(log_, kT0 + 1 * kDay, 0, "i1", "ent1", 3);
    inspectionRecorded(log_, kT0 + 2 * kDay, 0, "i2", "ent2", 2);
    inspectionRecorded(log_, kT0 + 2 * kDay, 0, "i3", "ent3", 7);
    inspectionRecorded(log_, kT0 + 33 * kDay, 0, "i4", "ent1", 5);
  }

  void record(int64_t recordedAt, int64_t occurredAt, const HazardSpec& spec) {
    hazardRecorded(log_, recordedAt, occurredAt, spec);
  }

  TestLog log_;
  Directory directory_ = directoryOf(
      {{"city", ""}, {"county", "city"}, {"ent1", "county"}, {"ent2", "county"}, {"other", "city"}, {"ent3", "other"}});
};

TEST_F(DispatchTableTest, JulyForCounty) {
  Answer<schema::DispatchTable> answer(log_, DispatchTable("county", "2023-07", "", directory_), kT0 + 40 * kDay);
  auto t = answer.get();
  EXPECT_EQ(t.getUnit(), "county");
  EXPECT_EQ(t.getMonth(), "2023-07");
  EXPECT_EQ(t.getCutoff(), kJulyCutoff);
  EXPECT_EQ(t.getSelfInspectionMajorFound(), 3u);      // s1, s2, s3
  EXPECT_EQ(t.getSelfInspectionMajorRectified(), 1u);  // s1
  EXPECT_EQ(t.getGovernmentMajorFound(), 3u);          // g1, g2 (regraded), r1
  EXPECT_EQ(t.getGovernmentMajorRectified(), 1u);      // g1; r1 reopened
  EXPECT_EQ(t.getListedFound(), 1u);
  EXPECT_EQ(t.getListedRectified(), 1u);
  EXPECT_EQ(t.getSpotChecks(), 5u);
  EXPECT_EQ(t.getMajorFound(), 7u);      // with t1
  EXPECT_EQ(t.getMajorRectified(), 3u);  // s1, g1, t1
  EXPECT_DOUBLE_EQ(t.getRectificationRate(), 3.0 / 7.0);
  EXPECT_EQ(t.getOverdueNotRectified(), 2u);  // s2, r1
}

TEST_F(DispatchTableTest, WholeLogAndPastMonthIsStable) {
  // Same answer whether asked at the cutoff or long after: late news does not change July.
  Answer<schema::DispatchTable> early(log_, DispatchTable("", "2023-07", "", directory_), kJulyCutoff);
  Answer<schema::DispatchTable> late(log_, DispatchTable("", "2023-07", "", directory_), kT0 + 40 * kDay);
  for (auto t : {early.get(), late.get()}) {
    EXPECT_EQ(t.getSelfInspectionMajorFound(), 4u);  // with x1
    EXPECT_EQ(t.getSelfInspectionMajorRectified(), 1u);
    EXPECT_EQ(t.getSpotChecks(), 12u);
    EXPECT_EQ(t.getMajorFound(), 8u);
  }
}

TEST_F(DispatchTableTest, AugustIsCumulative) {
  Answer<schema::DispatchTable> answer(log_, DispatchTable("county", "2023-08", "", directory_), kT0 + 40 * kDay);
  auto t = answer.get();
  EXPECT_EQ(t.getSelfInspectionMajorFound(), 5u);      // s1, s2, s3, late1, aug1
  EXPECT_EQ(t.getSelfInspectionMajorRectified(), 2u);  // s1, s3
  EXPECT_EQ(t.getSpotChecks(), 10u);
  // s2, r1; s3 was verified before its deadline.
  EXPECT_EQ(t.getOverdueNotRectified(), 2u);
}

TEST_F(DispatchTableTest, FromCampaignStart) {
  // c1 starts 2023-07-03 (+08:00): s1 and i1 (07-02 08:00 +08:00) are before it.
  Answer<schema::DispatchTable> answer(log_, DispatchTable("county", "2023-07", "c1", directory_), kT0 + 40 * kDay);
  auto t = answer.get();
  EXPECT_EQ(t.getSelfInspectionMajorFound(), 2u);
  EXPECT_EQ(t.getSelfInspectionMajorRectified(), 0u);
  EXPECT_EQ(t.getSpotChecks(), 2u);
  EXPECT_EQ(t.getGovernmentMajorFound(), 3u);
}

TEST_F(DispatchTableTest, BadMonthIsEmpty) {
  Answer<schema::DispatchTable> answer(log_, DispatchTable("county", "2023-13", "", directory_), kT0 + 40 * kDay);
  auto t = answer.get();
  EXPECT_EQ(t.getCutoff(), 0);
  EXPECT_EQ(t.getMajorFound(), 0u);
  EXPECT_EQ(t.getSpotChecks(), 0u);
}

}  // namespace
}  // namespace qingling::domain::projections
