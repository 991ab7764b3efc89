// Enterprise profile: the unit facts as of an instant, the supervision level a raisedSupervision measure puts in
// force until lifted, the enterprise's own hazards with counts, its measures and inspections, and its tips as
// counts only — the reporter's sealed identity and the tip's content never appear in the answer.
#include "domain/projections/enterprise_profile.h"

#include <gtest/gtest.h>

#include <capnp/serialize.h>

#include "tests/domain/projections/hazard_log.h"
#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;
using Grade = schema::HazardGrade;

std::string text(capnp::Text::Reader t) { return t.cStr(); }

void registered(TestLog& log, int64_t at, const std::string& id, uint32_t employees, uint8_t level) {
  auto u = log.add(at).initUnitRegistered().initUnit();
  u.setId(id);
  u.setName(id == "ent1" ? "正阳化工有限公司" : "其他企业");
  u.setKind(schema::UnitKind::ENTERPRISE);
  u.setParent("park");
  u.setIndustry("化工");
  u.setEmployees(employees);
  u.setKeySupervision(true);
  u.setSupervisionLevel(level);
}

void imposed(TestLog& log, int64_t at, const std::string& id, const std::string& enterprise, schema::MeasureKind kind,
             int64_t amountFen, uint8_t level) {
  auto m = log.add(at).initMeasureImposed();
  m.setMeasureId(id);
  m.setEnterprise(enterprise);
  m.setKind(kind);
  m.setReason("repeated violations");
  m.setAmountFen(amountFen);
  m.setNewSupervisionLevel(level);
}

void tip(TestLog& log, int64_t at, const std::string& id, const std::string& enterprise) {
  auto t = log.add(at).initTipReceived();
  t.setTipId(id);
  t.setEnterprise(enterprise);
  t.setContent("TIP-CONTENT-" + id);
  std::string sealed = "SEALED-REPORTER-" + id;
  t.setSealedReporter(kj::arrayPtr(reinterpret_cast<const kj::byte*>(sealed.data()), sealed.size()));
}

void tipVerified(TestLog& log, int64_t at, const std::string& id, bool substantiated) {
  auto t = log.add(at).initTipVerified();
  t.setTipId(id);
  t.setSubstantiated(substantiated);
}

class EnterpriseProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registered(log_, kT0, "ent1", 25, 2);
    registered(log_, kT0, "ent2", 300, 1);
    auto amended = log_.add(kT0 + 20 * kDay).initUnitAmended();
    amended.setUnitId("ent1");
    amended.setEmployees(40);
    amended.setKeySupervision(true);

    hazardRecorded(log_, kT0 + 1 * kDay, 0, {.id = "h1", .enterprise = "ent1", .deadlineAt = kT0 + 30 * kDay});
    hazardRecorded(log_, kT0 + 2 * kDay, 0,
                   {.id = "h2", .enterprise = "ent1", .grade = Grade::GENERAL, .deadlineAt = kT0 + 30 * kDay});
    hazardFixedOnSpot(log_, kT0 + 2 * kDay, "h2");
    hazardRecorded(log_, kT0 + 3 * kDay, 0, {.id = "h3", .enterprise = "ent1", .deadlineAt = kT0 + 5 * kDay});
    hazardRecorded(log_, kT0 + 3 * kDay, 0, {.id = "x1", .enterprise = "ent2"});

    imposed(log_, kT0 + 4 * kDay, "m1", "ent1", schema::MeasureKind::FINE, 300000, 0);
    imposed(log_, kT0 + 5 * kDay, "m2", "ent1", schema::MeasureKind::RAISED_SUPERVISION, 0, 4);
    imposed(log_, kT0 + 5 * kDay, "m3", "ent2", schema::MeasureKind::WARNING_TALK, 0, 0);
    auto lifted = log_.add(kT0 + 15 * kDay).initMeasureLifted();
    lifted.setMeasureId("m2");
    lifted.setReason("rectified");

    auto i = log_.add(kT0 + 1 * kDay).initInspectionRecorded();
    i.setInspectionId("i1");
    i.setEnterprise("ent1");
    i.setKind(schema::InspectionKind::ENFORCEMENT);
    i.setInspectingUnit("county");
    auto inspectors = i.initInspectors(2);
    inspectors.set(0, "wang");
    inspectors.set(1, "li");
    i.initHazards(1).set(0, "h1");
    i.setSpotChecks(3);
    inspectionRecorded(log_, kT0 + 1 * kDay, 0, "i2", "ent2", 5);

    tip(log_, kT0 + 6 * kDay, "t1", "ent1");
    tip(log_, kT0 + 6 * kDay, "t2", "ent1");
    tip(log_, kT0 + 6 * kDay, "t3", "ent1");
    tip(log_, kT0 + 6 * kDay, "t4", "ent2");
    tipVerified(log_, kT0 + 7 * kDay, "t2", false);
    tipVerified(log_, kT0 + 7 * kDay, "t3", true);
  }

  TestLog log_;
};

TEST_F(EnterpriseProfileTest, ShowsTheUnitFactsAsOfTheInstant) {
  Answer<schema::EnterpriseProfile> before(log_, EnterpriseProfile("ent1", true), kT0 + 10 * kDay);
  auto p = before.get();
  EXPECT_EQ(text(p.getName()), "正阳化工有限公司");
  EXPECT_EQ(text(p.getIndustry()), "化工");
  EXPECT_EQ(p.getEmployees(), 25u);
  EXPECT_TRUE(p.getSmallOrMicro());
  EXPECT_TRUE(p.getKeySupervision());
  EXPECT_EQ(p.getUnitSupervisionLevel(), 2);
  EXPECT_EQ(p.getSupervisionLevel(), 4);  // raised by m2

  Answer<schema::EnterpriseProfile> after(log_, EnterpriseProfile("ent1", true), kT0 + 30 * kDay);
  EXPECT_EQ(after.get().getEmployees(), 40u);
  EXPECT_FALSE(after.get().getSmallOrMicro());
  EXPECT_EQ(after.get().getSupervisionLevel(), 2);  // m2 lifted
}

TEST_F(EnterpriseProfileTest, ListsOnlyItsOwnHazardsWithCounts) {
  Answer<schema::EnterpriseProfile> answer(log_, EnterpriseProfile("ent1", true), kT0 + 10 * kDay);
  auto p = answer.get();
  ASSERT_EQ(p.getHazards().getRows().size(), 3u);
  for (auto row : p.getHazards().getRows()) EXPECT_EQ(text(row.getEnterprise()), "ent1");
  std::map<std::string, uint32_t> status, grade;
  for (auto c : p.getHazardsByStatus()) status[c.getName()] = c.getCount();
  for (auto c : p.getHazardsByGrade()) grade[c.getName()] = c.getCount();
  EXPECT_EQ(status, (std::map<std::string, uint32_t>{{"closed", 1}, {"open", 2}}));
  EXPECT_EQ(grade, (std::map<std::string, uint32_t>{{"general", 1}, {"major", 2}}));
  EXPECT_EQ(p.getOverdueHazards(), 1u);  // h3
}

TEST_F(EnterpriseProfileTest, ListsMeasuresAndInspections) {
  Answer<schema::EnterpriseProfile> answer(log_, EnterpriseProfile("ent1", true), kT0 + 30 * kDay);
  auto p = answer.get();
  ASSERT_EQ(p.getMeasures().size(), 2u);
  EXPECT_EQ(p.getMeasures()[0].getKind(), schema::MeasureKind::FINE);
  EXPECT_EQ(p.getMeasures()[0].getAmountFen(), 300000);
  EXPECT_FALSE(p.getMeasures()[0].getLifted());
  EXPECT_EQ(text(p.getMeasures()[1].getMeasureId()), "m2");
  EXPECT_TRUE(p.getMeasures()[1].getLifted());
  EXPECT_EQ(text(p.getMeasures()[1].getLiftReason()), "rectified");

  ASSERT_EQ(p.getInspections().size(), 1u);
  auto i = p.getInspections()[0];
  EXPECT_EQ(i.getKind(), schema::InspectionKind::ENFORCEMENT);
  EXPECT_EQ(i.getInspectors().size(), 2u);
  EXPECT_EQ(text(i.getHazards()[0]), "h1");
  EXPECT_EQ(i.getSpotChecks(), 3u);
}

TEST_F(EnterpriseProfileTest, CountsTipsWithoutRevealingThem) {
  capnp::MallocMessageBuilder message;
  auto out = message.initRoot<schema::EnterpriseProfile>();
  EnterpriseProfile profile("ent1", true);
  log_.fold(profile, kT0 + 30 * kDay).write(out, kT0 + 30 * kDay);
  EXPECT_EQ(out.getTipsReceived(), 3u);
  EXPECT_EQ(out.getTipsSubstantiated(), 1u);
  EXPECT_EQ(out.getTipsUnfounded(), 1u);

  auto words = capnp::messageToFlatArray(message);
  std::string bytes(reinterpret_cast<const char*>(words.asBytes().begin()), words.asBytes().size());
  EXPECT_EQ(bytes.find("SEALED-REPORTER"), std::string::npos);
  EXPECT_EQ(bytes.find("TIP-CONTENT"), std::string::npos);
}

TEST_F(EnterpriseProfileTest, WithholdsTipFiguresFromTheEnterprise) {
  Answer<schema::EnterpriseProfile> answer(log_, EnterpriseProfile("ent1", false), kT0 + 30 * kDay);
  EXPECT_TRUE(answer.get().getTipsWithheld());
  EXPECT_EQ(answer.get().getTipsReceived(), 0u);
  EXPECT_EQ(answer.get().getHazards().getRows().size(), 3u);  // the rest is shown
}

}  // namespace
}  // namespace qingling::domain::projections
