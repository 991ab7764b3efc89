// Directory decisions: who may register what, and that the folded directory reflects the events decided.
#include <gtest/gtest.h>

#include "domain/directory.h"
#include "domain/directory_commands.h"

namespace qingling::domain {
namespace {

const Principal kAdmin{"admin", "qingling", {schema::Role::ADMIN}, "t0"};
const Principal kLeader{"li", "county", {schema::Role::LEADER}, "t1"};

// Applies an accepted decision to the directory and returns it; fails the test on a refusal.
Emitted accept(Directory& dir, Decision decision) {
  if (auto* r = std::get_if<Rejection>(&decision)) {
    ADD_FAILURE() << "refused: " << r->message;
    return {};
  }
  auto& emitted = std::get<Emitted>(decision);
  for (auto& stream : emitted.streams) {
    for (auto& e : stream.events) dir.evolve(e.envelope().getPayload().asReader());
  }
  return std::move(emitted);
}

Rejection refused(const Decision& decision) {
  EXPECT_TRUE(std::holds_alternative<Rejection>(decision));
  return std::holds_alternative<Rejection>(decision) ? std::get<Rejection>(decision) : Rejection{};
}

struct UnitSpec {
  std::string id, name, parent;
  schema::UnitKind kind;
};

Decision registerUnit(const Directory& dir, const Principal& who, const UnitSpec& spec) {
  capnp::MallocMessageBuilder m;
  auto u = m.initRoot<schema::PlanUnit>();
  u.setId(spec.id);
  u.setName(spec.name);
  u.setParent(spec.parent);
  u.setKind(spec.kind);
  return decideRegisterUnit(dir, who, u.asReader());
}

Decision registerUser(const Directory& dir, const Principal& who, const std::string& id, const std::string& unit,
                      std::vector<schema::Role> roles) {
  capnp::MallocMessageBuilder m;
  auto u = m.initRoot<schema::RegisterUser>();
  u.setUserId(id);
  u.setUnit(unit);
  auto list = u.initRoles(static_cast<unsigned>(roles.size()));
  for (unsigned i = 0; i < roles.size(); ++i) list.set(i, roles[i]);
  return decideRegisterUser(dir, who, u.asReader());
}

class DirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    accept(dir_, registerUnit(dir_, kAdmin, {"city", "晋城市工信局", "", schema::UnitKind::AGENCY}));
    accept(dir_, registerUnit(dir_, kAdmin, {"county", "泽州县工信局", "city", schema::UnitKind::JURISDICTION}));
    accept(dir_, registerUnit(dir_, kAdmin, {"ent", "某民爆企业", "county", schema::UnitKind::ENTERPRISE}));
    accept(dir_, registerUnit(dir_, kAdmin, {"sections", "各科室", "city", schema::UnitKind::GROUP}));
  }
  Directory dir_;
};

TEST_F(DirectoryTest, RegisteredUnitsFormATreeThatBoundsReach) {
  EXPECT_TRUE(dir_.isWithin("ent", "city"));
  EXPECT_TRUE(dir_.isWithin("ent", "county"));
  EXPECT_TRUE(dir_.isWithin("county", "county"));
  EXPECT_FALSE(dir_.isWithin("city", "county"));
  EXPECT_FALSE(dir_.isWithin("sections", "county"));
  EXPECT_EQ(dir_.children("city"), (std::vector<std::string>{"county", "sections"}));
}

TEST_F(DirectoryTest, AUnitMovedToAnotherParentLeavesItsOldParentsChildren) {
  accept(dir_, registerUnit(dir_, kAdmin, {"town", "巴公镇", "county", schema::UnitKind::JURISDICTION}));
  capnp::MallocMessageBuilder m;
  auto amend = m.initRoot<schema::AmendUnit>();
  amend.setUnitId("ent");
  amend.setParent("town");
  accept(dir_, decideAmendUnit(dir_, kAdmin, amend.asReader()));
  EXPECT_EQ(dir_.children("county"), (std::vector<std::string>{"town"}));
  EXPECT_EQ(dir_.children("town"), (std::vector<std::string>{"ent"}));
  EXPECT_TRUE(dir_.children("ent").empty());
  EXPECT_TRUE(dir_.isWithin("ent", "town"));
}

TEST_F(DirectoryTest, RegistrationGoesToTheUnitsOwnStreamAndIndexesUnitAndParent) {
  Emitted e = accept(dir_, registerUnit(dir_, kAdmin, {"town", "巴公镇", "county", schema::UnitKind::JURISDICTION}));
  ASSERT_EQ(e.streams.size(), 1u);
  EXPECT_EQ(e.streams[0].streamId, "unit-town");
  EXPECT_EQ(e.streams[0].expect, StreamExpectation::noStream);
  ASSERT_EQ(e.streams[0].events.size(), 1u);
  auto units = e.streams[0].events[0].envelope().getUnits();
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(std::string(units[0].cStr()), "town");
  EXPECT_EQ(std::string(units[1].cStr()), "county");
  EXPECT_EQ(dir_.unit("town")->parent, "county");
}

TEST_F(DirectoryTest, OnlyAnAdminRegistersUnitsAndUsers) {
  EXPECT_EQ(refused(registerUnit(dir_, kLeader, {"x", "X", "", schema::UnitKind::OTHER})).code,
            RejectionCode::forbidden);
  EXPECT_EQ(refused(registerUser(dir_, kLeader, "u", "county", {schema::Role::LEADER})).code, RejectionCode::forbidden);
  EXPECT_EQ(dir_.unit("x"), nullptr);
}

TEST_F(DirectoryTest, UnitRegistrationRefusesDuplicatesUnknownParentsAndBadIds) {
  EXPECT_EQ(refused(registerUnit(dir_, kAdmin, {"county", "again", "city", schema::UnitKind::JURISDICTION})).code,
            RejectionCode::conflict);
  Rejection orphan = refused(registerUnit(dir_, kAdmin, {"z", "Z", "nowhere", schema::UnitKind::OTHER}));
  EXPECT_EQ(orphan.code, RejectionCode::notFound);
  EXPECT_EQ(orphan.path, "parent");
  EXPECT_EQ(refused(registerUnit(dir_, kAdmin, {"Bad Id", "B", "", schema::UnitKind::OTHER})).path, "id");
  EXPECT_EQ(refused(registerUnit(dir_, kAdmin, {"noname", "", "", schema::UnitKind::OTHER})).path, "name");
}

TEST_F(DirectoryTest, UsersBelongToARealUnitNotAGroupAndNeedARole) {
  EXPECT_EQ(refused(registerUser(dir_, kAdmin, "u1", "sections", {schema::Role::DEPARTMENT})).path, "unit");
  EXPECT_EQ(refused(registerUser(dir_, kAdmin, "u1", "ghost", {schema::Role::DEPARTMENT})).code,
            RejectionCode::notFound);
  EXPECT_EQ(refused(registerUser(dir_, kAdmin, "u1", "county", {})).path, "roles");
  accept(dir_, registerUser(dir_, kAdmin, "u1", "county", {schema::Role::DEPARTMENT, schema::Role::AUDITOR}));
  ASSERT_NE(dir_.user("u1"), nullptr);
  EXPECT_EQ(dir_.user("u1")->roles.size(), 2u);
  EXPECT_EQ(refused(registerUser(dir_, kAdmin, "u1", "county", {schema::Role::LEADER})).code, RejectionCode::conflict);
}

TEST_F(DirectoryTest, TokensExpireFromIssueTimeAndRevokeOnce) {
  accept(dir_, registerUser(dir_, kAdmin, "u1", "county", {schema::Role::LEADER}));
  capnp::MallocMessageBuilder m;
  auto issue = m.initRoot<schema::IssueToken>();
  issue.setUserId("u1");
  issue.setValidFor("P1D");
  TokenMaterial material{"tok1", "salt", "hash"};
  accept(dir_, decideIssueToken(dir_, kAdmin, issue.asReader(), material, 1000));
  ASSERT_NE(dir_.token("tok1"), nullptr);
  EXPECT_EQ(dir_.token("tok1")->expiresAt, 1000 + 86400LL * 1000000);
  issue.setValidFor("P1M");
  EXPECT_EQ(refused(decideIssueToken(dir_, kAdmin, issue.asReader(), {"tok2", "s", "h"}, 0)).path, "validFor");

  auto revoke = m.initRoot<schema::RevokeToken>();
  revoke.setTokenId("tok1");
  accept(dir_, decideRevokeToken(dir_, kAdmin, revoke.asReader()));
  EXPECT_TRUE(dir_.token("tok1")->revoked);
  EXPECT_EQ(refused(decideRevokeToken(dir_, kAdmin, revoke.asReader())).code, RejectionCode::conflict);
}

}  // namespace
}  // namespace qingling::domain
