// Countable facts (recordFact) and acknowledging escalations: who may, within which reach, the campaign a fact
// names, the stream and index keys of what is appended. Every refusal asserts its code, and a refusal emits nothing.
#include <gtest/gtest.h>

#include "tests/domain/hazard_fixture.h"

#include "domain/campaign_keys.h"
#include "domain/escalation_ack.h"
#include "domain/fact.h"

namespace qingling::domain {
namespace {

using schema::HazardGrade;
using schema::Role;

std::vector<std::string> unitsOf(const Decision& d) {
  std::vector<std::string> out;
  const auto& event = std::get<Emitted>(d).streams.at(0).events.at(0);
  for (auto u : event.message->getRoot<schema::EventEnvelope>().asReader().getUnits()) out.emplace_back(u);
  return out;
}

class FactTest : public testing::HazardFixture {
 protected:
  // The campaign c1 drafted, and issued unless `issued` is false.
  void campaign(bool issued = true) {
    fold([](schema::Event::Builder p) { p.initCampaignDrafted().initCampaign().setId("c1"); });
    if (issued) fold([](schema::Event::Builder p) { p.initCampaignIssued().setCampaignId("c1"); });
  }
  template <class Fill>
  void fold(Fill fill) {
    capnp::MallocMessageBuilder m;
    auto env = m.initRoot<schema::EventEnvelope>();
    env.setStreamVersion(campaign_.version + 1);
    fill(env.initPayload());
    evolve(campaign_, env.asReader());
  }
  Decision fact(const Principal& who, const std::string& unit, const std::string& campaignId = "c1",
                const std::string& title = "有限空间作业应急演练") {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::RecordFact>();
    c.setUnit(unit);
    c.setCampaignId(campaignId);
    c.setKind(schema::FactKind::DRILL);
    c.setTitle(title);
    return decideRecordFact(campaign_, dir_, who, c.asReader());
  }

  CampaignState campaign_;
};

TEST_F(FactTest, AFactGoesToItsUnitsStreamIndexedForUnitAndCampaign) {
  campaign();
  Decision d = fact(townDept_, "ent");
  ASSERT_TRUE(std::holds_alternative<Emitted>(d));
  const auto& stream = std::get<Emitted>(d).streams.at(0);
  EXPECT_EQ(stream.streamId, "facts-ent");
  EXPECT_EQ(stream.expect, StreamExpectation::any);
  EXPECT_EQ(unitsOf(d), (std::vector<std::string>{"ent", campaignKey("c1"), "town"}));
  auto e = stream.events.at(0).message->getRoot<schema::EventEnvelope>().getPayload().getFactRecorded();
  EXPECT_EQ(e.getKind(), schema::FactKind::DRILL);
  EXPECT_TRUE(std::holds_alternative<Emitted>(fact(entUser_, "ent")));
  EXPECT_TRUE(std::holds_alternative<Emitted>(fact(countyLeader_, "town")));
  EXPECT_EQ(unitsOf(fact(entUser_, "ent", "")), (std::vector<std::string>{"ent"}));  // no campaign
}

TEST_F(FactTest, RefusesUnknownOrClosedCampaignsAndBadFacts) {
  EXPECT_EQ(refused(fact(townDept_, "ent")).code, RejectionCode::notFound);  // no campaign c1
  campaign(false);
  EXPECT_EQ(refused(fact(townDept_, "ent")).code, RejectionCode::conflict);  // drafted, not issued
  fold([](schema::Event::Builder p) { p.initCampaignIssued().setCampaignId("c1"); });
  fold([](schema::Event::Builder p) { p.initCampaignClosed().setCampaignId("c1"); });
  EXPECT_EQ(refused(fact(townDept_, "ent")).code, RejectionCode::conflict);  // closed
  EXPECT_EQ(refused(fact(townDept_, "nowhere", "")).code, RejectionCode::notFound);
  EXPECT_EQ(refused(fact(townDept_, "", "")).path, "unit");
  EXPECT_EQ(refused(fact(townDept_, "ent", "", "")).path, "title");
}

TEST_F(FactTest, RefusesUnauthorisedActors) {
  campaign();
  EXPECT_EQ(refused(fact(auditor_, "ent")).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(fact(tipOfficer_, "ent")).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(fact(ent2User_, "ent")).code, RejectionCode::forbidden);  // another enterprise
  EXPECT_EQ(refused(fact(entUser_, "town")).code, RejectionCode::forbidden);  // above it
  EXPECT_EQ(refused(fact(sibling_, "ent")).code, RejectionCode::forbidden);   // outside the reach
  const Principal admin{"root", "city", {Role::ADMIN}, "t"};
  EXPECT_EQ(refused(fact(admin, "ent")).code, RejectionCode::forbidden);
}

class EscalationAckTest : public testing::HazardFixture {
 protected:
  // Escalation "d1#1", addressed to the town, raised on its own stream.
  void raise() {
    capnp::MallocMessageBuilder m;
    auto env = m.initRoot<schema::EventEnvelope>();
    env.setStreamVersion(1);
    auto units = env.initUnits(2);
    units.set(0, "town");
    units.set(1, campaignKey("c1"));
    auto e = env.initPayload().initEscalationRaised();
    e.setEscalationId("d1#1");
    e.initSubject().setDispatch("d1");
    e.setAddressee("town");
    evolve(esc_, env.asReader());
  }
  Decision ack(const Principal& who) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::AcknowledgeEscalation>();
    c.setEscalationId("d1#1");
    c.setNote("已部署整改");
    return decideAcknowledgeEscalation(esc_, dir_, who, c.asReader());
  }

  EscalationState esc_;
};

TEST_F(EscalationAckTest, StreamFollowsTheEscalationId) {
  EXPECT_EQ(escalationStream("zy.T1.town-1.3#2"), "escalation-zy.T1.town-1.3-2");
  EXPECT_EQ(escalationStream("a#b#0"), "escalation-a#b-0");  // only the step separator changes
}

TEST_F(EscalationAckTest, TheAddresseeOrAUnitAboveAcknowledgesOnce) {
  EXPECT_EQ(refused(ack(townDept_)).code, RejectionCode::notFound);
  raise();
  Decision d = ack(countyLeader_);  // above the addressee
  ASSERT_TRUE(std::holds_alternative<Emitted>(d));
  const auto& stream = std::get<Emitted>(d).streams.at(0);
  EXPECT_EQ(stream.streamId, "escalation-d1-1");
  EXPECT_EQ(stream.expect, StreamExpectation::exactLoaded);
  EXPECT_EQ(unitsOf(d), (std::vector<std::string>{"town", campaignKey("c1"), "county"}));
  ASSERT_TRUE(apply(ack(townDept_), esc_, "escalation-d1-1"));
  EXPECT_TRUE(esc_.acknowledged);
  EXPECT_EQ(refused(ack(townDept_)).code, RejectionCode::conflict);  // once
}

TEST_F(EscalationAckTest, RefusesUnauthorisedActors) {
  raise();
  EXPECT_EQ(refused(ack(entUser_)).code, RejectionCode::forbidden);  // below the addressee
  EXPECT_EQ(refused(ack(sibling_)).code, RejectionCode::forbidden);  // beside it
  EXPECT_EQ(refused(ack(auditor_)).code, RejectionCode::forbidden);  // auditors never write
  const Principal admin{"root", "city", {Role::ADMIN}, "t"};
  EXPECT_EQ(refused(ack(admin)).code, RejectionCode::forbidden);
  EXPECT_FALSE(esc_.acknowledged);
}

}  // namespace
}  // namespace qingling::domain
