// Hazard ledger: one row per hazard with status through its lifecycle (plan, rectify, failed verification, fixed on
// the spot, reopen), regrades, listing and the latest deadline, filtered by unit subtree, campaign, grade, source,
// status and overdue; the state as of an earlier instant comes from the events recorded by then.
#include "domain/projections/hazard_ledger.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/domain/projections/hazard_log.h"
#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;
using Grade = schema::HazardGrade;
using Source = schema::HazardSource;

class HazardLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hazardRecorded(log_, kT0 + 1 * kDay, 0,
                   {.id = "h1",
                    .enterprise = "ent1",
                    .campaign = "c1",
                    .category = "消防",
                    .description = "fire exits blocked",
                    .deadlineAt = kT0 + 5 * kDay});
    hazardRecorded(
        log_, kT0 + 1 * kDay, 0,
        {.id = "h2", .enterprise = "ent1", .campaign = "c1", .source = Source::ENFORCEMENT, .grade = Grade::GENERAL});
    hazardRecorded(
        log_, kT0 + 1 * kDay, kT0,
        {.id = "h4", .enterprise = "ent1", .campaign = "c1", .grade = Grade::GENERAL, .deadlineAt = kT0 + 2 * kDay});
    hazardFixedOnSpot(log_, kT0 + 1 * kDay + kHour, "h2");
    rectificationPlanned(log_, kT0 + 2 * kDay, "h1", kT0 + 10 * kDay);
    hazardRecorded(log_, kT0 + 2 * kDay, 0,
                   {.id = "h3",
                    .enterprise = "ent2",
                    .campaign = "c2",
                    .source = Source::UNANNOUNCED,
                    .grade = Grade::GENERAL,
                    .deadlineAt = kT0 + 3 * kDay});
    hazardRectified(log_, kT0 + 2 * kDay, "h4");
    hazardRectified(log_, kT0 + 3 * kDay, "h1");
    hazardRegraded(log_, kT0 + 3 * kDay, "h3", Grade::GENERAL, Grade::MAJOR);
    hazardVerified(log_, kT0 + 3 * kDay, 0, "h4", true);
    hazardVerified(log_, kT0 + 4 * kDay, 0, "h1", false);
    hazardClosed(log_, kT0 + 4 * kDay, "h4");
    hazardListed(log_, kT0 + 5 * kDay, "h1", "county", kT0 + 12 * kDay);
    hazardReopened(log_, kT0 + 6 * kDay, "h4");
  }

  std::vector<std::string> ids(HazardLedgerFilter filter, int64_t asOf = kT0 + 20 * kDay) {
    Answer<schema::HazardLedger> answer(log_, HazardLedger(std::move(filter), directory_), asOf);
    std::vector<std::string> out;
    for (auto row : answer.get().getRows()) out.emplace_back(row.getHazardId());
    return out;
  }

  TestLog log_;
  Directory directory_ =
      directoryOf({{"county", ""}, {"town", "county"}, {"ent1", "town"}, {"other", ""}, {"ent2", "other"}});
};

TEST_F(HazardLedgerTest, RowsCarryLifecycleState) {
  Answer<schema::HazardLedger> answer(log_, HazardLedger({}, directory_), kT0 + 20 * kDay);
  auto rows = answer.get().getRows();
  EXPECT_EQ(answer.get().getAsOf(), kT0 + 20 * kDay);
  ASSERT_EQ(rows.size(), 4u);
  // By foundAt: h4 occurred at kT0; h1 and h2 at +1d (by id); h3 at +2d.
  EXPECT_EQ(rows[0].getHazardId(), "h4");
  EXPECT_EQ(rows[1].getHazardId(), "h1");
  EXPECT_EQ(rows[2].getHazardId(), "h2");
  EXPECT_EQ(rows[3].getHazardId(), "h3");

  auto h4 = rows[0];
  EXPECT_EQ(h4.getStatus(), "open");
  EXPECT_EQ(h4.getReopened(), 1u);
  EXPECT_EQ(h4.getFoundAt(), kT0);
  EXPECT_EQ(h4.getRecordedAt(), kT0 + 1 * kDay);
  EXPECT_TRUE(h4.getOverdue());

  auto h1 = rows[1];
  EXPECT_EQ(h1.getStatus(), "rectificationPlanned");  // failed verification goes back to the plan
  EXPECT_EQ(h1.getVerificationsFailed(), 1u);
  EXPECT_EQ(h1.getDeadlineAt(), kT0 + 12 * kDay);  // the listing's deadline
  EXPECT_TRUE(h1.getListed());
  EXPECT_EQ(h1.getAuthority(), "county");
  EXPECT_TRUE(h1.getOverdue());
  EXPECT_EQ(h1.getCategory(), "消防");
  EXPECT_EQ(h1.getDescription(), "fire exits blocked");
  EXPECT_EQ(h1.getGrade(), Grade::MAJOR);
  EXPECT_EQ(h1.getSource(), Source::SELF_INSPECTION);
  EXPECT_EQ(h1.getCampaignId(), "c1");
  EXPECT_EQ(h1.getEnterprise(), "ent1");

  auto h2 = rows[2];
  EXPECT_EQ(h2.getStatus(), "closed");
  EXPECT_FALSE(h2.getOverdue());
  EXPECT_FALSE(h2.getListed());

  auto h3 = rows[3];
  EXPECT_EQ(h3.getGrade(), Grade::MAJOR);
  EXPECT_EQ(h3.getStatus(), "open");
  EXPECT_TRUE(h3.getOverdue());
}

TEST_F(HazardLedgerTest, Filters) {
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({.unit = "town"}), (V{"h4", "h1", "h2"}));
  EXPECT_EQ(ids({.unit = "other"}), (V{"h3"}));
  EXPECT_EQ(ids({.campaign = "c2"}), (V{"h3"}));
  EXPECT_EQ(ids({.grade = Grade::MAJOR}), (V{"h1", "h3"}));
  EXPECT_EQ(ids({.source = Source::ENFORCEMENT}), (V{"h2"}));
  EXPECT_EQ(ids({.status = "closed"}), (V{"h2"}));
  EXPECT_EQ(ids({.overdueOnly = true}), (V{"h4", "h1", "h3"}));
  EXPECT_EQ(ids({.unit = "town", .grade = Grade::MAJOR, .overdueOnly = true}), (V{"h1"}));
}

TEST_F(HazardLedgerTest, AsOfEarlierInstant) {
  Answer<schema::HazardLedger> answer(log_, HazardLedger({}, directory_), kT0 + 3 * kDay + kHour);
  auto rows = answer.get().getRows();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].getStatus(), "verified");  // h4, not yet closed nor reopened
  EXPECT_FALSE(rows[0].getOverdue());
  EXPECT_EQ(rows[1].getStatus(), "rectified");  // h1
  EXPECT_EQ(rows[1].getDeadlineAt(), kT0 + 10 * kDay);
  EXPECT_FALSE(rows[1].getOverdue());
  EXPECT_FALSE(rows[1].getListed());
  EXPECT_EQ(ids({.overdueOnly = true}, kT0 + 3 * kDay + kHour), (std::vector<std::string>{"h3"}));
  EXPECT_EQ(ids({.overdueOnly = true}, kT0 + 3 * kDay), (std::vector<std::string>{}));  // h3 due at +3d exactly
}

}  // namespace
}  // namespace qingling::domain::projections
