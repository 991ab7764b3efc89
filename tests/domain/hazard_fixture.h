// The fixture of the hazard decision tests: a unit tree (city → county → town → ent, ent2; city → sec-b), one
// principal per role and place, builders for the hazard commands on hazard "h1", and folding of decided events
// into state the way the server does.
#pragma once

#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "tests/domain/units_for_test.h"

#include "domain/hazard.h"

namespace qingling::domain::testing {

using schema::HazardGrade;
using schema::Role;

class HazardFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    unit("city", "", schema::UnitKind::AGENCY);
    unit("sec-b", "city", schema::UnitKind::SECTION);
    unit("county", "city", schema::UnitKind::JURISDICTION);
    unit("town", "county", schema::UnitKind::JURISDICTION);
    unit("ent", "town", schema::UnitKind::ENTERPRISE);
    unit("ent2", "town", schema::UnitKind::ENTERPRISE);
  }

  void unit(const std::string& id, const std::string& parent, schema::UnitKind kind) {
    testing::addUnit(dir_, id, parent, kind);
  }

  // Folds an accepted decision's events for `stream` into `state`; false when it was refused.
  template <class State>
  static bool apply(const Decision& d, State& state, const std::string& stream) {
    if (!std::holds_alternative<Emitted>(d)) return false;
    for (const auto& s : std::get<Emitted>(d).streams) {
      if (s.streamId != stream) continue;
      for (const auto& e : s.events) {
        auto env = e.message->getRoot<schema::EventEnvelope>();
        env.setStreamVersion(state.version + 1);
        evolve(state, env.asReader());
      }
    }
    return true;
  }

  bool ok(const Decision& d) { return apply(d, h_, "hazard-h1"); }

  // The rejection of a refused decision. A Decision holds either events or a rejection, so a refusal emits
  // nothing; a decision that emitted events fails the test here.
  static Rejection refused(const Decision& d) {
    EXPECT_TRUE(std::holds_alternative<Rejection>(d)) << "expected a refusal, but events were emitted";
    return std::holds_alternative<Rejection>(d) ? std::get<Rejection>(d) : Rejection{};
  }

  Decision record(const Principal& who, HazardGrade grade = HazardGrade::GENERAL, const std::string& ent = "ent",
                  schema::HazardSource source = schema::HazardSource::ENFORCEMENT) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::RecordHazard>();
    c.setHazardId("h1");
    c.setEnterprise(ent);
    c.setSource(source);
    c.setGrade(grade);
    if (grade == HazardGrade::MAJOR) c.initCriterion().setOtherRegime(true);
    c.setDescription("配电箱未接地");
    c.setDeadline("2026-12-01");
    return decideRecordHazard(h_, dir_, who, c.asReader());
  }
  Decision plan(const Principal& who) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::PlanRectification>();
    c.setHazardId("h1");
    c.setResponsible("张三");
    c.setMeasures("更换");
    c.setDeadline("2026-12-10");
    c.setContingencyPlan("停用");
    return decidePlanRectification(h_, dir_, who, c.asReader());
  }
  Decision evidence(const Principal& who, bool onSpot, bool withEvidence = true) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::HazardEvidence>();
    c.setHazardId("h1");
    if (withEvidence) c.initEvidence(1)[0].setUri("file://photo.jpg");
    return onSpot ? decideFixOnSpot(h_, dir_, who, c.asReader()) : decideReportRectified(h_, dir_, who, c.asReader());
  }
  Decision verify(const Principal& who, bool passed) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::VerifyRectification>();
    c.setHazardId("h1");
    c.setPassed(passed);
    c.setNote(passed ? "" : "未整改到位");
    return decideVerifyRectification(h_, dir_, who, c.asReader());
  }
  enum class NoteCmd { close, delist, reopen };
  Decision note(NoteCmd which, const Principal& who) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::HazardNote>();
    c.setHazardId("h1");
    c.setNote("复查");
    switch (which) {
      case NoteCmd::close:
        return decideCloseHazard(h_, dir_, who, c.asReader());
      case NoteCmd::delist:
        return decideDelistHazard(h_, dir_, who, c.asReader());
      case NoteCmd::reopen:
        return decideReopenHazard(h_, dir_, who, c.asReader());
    }
    return Rejection{};
  }
  Decision list(const Principal& who, bool suspension = false) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::ListHazard>();
    c.setHazardId("h1");
    c.setDeadline("2027-01-31");
    c.setSuspension(suspension);
    return decideListHazard(h_, dir_, who, c.asReader());
  }
  Decision assess(const Principal& who, bool passed, const std::string& assessor = "省安科院") {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::AssessHazard>();
    c.setHazardId("h1");
    c.setAssessor(assessor);
    c.setPassed(passed);
    c.setNote(passed ? "" : "通风系统未达标");
    return decideAssessHazard(h_, dir_, who, c.asReader());
  }
  Decision applyResumption(const Principal& who) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::HazardNote>();
    c.setHazardId("h1");
    c.setNote("申请恢复生产");
    return decideApplyResumption(h_, dir_, who, c.asReader());
  }
  Decision review(const Principal& who, bool passed) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::ReviewResumption>();
    c.setHazardId("h1");
    c.setPassed(passed);
    c.setNote(passed ? "" : "现场复核不合格");
    return decideReviewResumption(h_, dir_, who, c.asReader());
  }
  Decision dual(const Principal& who) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::DualReport>();
    c.setHazardId("h1");
    c.setSupervisingDepartment("county");
    return decideDualReport(h_, dir_, who, c.asReader());
  }
  Decision regrade(const Principal& who, HazardGrade to) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::RegradeHazard>();
    c.setHazardId("h1");
    c.setTo(to);
    c.initCriterion().setOtherRegime(true);
    c.setReason("复核");
    return decideRegradeHazard(h_, dir_, who, c.asReader());
  }

  Directory dir_;
  HazardState h_;
  const Principal entUser_{"ent-a", "ent", {Role::ENTERPRISE}, "t"};
  const Principal ent2User_{"ent-b", "ent2", {Role::ENTERPRISE}, "t"};
  const Principal townDept_{"qian", "town", {Role::DEPARTMENT}, "t"};
  const Principal countyDept_{"wang", "county", {Role::DEPARTMENT}, "t"};
  const Principal cityDept_{"zhao", "city", {Role::DEPARTMENT}, "t"};
  const Principal sibling_{"sun", "sec-b", {Role::DEPARTMENT}, "t"};
  const Principal countyLeader_{"li", "county", {Role::LEADER}, "t"};
  const Principal cityLeader_{"zhou", "city", {Role::LEADER}, "t"};
  const Principal auditor_{"wu", "city", {Role::AUDITOR}, "t"};
  const Principal tipOfficer_{"he", "county", {Role::TIP_OFFICER}, "t"};
};

}  // namespace qingling::domain::testing
