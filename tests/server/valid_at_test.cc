// Bitemporal replay (issue 5, item 2) through the real qinglingd: a projection cut at --as-of (recordedAt) and
// --valid-at (occurredAt) shows a back-dated hazard only once it was recorded, only from when it occurred, and
// measures "overdue" against the business instant. See tests/server/backdated_story.h for the story.
#include <gtest/gtest.h>

#include "tests/server/backdated_story.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

class ValidAtTest : public ::testing::Test {
 protected:
  void SetUp() override { playBackdatedStory(server_); }

  // The projection `fill` asks for, cut at asOf and validAt (0 = none); fails the test if refused.
  Reply query(int64_t asOf, int64_t validAt, const std::function<void(schema::Query::Body::Builder)>& fill) {
    Reply reply = admin_.call([&](Body body) {
      auto q = body.initQuery();
      q.setAsOf(asOf);
      q.setValidAt(validAt);
      fill(q.getBody());
    });
    EXPECT_TRUE(reply->getBody().isProjection()) << describe(reply);
    return reply;
  }
  Reply ledger(int64_t asOf, int64_t validAt) {
    return query(asOf, validAt, [](auto body) { body.initHazardLedger().setUnit("county"); });
  }

  ServerProcess server_{backdatedStoryArgs()};
  Client admin_ = server_.admin();
};

TEST_F(ValidAtTest, ABackdatedHazardShowsOnlyOnceRecordedAndFromWhenItOccurred) {
  const int64_t day20 = at("2023-07-20T08:00+08:00"), day5 = at("2023-07-05T12:00+08:00");

  Reply known = ledger(day20, day5);
  auto answer = known->getBody().getProjection();
  EXPECT_EQ(answer.getValidAt(), day5);
  EXPECT_EQ(answer.getHazardLedger().getAsOf(), day20) << "the answer's asOf states the recordedAt cut";
  ASSERT_EQ(answer.getHazardLedger().getRows().size(), 1u);
  EXPECT_EQ(std::string(answer.getHazardLedger().getRows()[0].getHazardId().cStr()), "h1");
  EXPECT_EQ(std::string(answer.getHazardLedger().getRows()[0].getStatus().cStr()), "open")
      << "its verification on 07-12 had not occurred by 07-05";

  Reply notYetKnown = ledger(at("2023-07-08T12:00+08:00"), day5);
  EXPECT_EQ(notYetKnown->getBody().getProjection().getHazardLedger().getRows().size(), 0u)
      << "recorded on 07-10: on 07-08 nobody knew of it";

  Reply notYetOccurred = ledger(day20, at("2023-07-01T12:00+08:00"));
  EXPECT_EQ(notYetOccurred->getBody().getProjection().getHazardLedger().getRows().size(), 0u)
      << "found on 07-02: on 07-01 it had not occurred";
}

TEST_F(ValidAtTest, OverdueIsMeasuredAtTheBusinessInstant) {
  const int64_t day20 = at("2023-07-20T08:00+08:00");
  auto row = [&](int64_t validAt) {
    Reply reply = ledger(day20, validAt);
    auto rows = reply->getBody().getProjection().getHazardLedger().getRows();
    EXPECT_EQ(rows.size(), 1u);
    return rows.size() == 1 ? std::make_pair(std::string(rows[0].getStatus().cStr()), rows[0].getOverdue())
                            : std::make_pair(std::string(), false);
  };
  EXPECT_EQ(row(at("2023-07-03T12:00+08:00")), std::make_pair(std::string("open"), false)) << "before the deadline";
  EXPECT_EQ(row(at("2023-07-05T12:00+08:00")), std::make_pair(std::string("open"), true)) << "past 07-04, unverified";
  EXPECT_EQ(row(at("2023-07-15T12:00+08:00")), std::make_pair(std::string("verified"), false));
  EXPECT_EQ(row(0), std::make_pair(std::string("verified"), false)) << "no business-time cut: as known on 07-20";

  // Every projection gets the cut: the enterprise profile counts the overdue hazard at 07-05, none at 07-15.
  auto overdueInProfile = [&](int64_t validAt) {
    Reply reply = query(day20, validAt, [](auto body) { body.setEnterpriseProfile("ent"); });
    return reply->getBody().getProjection().getEnterpriseProfile().getOverdueHazards();
  };
  EXPECT_EQ(overdueInProfile(at("2023-07-05T12:00+08:00")), 1u);
  EXPECT_EQ(overdueInProfile(at("2023-07-15T12:00+08:00")), 0u);
}

}  // namespace
}  // namespace qingling::server::testing
