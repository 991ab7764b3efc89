// A tip's follow-ups: the one +30-day extension of its verification, the feedback within 10 days of the
// verification, the reward of a substantiated tip. Every refusal asserts its code, and a refusal emits nothing.
#include <gtest/gtest.h>

#include "tests/domain/hazard_fixture.h"

#include "domain/tip.h"

namespace qingling::domain {
namespace {

using schema::HazardGrade;
using schema::Role;

constexpr int64_t kDay = int64_t{86400} * 1000000;
constexpr int64_t kT0 = int64_t{1'780'000'000} * 1000000;  // receipt

class TipFollowupTest : public testing::HazardFixture {
 protected:
  void SetUp() override {
    HazardFixture::SetUp();
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::ReceiveTip>();
    c.setTipId("t1");
    c.setEnterprise("ent");
    c.setContent("夜间违规动火");
    c.setAnonymous(true);
    ASSERT_TRUE(tipOk(decideReceiveTip(tip_, dir_, tipOfficer_, c.asReader(), "", kT0)));
  }
  // Folds a decided tip event, recorded at `at`.
  bool tipOk(const Decision& d, int64_t at = kT0) {
    if (!std::holds_alternative<Emitted>(d)) return false;
    for (const auto& s : std::get<Emitted>(d).streams) {
      if (s.streamId != "tip-t1") continue;
      for (const auto& e : s.events) {
        auto env = e.message->getRoot<schema::EventEnvelope>();
        env.setStreamVersion(tip_.version + 1);
        env.setRecordedAt(at);
        evolve(tip_, env.asReader());
      }
    }
    return true;
  }
  Decision extend(const Principal& who, const std::string& by, int64_t now) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::ExtendTipVerification>();
    c.setTipId("t1");
    c.setBy(by);
    c.setReason("需要调取监控");
    return decideExtendTipVerification(tip_, dir_, who, c.asReader(), now);
  }
  Decision verify(bool substantiated) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::VerifyTip>();
    c.setTipId("t1");
    c.setSubstantiated(substantiated);
    c.setNote("核查");
    if (substantiated) {
      auto h = c.initHazard();
      h.setHazardId("h1");
      h.setEnterprise("ent");
      h.setDescription("动火作业无审批");
    }
    return decideVerifyTip(tip_, h_, dir_, tipOfficer_, c.asReader());
  }
  Decision feedback(const Principal& who, int64_t now, const std::string& note = "已查实并责令整改") {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::TipNote>();
    c.setTipId("t1");
    c.setNote(note);
    return decideGiveTipFeedback(tip_, dir_, who, c.asReader(), now);
  }
  Decision reward(const Principal& who, int64_t fen) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::RewardTip>();
    c.setTipId("t1");
    c.setAmountFen(fen);
    return decideRewardTip(tip_, dir_, who, c.asReader());
  }

  TipState tip_;
  const Principal otherTipOfficer_{"ma", "sec-b", {Role::TIP_OFFICER}, "t"};
};

TEST_F(TipFollowupTest, SubstantiatedTipIsExtendedVerifiedAnsweredAndRewarded) {
  Decision extended = extend(countyLeader_, "P30D", kT0 + 50 * kDay);
  ASSERT_TRUE(std::holds_alternative<Emitted>(extended));
  EXPECT_EQ(std::get<Emitted>(extended).streams.at(0).streamId, "tip-t1");
  ASSERT_TRUE(tipOk(extended));
  EXPECT_EQ(tip_.verifyBy, kT0 + kTipVerifyMicros + 30 * kDay);
  ASSERT_TRUE(tipOk(verify(true), kT0 + 80 * kDay));
  ASSERT_TRUE(tipOk(feedback(tipOfficer_, kT0 + 90 * kDay)));  // the 10th day after the verification
  EXPECT_TRUE(tip_.feedbackGiven);
  Decision rewarded = reward(cityLeader_, 300000);  // 3,000 yuan
  ASSERT_TRUE(std::holds_alternative<Emitted>(rewarded));
  EXPECT_EQ(
      std::get<Emitted>(rewarded).streams.at(0).events.at(0).envelope().getPayload().getTipRewarded().getAmountFen(),
      300000);
  ASSERT_TRUE(tipOk(rewarded));
  EXPECT_TRUE(tip_.rewarded);
}

TEST_F(TipFollowupTest, ExtensionRefusesIllegalStepsAndUnauthorisedActors) {
  EXPECT_EQ(refused(extend(countyDept_, "P30D", kT0)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(extend(entUser_, "P30D", kT0)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(extend(auditor_, "P30D", kT0)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(extend(otherTipOfficer_, "P30D", kT0)).code, RejectionCode::forbidden);  // outside the reach
  EXPECT_EQ(refused(extend(tipOfficer_, "P31D", kT0)).path, "by");
  EXPECT_EQ(refused(extend(tipOfficer_, "-P1D", kT0)).path, "by");
  EXPECT_EQ(refused(extend(tipOfficer_, "", kT0)).path, "by");
  EXPECT_EQ(refused(extend(tipOfficer_, "P10D", kT0 + kTipVerifyMicros)).code, RejectionCode::conflict);  // too late
  ASSERT_TRUE(tipOk(extend(tipOfficer_, "P10D", kT0)));
  EXPECT_EQ(refused(extend(tipOfficer_, "P10D", kT0)).code, RejectionCode::conflict);  // only once
}

TEST_F(TipFollowupTest, FeedbackRefusesIllegalStepsAndUnauthorisedActors) {
  EXPECT_EQ(refused(feedback(tipOfficer_, kT0)).code, RejectionCode::conflict);  // not verified yet
  ASSERT_TRUE(tipOk(verify(false), kT0 + 5 * kDay));
  EXPECT_EQ(refused(extend(tipOfficer_, "P10D", kT0 + 6 * kDay)).code, RejectionCode::conflict);  // verified
  EXPECT_EQ(refused(feedback(cityLeader_, kT0 + 6 * kDay)).code, RejectionCode::forbidden);       // tip officers only
  EXPECT_EQ(refused(feedback(countyDept_, kT0 + 6 * kDay)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(feedback(otherTipOfficer_, kT0 + 6 * kDay)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(feedback(tipOfficer_, kT0 + 15 * kDay + 1)).code, RejectionCode::conflict);  // past 10 days
  EXPECT_EQ(refused(feedback(tipOfficer_, kT0 + 6 * kDay, "")).path, "note");
  ASSERT_TRUE(tipOk(feedback(tipOfficer_, kT0 + 6 * kDay)));
  EXPECT_EQ(refused(feedback(tipOfficer_, kT0 + 7 * kDay)).code, RejectionCode::conflict);  // once
}

TEST_F(TipFollowupTest, RewardRefusesIllegalStepsAndUnauthorisedActors) {
  EXPECT_EQ(refused(reward(tipOfficer_, 300000)).code, RejectionCode::conflict);  // not verified yet
  ASSERT_TRUE(tipOk(verify(true)));
  EXPECT_EQ(refused(reward(countyDept_, 300000)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(reward(entUser_, 300000)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(reward(otherTipOfficer_, 300000)).code, RejectionCode::forbidden);
  const Principal otherLeader{"qin", "sec-b", {Role::LEADER}, "t"};
  EXPECT_EQ(refused(reward(otherLeader, 300000)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(reward(tipOfficer_, 0)).path, "amountFen");
  EXPECT_EQ(refused(reward(tipOfficer_, -100)).path, "amountFen");
  ASSERT_TRUE(tipOk(reward(tipOfficer_, 300000)));
  EXPECT_EQ(refused(reward(tipOfficer_, 300000)).code, RejectionCode::conflict);  // once
}

TEST_F(TipFollowupTest, UnfoundedOrUnknownTipsAreNotRewarded) {
  TipState none;
  capnp::MallocMessageBuilder m;
  auto c = m.initRoot<schema::RewardTip>();
  c.setTipId("t9");
  c.setAmountFen(1);
  EXPECT_EQ(refused(decideRewardTip(none, dir_, tipOfficer_, c.asReader())).code, RejectionCode::notFound);
  ASSERT_TRUE(tipOk(verify(false)));
  EXPECT_EQ(refused(reward(tipOfficer_, 300000)).code, RejectionCode::conflict);
}

}  // namespace
}  // namespace qingling::domain
