// Campaign decisions: a leader imports, issues and runs a campaign within its reach; everyone else is refused,
// and so is any step out of the lifecycle (drafted → issued → closed; phases pending → active → closed).
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "tests/domain/units_for_test.h"

#include "domain/campaign.h"

namespace qingling::domain {
namespace {

using schema::Role;

std::string readPlan(const std::string& name) {
  std::ifstream in(std::string(QINGLING_PLAN_FIXTURES) + "/" + name);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class CampaignTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registerUnit("zy-gwh", "", schema::UnitKind::AGENCY);
    registerUnit("other-gov", "", schema::UnitKind::GOVERNMENT);
  }

  void registerUnit(const std::string& id, const std::string& parent, schema::UnitKind kind) {
    testing::addUnit(dir_, id, parent, kind);
  }

  Decision importAs(const Principal& who, const std::string& json) {
    capnp::MallocMessageBuilder m;
    auto cmd = m.initRoot<schema::ImportPlan>();
    cmd.setPlanJson(json);
    return decideImportPlan(state_, dir_, who, cmd.asReader(), "digest");
  }

  // Imports the zy plan as the park's leader and folds the campaign's own events into state_.
  void imported() {
    Decision d = importAs(leader_, readPlan("zy-2023-major-hazards.json"));
    ASSERT_TRUE(std::holds_alternative<Emitted>(d)) << std::get<Rejection>(d).message;
    for (auto& stream : std::get<Emitted>(d).streams) {
      for (auto& e : stream.events) {
        auto envelope = e.envelope();
        envelope.setStreamVersion(1);
        if (stream.streamId.rfind("campaign-", 0) == 0) evolve(state_, envelope.asReader());
        dir_.evolve(envelope.getPayload().asReader());
      }
    }
  }

  void fold(const Decision& d) {
    ASSERT_TRUE(std::holds_alternative<Emitted>(d)) << std::get<Rejection>(d).message;
    auto& e = const_cast<Emitted&>(std::get<Emitted>(d)).streams.at(0).events.at(0);
    e.envelope().setStreamVersion(state_.version + 1);
    evolve(state_, e.envelope().asReader());
  }

  Decision phase(const Principal& who, const std::string& key, bool start, const std::string& summary = "小结") {
    capnp::MallocMessageBuilder m;
    if (start) {
      auto cmd = m.initRoot<schema::PhaseRef>();
      cmd.setCampaignId(kId);
      cmd.setPhaseKey(key);
      return decideStartPhase(state_, dir_, who, cmd.asReader());
    }
    auto cmd = m.initRoot<schema::ClosePhase>();
    cmd.setCampaignId(kId);
    cmd.setPhaseKey(key);
    cmd.setSummary(summary);
    return decideClosePhase(state_, dir_, who, cmd.asReader());
  }

  Decision issue(const Principal& who) {
    capnp::MallocMessageBuilder m;
    auto cmd = m.initRoot<schema::CampaignRef>();
    cmd.setCampaignId(kId);
    return decideIssueCampaign(state_, dir_, who, cmd.asReader());
  }

  Decision close(const Principal& who, const std::string& summary) {
    capnp::MallocMessageBuilder m;
    auto cmd = m.initRoot<schema::CloseCampaign>();
    cmd.setCampaignId(kId);
    cmd.setSummary(summary);
    return decideCloseCampaign(state_, dir_, who, cmd.asReader());
  }

  static Rejection refused(const Decision& d) {
    EXPECT_TRUE(std::holds_alternative<Rejection>(d));
    return std::holds_alternative<Rejection>(d) ? std::get<Rejection>(d) : Rejection{};
  }

  static constexpr const char* kId = "zy-2023-major-hazards";
  Directory dir_;
  CampaignState state_;
  const Principal leader_{"zhang", "zy-gwh", {Role::LEADER}, "t"};
  const Principal outsider_{"liu", "other-gov", {Role::LEADER}, "t"};
  const Principal department_{"wang", "zy-gwh", {Role::DEPARTMENT}, "t"};
  const Principal admin_{"admin", "zy-gwh", {Role::ADMIN}, "t"};
};

TEST_F(CampaignTest, ImportRegistersNewUnitsParentsFirstAndDraftsTheCampaignAtomically) {
  Decision d = importAs(leader_, readPlan("zy-2023-major-hazards.json"));
  ASSERT_TRUE(std::holds_alternative<Emitted>(d));
  const auto& streams = std::get<Emitted>(d).streams;
  EXPECT_EQ(streams.front().streamId, "campaign-zy-2023-major-hazards");
  EXPECT_EQ(streams.front().expect, StreamExpectation::noStream);
  EXPECT_EQ(streams.size(), 1u + 11u);  // 12 plan units, zy-gwh already registered
  std::set<std::string> seen{"zy-gwh"};
  for (size_t i = 1; i < streams.size(); ++i) {
    auto unit =
        streams[i].events.at(0).message->getRoot<schema::EventEnvelope>().getPayload().getUnitRegistered().getUnit();
    EXPECT_TRUE(seen.count(unit.getParent().cStr())) << unit.getId().cStr() << " registered before its parent";
    seen.insert(unit.getId().cStr());
  }
}

TEST_F(CampaignTest, ImportIsTheLeadersWithinItsReach) {
  std::string plan = readPlan("zy-2023-major-hazards.json");
  EXPECT_EQ(refused(importAs(department_, plan)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(importAs(admin_, plan)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(importAs(outsider_, plan)).code, RejectionCode::forbidden);
}

TEST_F(CampaignTest, ImportRefusesANewTopLevelUnitAnInvalidPlanAndASecondImport) {
  Rejection root = refused(importAs(leader_, readPlan("jc-2022-three-battles.json")));
  EXPECT_EQ(root.code, RejectionCode::forbidden);
  EXPECT_NE(root.message.find("top-level"), std::string::npos);
  Rejection bad = refused(importAs(leader_, "{\"format\": \"qingling.plan/v9\"}"));
  EXPECT_EQ(bad.code, RejectionCode::invalid);
  EXPECT_EQ(bad.path, "format");
  imported();
  EXPECT_EQ(refused(importAs(leader_, readPlan("zy-2023-major-hazards.json"))).code, RejectionCode::conflict);
}

TEST_F(CampaignTest, TheLifecycleIsFollowedStepByStep) {
  imported();
  EXPECT_EQ(refused(phase(leader_, "mobilize", true)).code, RejectionCode::conflict);  // not issued yet
  EXPECT_EQ(refused(issue(department_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(issue(outsider_)).code, RejectionCode::forbidden);
  fold(issue(leader_));
  EXPECT_EQ(refused(issue(leader_)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(phase(leader_, "nope", true)).code, RejectionCode::notFound);
  EXPECT_EQ(refused(phase(leader_, "mobilize", false)).code, RejectionCode::conflict);  // not active
  fold(phase(leader_, "mobilize", true));
  EXPECT_EQ(refused(phase(leader_, "mobilize", true)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(close(leader_, "总结")).code, RejectionCode::conflict);  // a phase is still active
  EXPECT_EQ(refused(phase(leader_, "mobilize", false, "")).path, "summary");
  fold(phase(leader_, "mobilize", false));
  EXPECT_EQ(refused(phase(leader_, "mobilize", true)).code, RejectionCode::conflict);  // closed phases do not reopen
  EXPECT_EQ(refused(close(leader_, "")).path, "summary");
  fold(close(leader_, "专项行动总结"));
  EXPECT_EQ(state_.status, CampaignStatus::closed);
  EXPECT_EQ(refused(close(leader_, "again")).code, RejectionCode::conflict);
}

}  // namespace
}  // namespace qingling::domain
