// Hazard ledger rows for extended deadlines and the suspension path: the current deadline after an approved
// extension (and that it was extended, or is pending), overdue counted from it; a suspended hazard's assessment,
// resumption application and review; extension events about dispatches ignored.
#include <string>

#include <gtest/gtest.h>

#include "domain/projections/hazard_ledger.h"
#include "tests/domain/projections/hazard_log.h"
#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;

void extensionRequested(TestLog& log, int64_t at, const std::string& hazard) {
  auto e = log.add(at).initExtensionRequested();
  e.initSubject().setHazard(hazard);
  e.setRequestedDeadline("2023-07-20");
}

void extensionDecided(TestLog& log, int64_t at, schema::SubjectRef::Which kind, const std::string& id, bool approved,
                      int64_t deadlineAt) {
  auto e = log.add(at).initExtensionDecided();
  if (kind == schema::SubjectRef::HAZARD) e.initSubject().setHazard(id);
  if (kind == schema::SubjectRef::DISPATCH) e.initSubject().setDispatch(id);
  e.setApproved(approved);
  e.setDeadlineAt(deadlineAt);
}

class HazardLedgerExtensionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hazardRecorded(log_, kT0, 0, {.id = "h1", .enterprise = "ent1", .deadlineAt = kT0 + 5 * kDay});
    extensionRequested(log_, kT0 + 1 * kDay, "h1");
    extensionDecided(log_, kT0 + 2 * kDay, schema::SubjectRef::HAZARD, "h1", true, kT0 + 20 * kDay);
    extensionDecided(log_, kT0 + 2 * kDay, schema::SubjectRef::DISPATCH, "h1", true, kT0 + 2 * kDay);
    extensionRequested(log_, kT0 + 3 * kDay, "h1");
    extensionDecided(log_, kT0 + 4 * kDay, schema::SubjectRef::HAZARD, "h1", false, 0);

    hazardRecorded(log_, kT0, 0, {.id = "h2", .enterprise = "ent1", .deadlineAt = kT0 + 5 * kDay});
    auto listed = log_.add(kT0 + 1 * kDay).initHazardListed();
    listed.setHazardId("h2");
    listed.setAuthority("county");
    listed.setSuspension(true);
    hazardRectified(log_, kT0 + 2 * kDay, "h2");
    auto assessed = log_.add(kT0 + 3 * kDay).initHazardAssessed();
    assessed.setHazardId("h2");
    assessed.setPassed(true);
    log_.add(kT0 + 4 * kDay).initResumptionApplied().setHazardId("h2");
    auto failed = log_.add(kT0 + 5 * kDay).initResumptionReviewed();
    failed.setHazardId("h2");
    hazardRectified(log_, kT0 + 6 * kDay, "h2");
    auto again = log_.add(kT0 + 7 * kDay).initHazardAssessed();
    again.setHazardId("h2");
    again.setPassed(true);
    log_.add(kT0 + 8 * kDay).initResumptionApplied().setHazardId("h2");
    auto passed = log_.add(kT0 + 9 * kDay).initResumptionReviewed();
    passed.setHazardId("h2");
    passed.setPassed(true);
  }

  schema::HazardRow::Reader row(Answer<schema::HazardLedger>& answer, const std::string& id) {
    for (auto r : answer.get().getRows()) {
      if (r.getHazardId() == id) return r;
    }
    ADD_FAILURE() << id << " has no row";
    return answer.get().getRows()[0];
  }

  TestLog log_;
  Directory directory_ = directoryOf({{"county", ""}, {"ent1", "county"}});
};

TEST_F(HazardLedgerExtensionTest, ExtendedDeadlineReplacesTheOldAndShowsAsExtended) {
  Answer<schema::HazardLedger> pending(log_, HazardLedger({}, directory_), kT0 + 1 * kDay);
  EXPECT_TRUE(row(pending, "h1").getExtensionPending());
  EXPECT_EQ(row(pending, "h1").getExtensions(), 0u);
  EXPECT_EQ(row(pending, "h1").getDeadlineAt(), kT0 + 5 * kDay);

  Answer<schema::HazardLedger> later(log_, HazardLedger({}, directory_), kT0 + 10 * kDay);
  auto h1 = row(later, "h1");
  EXPECT_EQ(h1.getDeadlineAt(), kT0 + 20 * kDay);  // the refused second request changed nothing; the dispatch's
  EXPECT_EQ(h1.getExtensions(), 1u);               // extension of the same id is not this hazard's
  EXPECT_FALSE(h1.getExtensionPending());
  EXPECT_FALSE(h1.getOverdue());  // past the first deadline, not the extended one
}

TEST_F(HazardLedgerExtensionTest, SuspendedHazardShowsItsWayToResumption) {
  Answer<schema::HazardLedger> applied(log_, HazardLedger({}, directory_), kT0 + 4 * kDay);
  auto h2 = row(applied, "h2");
  EXPECT_TRUE(h2.getSuspension());
  EXPECT_TRUE(h2.getAssessed());
  EXPECT_TRUE(h2.getResumptionApplied());
  EXPECT_EQ(h2.getStatus(), "rectified");

  Answer<schema::HazardLedger> failed(log_, HazardLedger({}, directory_), kT0 + 5 * kDay);
  EXPECT_EQ(row(failed, "h2").getStatus(), "open");
  EXPECT_FALSE(row(failed, "h2").getAssessed());
  EXPECT_EQ(row(failed, "h2").getVerificationsFailed(), 1u);

  Answer<schema::HazardLedger> reviewed(log_, HazardLedger({}, directory_), kT0 + 9 * kDay);
  EXPECT_EQ(row(reviewed, "h2").getStatus(), "verified");
  EXPECT_FALSE(row(reviewed, "h2").getResumptionApplied());
  EXPECT_FALSE(row(reviewed, "h2").getOverdue());
}

}  // namespace
}  // namespace qingling::domain::projections
