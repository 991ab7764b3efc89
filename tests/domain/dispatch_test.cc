// Dispatch decisions: who may act on a dispatch, and in which lifecycle step. A refusal is a value and carries no
// events, so nothing can be appended for it.
#include <gtest/gtest.h>

#include "tests/domain/units_for_test.h"

#include "domain/dispatch.h"

namespace qingling::domain {
namespace {

using schema::DispatchStatus;
using schema::Role;

class DispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unit("city", "", schema::UnitKind::AGENCY);
    unit("sec-a", "city", schema::UnitKind::SECTION);
    unit("sec-b", "city", schema::UnitKind::SECTION);
    unit("county", "city", schema::UnitKind::JURISDICTION);
    unit("town", "county", schema::UnitKind::JURISDICTION);
    unit("ent", "town", schema::UnitKind::ENTERPRISE);
    dispatch_.version = 1;
    dispatch_.id = "c.T01.county.1";
    dispatch_.campaignId = "c";
    dispatch_.assignee = "county";
    dispatch_.reviewer = "city";
  }

  void unit(const std::string& id, const std::string& parent, schema::UnitKind kind) {
    testing::addUnit(dir_, id, parent, kind);
  }

  Decision ack(const Principal& who) {
    capnp::MallocMessageBuilder m;
    auto cmd = m.initRoot<schema::DispatchRef>();
    cmd.setDispatchId(dispatch_.id);
    return decideAcknowledge(dispatch_, dir_, who, cmd.asReader());
  }

  Decision complete(const Principal& who, const std::string& note = {}, std::vector<DispatchState> children = {}) {
    capnp::MallocMessageBuilder m;
    auto cmd = m.initRoot<schema::ReportProgress>();
    cmd.setDispatchId(dispatch_.id);
    cmd.setNote(note);
    return decideComplete(dispatch_, children, dir_, who, cmd.asReader());
  }

  Decision review(const Principal& who, bool accept, const std::string& note = {}) {
    capnp::MallocMessageBuilder m;
    auto cmd = m.initRoot<schema::ReviewDispatch>();
    cmd.setDispatchId(dispatch_.id);
    cmd.setNote(note);
    return accept ? decideAccept(dispatch_, dir_, who, cmd.asReader())
                  : decideReturn(dispatch_, dir_, who, cmd.asReader());
  }

  Decision delegate(const Principal& who, std::vector<std::string> to) {
    capnp::MallocMessageBuilder m;
    auto cmd = m.initRoot<schema::DelegateDispatch>();
    cmd.setDispatchId(dispatch_.id);
    auto list = cmd.initTo(static_cast<unsigned>(to.size()));
    for (unsigned i = 0; i < to.size(); ++i) list.set(i, to[i]);
    return decideDelegate(dispatch_, dir_, who, cmd.asReader());
  }

  static Rejection refused(const Decision& d) {
    EXPECT_TRUE(std::holds_alternative<Rejection>(d));
    return std::holds_alternative<Rejection>(d) ? std::get<Rejection>(d) : Rejection{};
  }

  Directory dir_;
  DispatchState dispatch_;
  const Principal countyDept_{"wang", "county", {Role::DEPARTMENT}, "t"};
  const Principal cityDept_{"zhao", "city", {Role::DEPARTMENT}, "t"};
  const Principal otherSection_{"sun", "sec-b", {Role::DEPARTMENT}, "t"};
  const Principal townDept_{"qian", "town", {Role::DEPARTMENT}, "t"};
  const Principal countyLeader_{"li", "county", {Role::LEADER}, "t"};
  const Principal cityLeader_{"zhou", "city", {Role::LEADER}, "t"};
  const Principal auditor_{"wu", "city", {Role::AUDITOR}, "t"};
};

TEST_F(DispatchTest, TheAssigneeAcknowledgesIntoItsOwnStreamAtTheLoadedVersion) {
  Decision d = ack(countyDept_);
  ASSERT_TRUE(std::holds_alternative<Emitted>(d));
  const auto& stream = std::get<Emitted>(d).streams.at(0);
  EXPECT_EQ(stream.streamId, "dispatch-c.T01.county.1");
  EXPECT_EQ(stream.expect, StreamExpectation::exactLoaded);
  EXPECT_EQ(stream.loadedVersion, 1u);
  // A unit above the assignee reaches it too (its reach is its subtree).
  EXPECT_TRUE(std::holds_alternative<Emitted>(ack(cityDept_)));
}

TEST_F(DispatchTest, OtherUnitsAndOtherRolesAreRefused) {
  EXPECT_EQ(refused(ack(otherSection_)).code, RejectionCode::forbidden);  // a sibling section
  EXPECT_EQ(refused(ack(townDept_)).code, RejectionCode::forbidden);      // a unit below the assignee
  EXPECT_EQ(refused(ack(countyLeader_)).code, RejectionCode::forbidden);  // a leader does not sign for a department
  EXPECT_EQ(refused(ack(auditor_)).code, RejectionCode::forbidden);       // auditors never write
}

TEST_F(DispatchTest, LifecycleStepsAreTakenInOrder) {
  EXPECT_NE(refused(complete(countyDept_)).message.find("acknowledge"), std::string::npos);
  EXPECT_EQ(refused(review(cityLeader_, true)).code, RejectionCode::conflict);
  dispatch_.status = DispatchStatus::ACKNOWLEDGED;
  EXPECT_EQ(refused(ack(countyDept_)).code, RejectionCode::conflict);
  EXPECT_TRUE(std::holds_alternative<Emitted>(complete(countyDept_)));
  dispatch_.status = DispatchStatus::COMPLETED;
  EXPECT_EQ(refused(complete(countyDept_)).code, RejectionCode::conflict);
  dispatch_.status = DispatchStatus::ACCEPTED;
  EXPECT_EQ(refused(review(cityLeader_, false, "again")).code, RejectionCode::conflict);
}

TEST_F(DispatchTest, OnlyTheReviewerAcceptsAndAReturnNeedsAReason) {
  dispatch_.status = DispatchStatus::COMPLETED;
  EXPECT_EQ(refused(review(countyLeader_, true)).code, RejectionCode::forbidden);  // below the reviewer unit
  EXPECT_EQ(refused(review(cityDept_, true)).code, RejectionCode::forbidden);      // top-level: leaders review
  EXPECT_EQ(refused(review(cityLeader_, false)).path, "note");
  EXPECT_TRUE(std::holds_alternative<Emitted>(review(cityLeader_, false, "证据不足")));
  EXPECT_TRUE(std::holds_alternative<Emitted>(review(cityLeader_, true)));
}

TEST_F(DispatchTest, DelegationGoesDownAndCreatesChildStreamsAtomically) {
  dispatch_.status = DispatchStatus::ACKNOWLEDGED;
  EXPECT_EQ(refused(delegate(countyDept_, {"sec-a"})).code, RejectionCode::invalid);  // not below the county
  EXPECT_EQ(refused(delegate(countyDept_, {"county"})).code, RejectionCode::invalid);
  EXPECT_EQ(refused(delegate(countyDept_, {"ghost"})).code, RejectionCode::notFound);
  Decision d = delegate(countyDept_, {"town", "ent"});
  ASSERT_TRUE(std::holds_alternative<Emitted>(d));
  const auto& streams = std::get<Emitted>(d).streams;
  ASSERT_EQ(streams.size(), 3u);
  EXPECT_EQ(streams[0].streamId, "dispatch-c.T01.county.1");
  EXPECT_EQ(streams[1].streamId, "dispatch-c.T01.county.1/town");
  EXPECT_EQ(streams[1].expect, StreamExpectation::noStream);
  auto child = streams[2].events.at(0).message->getRoot<schema::EventEnvelope>().getPayload().getTaskDispatched();
  EXPECT_EQ(std::string(child.getParentDispatch().cStr()), "c.T01.county.1");
  EXPECT_EQ(std::string(child.getReviewer().cStr()), "county");  // the delegating unit reviews its children
}

TEST_F(DispatchTest, AParentWithOpenChildrenCompletesOnlyWithANote) {
  dispatch_.status = DispatchStatus::IN_PROGRESS;
  DispatchState child;
  child.id = "c.T01.county.1/town";
  child.status = DispatchStatus::COMPLETED;
  EXPECT_EQ(refused(complete(countyDept_, "", {child})).path, "note");
  EXPECT_TRUE(std::holds_alternative<Emitted>(complete(countyDept_, "镇街已全部办结，县局复核", {child})));
  child.status = DispatchStatus::ACCEPTED;
  EXPECT_TRUE(std::holds_alternative<Emitted>(complete(countyDept_, "", {child})));
}

TEST_F(DispatchTest, ADelegatedChildIsReviewedByTheDelegatingDepartment) {
  dispatch_.id = "c.T01.county.1/town";
  dispatch_.assignee = "town";
  dispatch_.reviewer = "county";
  dispatch_.parent = "c.T01.county.1";
  dispatch_.status = DispatchStatus::COMPLETED;
  EXPECT_EQ(refused(review(otherSection_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(review(townDept_, true)).code, RejectionCode::forbidden);  // nobody reviews its own work
  EXPECT_TRUE(std::holds_alternative<Emitted>(review(countyDept_, true)));
}

}  // namespace
}  // namespace qingling::domain
