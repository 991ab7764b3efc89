// Hazard, inspection, tip and measure decisions: each lifecycle step only from the states it allows, each actor
// only within its role and reach. States are folded from the decided events themselves, as the server does.
#include <gtest/gtest.h>

#include "tests/domain/hazard_fixture.h"

#include "domain/hazard.h"
#include "domain/inspection.h"
#include "domain/measure.h"
#include "domain/tip.h"

namespace qingling::domain {
namespace {

using schema::HazardGrade;
using schema::Role;

class HazardTest : public testing::HazardFixture {};

TEST_F(HazardTest, GeneralHazardClosedLoopAndReopen) {
  Decision d = record(townDept_);
  ASSERT_TRUE(std::holds_alternative<Emitted>(d));
  const auto& s = std::get<Emitted>(d).streams.at(0);
  EXPECT_EQ(s.expect, StreamExpectation::noStream);
  auto e = s.events.at(0).message->getRoot<schema::EventEnvelope>().getPayload().getHazardRecorded();
  EXPECT_EQ(e.getDeadlineAt(), int64_t{1796140800} * 1000000);  // 2026-12-02T00:00+08:00
  EXPECT_EQ(std::string(e.getFoundBy().cStr()), "town");
  ASSERT_TRUE(ok(d));
  EXPECT_EQ(refused(record(townDept_)).code, RejectionCode::conflict);  // the stream exists
  ASSERT_TRUE(ok(evidence(entUser_, false)));                           // general: no plan needed
  ASSERT_TRUE(ok(verify(countyDept_, true)));
  EXPECT_EQ(h_.status, HazardStatus::verified);
  ASSERT_TRUE(ok(note(NoteCmd::close, townDept_)));
  EXPECT_EQ(h_.status, HazardStatus::closed);
  ASSERT_TRUE(ok(note(NoteCmd::reopen, countyDept_)));
  EXPECT_EQ(h_.status, HazardStatus::open);
}

TEST_F(HazardTest, MajorHazardClosedLoopWithListingAndDelisting) {
  ASSERT_TRUE(ok(record(countyDept_, HazardGrade::MAJOR)));
  EXPECT_EQ(refused(evidence(entUser_, false)).code, RejectionCode::conflict);  // 治理方案 first
  EXPECT_EQ(refused(list(countyDept_)).code, RejectionCode::forbidden);         // leaders list
  EXPECT_EQ(refused(list(ent2User_)).code, RejectionCode::forbidden);
  ASSERT_TRUE(ok(dual(entUser_)));
  EXPECT_EQ(refused(dual(entUser_)).code, RejectionCode::conflict);  // once
  ASSERT_TRUE(ok(list(cityLeader_)));
  EXPECT_TRUE(h_.listed);
  EXPECT_EQ(h_.authority, "city");
  EXPECT_EQ(refused(list(cityLeader_)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(regrade(countyDept_, HazardGrade::GENERAL)).code, RejectionCode::conflict);
  ASSERT_TRUE(ok(plan(entUser_)));
  EXPECT_EQ(h_.status, HazardStatus::rectificationPlanned);
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  ASSERT_TRUE(ok(verify(countyDept_, false)));  // failed: back to the plan
  EXPECT_EQ(h_.status, HazardStatus::rectificationPlanned);
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  EXPECT_EQ(refused(note(NoteCmd::delist, cityLeader_)).code, RejectionCode::conflict);  // not verified yet
  ASSERT_TRUE(ok(verify(countyDept_, true)));
  EXPECT_EQ(refused(note(NoteCmd::close, cityDept_)).code, RejectionCode::conflict);        // still listed
  EXPECT_EQ(refused(note(NoteCmd::delist, countyLeader_)).code, RejectionCode::forbidden);  // not the authority
  ASSERT_TRUE(ok(note(NoteCmd::delist, cityLeader_)));
  EXPECT_FALSE(h_.listed);
  EXPECT_EQ(refused(note(NoteCmd::close, countyDept_)).code, RejectionCode::forbidden);  // only the authority closes
  ASSERT_TRUE(ok(note(NoteCmd::close, cityDept_)));
  EXPECT_EQ(h_.status, HazardStatus::closed);
}

TEST_F(HazardTest, FixOnSpotOnlyForOpenGeneralHazardsWithEvidence) {
  ASSERT_TRUE(ok(record(countyDept_, HazardGrade::MAJOR)));
  EXPECT_EQ(refused(evidence(townDept_, true)).code, RejectionCode::conflict);
  ASSERT_TRUE(ok(regrade(countyDept_, HazardGrade::GENERAL)));  // an event, not an edit
  EXPECT_EQ(h_.grade, HazardGrade::GENERAL);
  EXPECT_EQ(refused(evidence(townDept_, true, false)).path, "evidence");
  EXPECT_EQ(refused(evidence(sibling_, true)).code, RejectionCode::forbidden);
  ASSERT_TRUE(ok(evidence(townDept_, true)));
  EXPECT_EQ(h_.status, HazardStatus::closed);
  EXPECT_EQ(refused(evidence(townDept_, true)).code, RejectionCode::conflict);
}

TEST_F(HazardTest, IllegalLifecycleTransitionsAreRefused) {
  EXPECT_EQ(refused(plan(entUser_)).code, RejectionCode::notFound);
  ASSERT_TRUE(ok(record(townDept_)));
  EXPECT_EQ(refused(verify(countyDept_, true)).code, RejectionCode::conflict);  // open
  EXPECT_EQ(refused(note(NoteCmd::close, countyDept_)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(note(NoteCmd::reopen, countyDept_)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(note(NoteCmd::delist, cityLeader_)).code, RejectionCode::conflict);  // not listed
  EXPECT_EQ(refused(list(cityLeader_)).code, RejectionCode::conflict);                   // general
  EXPECT_EQ(refused(dual(entUser_)).code, RejectionCode::conflict);                      // general
  EXPECT_EQ(refused(regrade(countyDept_, HazardGrade::GENERAL)).code, RejectionCode::conflict);
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  EXPECT_EQ(refused(evidence(entUser_, false)).code, RejectionCode::conflict);  // already rectified
  EXPECT_EQ(refused(plan(entUser_)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(evidence(entUser_, true)).code, RejectionCode::conflict);  // fix on spot only when open
  EXPECT_EQ(refused(note(NoteCmd::close, countyDept_)).code, RejectionCode::conflict);
  ASSERT_TRUE(ok(verify(countyDept_, false)));  // failed without a plan: back to open
  EXPECT_EQ(h_.status, HazardStatus::open);
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  ASSERT_TRUE(ok(verify(countyDept_, true)));
  EXPECT_EQ(refused(verify(countyDept_, true)).code, RejectionCode::conflict);
  ASSERT_TRUE(ok(note(NoteCmd::close, countyDept_)));
  EXPECT_EQ(refused(note(NoteCmd::close, countyDept_)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(regrade(countyDept_, HazardGrade::MAJOR)).code, RejectionCode::conflict);
}

TEST_F(HazardTest, UnauthorisedActorsAreRefused) {
  EXPECT_EQ(refused(record(auditor_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(record(sibling_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(record(entUser_)).code, RejectionCode::forbidden);  // not from self-inspection
  EXPECT_EQ(refused(record(entUser_, HazardGrade::GENERAL, "ent2", schema::HazardSource::SELF_INSPECTION)).code,
            RejectionCode::forbidden);
  EXPECT_EQ(refused(record(townDept_, HazardGrade::GENERAL, "ent", schema::HazardSource::TIP)).path, "source");
  ASSERT_TRUE(ok(record(entUser_, HazardGrade::GENERAL, "ent", schema::HazardSource::SELF_INSPECTION)));
  EXPECT_EQ(refused(plan(ent2User_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(plan(countyLeader_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(evidence(sibling_, false)).code, RejectionCode::forbidden);
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  EXPECT_EQ(refused(verify(entUser_, true)).code, RejectionCode::forbidden);  // not its own 复查验收
  EXPECT_EQ(refused(verify(sibling_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(verify(auditor_, true)).code, RejectionCode::forbidden);
  ASSERT_TRUE(ok(verify(countyLeader_, true)));
  EXPECT_EQ(refused(note(NoteCmd::close, entUser_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(note(NoteCmd::close, sibling_)).code, RejectionCode::forbidden);
  ASSERT_TRUE(ok(note(NoteCmd::close, countyLeader_)));
  EXPECT_EQ(refused(note(NoteCmd::reopen, entUser_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(regrade(entUser_, HazardGrade::MAJOR)).code, RejectionCode::forbidden);
}

// 停产停业治理: rectified → assessed → resumption applied → reviewed on site by the authority → delisted, closed;
// a failed assessment and a failed review send it back to rectifying.
TEST_F(HazardTest, SuspendedHazardClosesThroughAssessmentAndResumptionReview) {
  ASSERT_TRUE(ok(record(countyDept_, HazardGrade::MAJOR)));
  ASSERT_TRUE(ok(list(cityLeader_, true)));
  EXPECT_TRUE(h_.underSuspension());
  ASSERT_TRUE(ok(plan(entUser_)));
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  ASSERT_TRUE(ok(assess(entUser_, false)));  // failed: back to the plan, like a failed verification
  EXPECT_EQ(h_.status, HazardStatus::rectificationPlanned);
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  Decision assessed = assess(entUser_, true);
  ASSERT_TRUE(std::holds_alternative<Emitted>(assessed));
  auto e = std::get<Emitted>(assessed).streams.at(0).events.at(0).envelope().getPayload().getHazardAssessed();
  EXPECT_EQ(std::string(e.getAssessor().cStr()), "省安科院");
  ASSERT_TRUE(ok(assessed));
  EXPECT_TRUE(h_.assessed);
  EXPECT_EQ(h_.status, HazardStatus::rectified);
  ASSERT_TRUE(ok(applyResumption(entUser_)));
  ASSERT_TRUE(ok(review(cityDept_, false)));  // failed on site: back to rectifying, the round starts over
  EXPECT_EQ(h_.status, HazardStatus::rectificationPlanned);
  EXPECT_FALSE(h_.assessed);
  EXPECT_FALSE(h_.resumptionApplied);
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  ASSERT_TRUE(ok(assess(townDept_, true)));  // a department reaching it may record the assessment too
  ASSERT_TRUE(ok(applyResumption(entUser_)));
  ASSERT_TRUE(ok(review(cityLeader_, true)));
  EXPECT_EQ(h_.status, HazardStatus::verified);
  ASSERT_TRUE(ok(note(NoteCmd::delist, cityLeader_)));
  ASSERT_TRUE(ok(note(NoteCmd::close, cityDept_)));
  EXPECT_EQ(h_.status, HazardStatus::closed);
}

TEST_F(HazardTest, SuspensionPathRefusesIllegalSteps) {
  ASSERT_TRUE(ok(record(countyDept_, HazardGrade::MAJOR)));
  ASSERT_TRUE(ok(list(cityLeader_, true)));
  ASSERT_TRUE(ok(plan(entUser_)));
  EXPECT_EQ(refused(assess(entUser_, true)).code, RejectionCode::conflict);  // not rectified yet
  EXPECT_EQ(refused(applyResumption(entUser_)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(review(cityLeader_, true)).code, RejectionCode::conflict);
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  EXPECT_EQ(refused(verify(countyDept_, true)).code, RejectionCode::conflict);  // no bypass of the review
  EXPECT_EQ(refused(verify(cityLeader_, true)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(applyResumption(entUser_)).code, RejectionCode::conflict);  // not assessed yet
  EXPECT_EQ(refused(review(cityLeader_, true)).code, RejectionCode::conflict);  // nothing applied for
  EXPECT_EQ(refused(assess(entUser_, true, "")).path, "assessor");
  Rejection noReason = refused([&] {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::AssessHazard>();
    c.setHazardId("h1");
    c.setAssessor("专家组");
    return decideAssessHazard(h_, dir_, entUser_, c.asReader());  // failed, no note
  }());
  EXPECT_EQ(noReason.path, "note");
  ASSERT_TRUE(ok(assess(entUser_, true)));
  EXPECT_EQ(refused(assess(entUser_, true)).code, RejectionCode::conflict);  // once per round
  EXPECT_EQ(refused(review(cityLeader_, true)).code, RejectionCode::conflict);
  ASSERT_TRUE(ok(applyResumption(entUser_)));
  EXPECT_EQ(refused(applyResumption(entUser_)).code, RejectionCode::conflict);           // once
  EXPECT_EQ(refused(note(NoteCmd::delist, cityLeader_)).code, RejectionCode::conflict);  // not reviewed yet
  ASSERT_TRUE(ok(review(cityLeader_, true)));
  EXPECT_EQ(refused(review(cityLeader_, true)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(assess(entUser_, true)).code, RejectionCode::conflict);  // verified

  // Without suspension the path does not apply: plain verification does.
  h_ = HazardState{};
  ASSERT_TRUE(ok(record(countyDept_, HazardGrade::MAJOR)));
  ASSERT_TRUE(ok(list(cityLeader_, false)));
  ASSERT_TRUE(ok(plan(entUser_)));
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  EXPECT_EQ(refused(assess(entUser_, true)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(applyResumption(entUser_)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(review(cityLeader_, true)).code, RejectionCode::conflict);
  ASSERT_TRUE(ok(verify(countyDept_, true)));
}

TEST_F(HazardTest, SuspensionPathRefusesUnauthorisedActors) {
  EXPECT_EQ(refused(assess(entUser_, true)).code, RejectionCode::notFound);
  ASSERT_TRUE(ok(record(countyDept_, HazardGrade::MAJOR)));
  ASSERT_TRUE(ok(list(cityLeader_, true)));
  ASSERT_TRUE(ok(plan(entUser_)));
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  EXPECT_EQ(refused(assess(ent2User_, true)).code, RejectionCode::forbidden);      // another enterprise
  EXPECT_EQ(refused(assess(sibling_, true)).code, RejectionCode::forbidden);       // outside the reach
  EXPECT_EQ(refused(assess(countyLeader_, true)).code, RejectionCode::forbidden);  // the enterprise side's
  EXPECT_EQ(refused(assess(auditor_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(assess(tipOfficer_, true)).code, RejectionCode::forbidden);
  ASSERT_TRUE(ok(assess(entUser_, true)));
  EXPECT_EQ(refused(applyResumption(townDept_)).code, RejectionCode::forbidden);  // the enterprise itself applies
  EXPECT_EQ(refused(applyResumption(ent2User_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(applyResumption(cityLeader_)).code, RejectionCode::forbidden);
  ASSERT_TRUE(ok(applyResumption(entUser_)));
  EXPECT_EQ(refused(review(entUser_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(review(countyLeader_, true)).code, RejectionCode::forbidden);  // not the authority's reach
  EXPECT_EQ(refused(review(countyDept_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(review(sibling_, true)).code, RejectionCode::forbidden);  // not the enterprise's reach
  EXPECT_EQ(refused(review(auditor_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(h_.status, HazardStatus::rectified);
  EXPECT_TRUE(h_.resumptionApplied);
}

TEST_F(HazardTest, ASubstantiatedTipRecordsAHazardInTheSameAppend) {
  TipState tip;
  capnp::MallocMessageBuilder m;
  auto rc = m.initRoot<schema::ReceiveTip>();
  rc.setTipId("t1");
  rc.setEnterprise("ent");
  rc.setContent("夜间违规动火");
  rc.setReporter("13800000000");
  EXPECT_EQ(refused(decideReceiveTip(tip, dir_, countyDept_, rc.asReader(), "sealed", 0)).code,
            RejectionCode::forbidden);
  EXPECT_EQ(refused(decideReceiveTip(tip, dir_, tipOfficer_, rc.asReader(), "", 0)).path, "reporter");
  Decision received = decideReceiveTip(tip, dir_, tipOfficer_, rc.asReader(), "sealed", 0);
  ASSERT_TRUE(apply(received, tip, "tip-t1"));
  EXPECT_EQ(tip.verifyBy, kTipVerifyMicros);
  auto stored = std::get<Emitted>(received).streams[0].events[0].envelope().getPayload().getTipReceived();
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(stored.getSealedReporter().begin()), 6), "sealed");

  capnp::MallocMessageBuilder v;
  auto vc = v.initRoot<schema::VerifyTip>();
  vc.setTipId("t1");
  vc.setSubstantiated(true);
  auto hz = vc.initHazard();
  hz.setHazardId("h1");
  hz.setEnterprise("ent");
  hz.setDescription("动火作业无审批");
  EXPECT_EQ(refused(decideVerifyTip(tip, h_, dir_, sibling_, vc.asReader())).code, RejectionCode::forbidden);
  Decision d = decideVerifyTip(tip, h_, dir_, tipOfficer_, vc.asReader());
  ASSERT_TRUE(std::holds_alternative<Emitted>(d));
  const auto& streams = std::get<Emitted>(d).streams;
  ASSERT_EQ(streams.size(), 2u);
  EXPECT_EQ(streams[0].streamId, "tip-t1");
  EXPECT_EQ(streams[1].streamId, "hazard-h1");
  EXPECT_EQ(streams[1].expect, StreamExpectation::noStream);
  ASSERT_TRUE(ok(d));
  EXPECT_EQ(h_.enterprise, "ent");
  ASSERT_TRUE(apply(d, tip, "tip-t1"));
  EXPECT_EQ(refused(decideVerifyTip(tip, h_, dir_, tipOfficer_, vc.asReader())).code, RejectionCode::conflict);
}

TEST_F(HazardTest, MeasuresAndInspectionsRespectRoleAndReach) {
  MeasureState measure;
  capnp::MallocMessageBuilder m;
  auto im = m.initRoot<schema::ImposeMeasure>();
  im.setMeasureId("m1");
  im.setEnterprise("ent");
  im.setKind(schema::MeasureKind::FINE);
  im.setReason("重大隐患未整改");
  EXPECT_EQ(refused(decideImposeMeasure(measure, dir_, countyDept_, im.asReader())).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(decideImposeMeasure(measure, dir_, countyLeader_, im.asReader())).path, "amountFen");
  im.setAmountFen(3000000);
  ASSERT_TRUE(apply(decideImposeMeasure(measure, dir_, countyLeader_, im.asReader()), measure, "measure-m1"));
  capnp::MallocMessageBuilder l;
  auto lm = l.initRoot<schema::LiftMeasure>();
  lm.setMeasureId("m1");
  lm.setReason("已缴纳");
  EXPECT_EQ(refused(decideLiftMeasure(measure, dir_, entUser_, lm.asReader())).code, RejectionCode::forbidden);
  ASSERT_TRUE(apply(decideLiftMeasure(measure, dir_, cityLeader_, lm.asReader()), measure, "measure-m1"));
  EXPECT_EQ(refused(decideLiftMeasure(measure, dir_, cityLeader_, lm.asReader())).code, RejectionCode::conflict);

  capnp::MallocMessageBuilder i;
  auto ri = i.initRoot<schema::RecordInspection>();
  ri.setInspectionId("i1");
  ri.setEnterprise("ent");
  ri.setKind(schema::InspectionKind::ENFORCEMENT);
  EXPECT_EQ(refused(decideRecordInspection(dir_, entUser_, ri.asReader())).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(decideRecordInspection(dir_, sibling_, ri.asReader())).code, RejectionCode::forbidden);
  EXPECT_TRUE(std::holds_alternative<Emitted>(decideRecordInspection(dir_, townDept_, ri.asReader())));
  ri.setKind(schema::InspectionKind::SELF);
  EXPECT_TRUE(std::holds_alternative<Emitted>(decideRecordInspection(dir_, entUser_, ri.asReader())));
}

}  // namespace
}  // namespace qingling::domain
