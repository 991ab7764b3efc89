#include "domain/plan_import.h"

#include <gtest/gtest.h>

#include "plan_test_util.h"

namespace qingling::domain {
namespace {

using testing::str;

schema::PlanDocument::Reader accepted(const std::variant<ParsedPlan, PlanError>& result) {
  if (auto* error = std::get_if<PlanError>(&result)) {
    ADD_FAILURE() << "rejected at '" << error->path << "': " << error->message;
    return schema::PlanDocument::Reader();
  }
  return std::get<ParsedPlan>(result).document();
}

TEST(PlanImport, ReadsTheJinchengPlan) {
  auto result = parsePlan(testing::readFixture("jc-2022-three-battles.json"), nullptr);
  auto doc = accepted(result);
  auto c = doc.getCampaign();
  EXPECT_EQ(doc.getUnits().size(), 27u);
  EXPECT_EQ(c.getPhases().size(), 4u);
  EXPECT_EQ(c.getTasks().size(), 20u);
  EXPECT_EQ(c.getDuties().size(), 8u);
  EXPECT_EQ(c.getReports().size(), 2u);
  EXPECT_EQ(c.getEscalation().size(), 0u);  // the server's default ladder
  EXPECT_EQ(str(c.getId()), "jc-2022-three-battles");
  EXPECT_EQ(str(c.getDocNumber()), "晋市工信经监字〔2022〕105号");
  EXPECT_EQ(str(c.getIssuer()), "jc-gxj");
  EXPECT_EQ(str(c.getTimezone()), "Asia/Shanghai");
  EXPECT_EQ(str(c.getBasedOn()[0]), "晋市办发[2022]15号");
  EXPECT_EQ(str(c.getFocus()[2]), "无人看守铁路道口");
  EXPECT_EQ(str(c.getPhases()[1].getName()), "集中攻坚");
  EXPECT_EQ(str(c.getPhases()[1].getEnd()), "2022-09-30");

  auto root = doc.getUnits()[0];
  EXPECT_EQ(str(root.getParent()), "");
  EXPECT_EQ(root.getKind(), schema::UnitKind::AGENCY);
  auto minbao = doc.getUnits()[23];
  EXPECT_EQ(str(minbao.getId()), "jc-ex-minbao");
  EXPECT_EQ(str(minbao.getIndustry()), "民爆");
  EXPECT_EQ(minbao.getEmployees(), 85u);
  EXPECT_TRUE(minbao.getKeySupervision());

  auto t07 = c.getTasks()[6];
  EXPECT_EQ(str(t07.getKey()), "T07");
  EXPECT_EQ(str(t07.getContent()), "每月至少发现和解决2条重大风险隐患，报送2个典型案例。");
  EXPECT_EQ(str(t07.getAssignees()[0]), "jc-sections");
  EXPECT_EQ(t07.getDue().getEvery().getPeriod(), schema::Period::MONTH);
  EXPECT_EQ(t07.getDue().getEvery().getInterval(), 1u);
  ASSERT_EQ(t07.getTargets().size(), 2u);
  EXPECT_EQ(str(t07.getTargets()[0].getMetric()), "majorHazardsClosed");
  EXPECT_EQ(t07.getTargets()[1].getAtLeast(), 2u);
  EXPECT_TRUE(c.getTasks()[7].getDue().isContinuous());
  EXPECT_EQ(str(c.getTasks()[17].getDue().getBy()), "2022-06-30");

  auto zezhou = c.getDuties()[2];
  EXPECT_EQ(str(zezhou.getHolder()), "jc-deputy-zezhou");
  EXPECT_EQ(str(zezhou.getCovers()[0]), "jc-zezhou");
  EXPECT_EQ(str(zezhou.getIndustries()[1]), "民爆");
  ASSERT_EQ(zezhou.getItems().size(), 3u);
  EXPECT_EQ(zezhou.getItems()[0].getEvery(), schema::Period::WEEK);
  EXPECT_FALSE(zezhou.getItems()[0].getStanding());
  EXPECT_TRUE(zezhou.getItems()[2].getStanding());  // 督促…: no `every`
  EXPECT_EQ(zezhou.getItems()[2].getAtLeast(), 1u);
  EXPECT_EQ(c.getDuties()[0].getItems()[0].getEvery(), schema::Period::HALF_MONTH);
  EXPECT_EQ(str(c.getReports()[1].getFrom()[6]), "jc-kfq");
}

TEST(PlanImport, ReadsTheZhengyangPlan) {
  auto result = parsePlan(testing::readFixture("zy-2023-major-hazards.json"), nullptr);
  auto doc = accepted(result);
  auto c = doc.getCampaign();
  EXPECT_EQ(doc.getUnits().size(), 12u);
  EXPECT_EQ(c.getPhases().size(), 4u);
  EXPECT_EQ(c.getTasks().size(), 49u);
  EXPECT_EQ(c.getDuties().size(), 2u);
  EXPECT_EQ(c.getReports().size(), 3u);
  EXPECT_EQ(str(c.getTitle()), "正阳工业园区重大事故隐患专项排查整治2023行动方案");
  EXPECT_EQ(c.getBasedOn().size(), 3u);
  EXPECT_EQ(str(c.getPhases()[3].getKey()), "institutionalize");
  EXPECT_EQ(doc.getUnits()[7].getKind(), schema::UnitKind::GROUP);
  EXPECT_EQ(doc.getUnits()[6].getKind(), schema::UnitKind::PARK);
  auto t04 = c.getTasks()[3];
  ASSERT_TRUE(t04.getDue().isDates());
  EXPECT_EQ(str(t04.getDue().getDates()[1]), "2023-11-15");
  auto t35 = c.getTasks()[34];
  EXPECT_EQ(str(t35.getTitle()), "开展精准严格闭环执法");
  EXPECT_EQ(t35.getDue().getEvery().getInterval(), 2u);
  EXPECT_EQ(str(c.getTasks()[25].getTargets()[0].getMetric()), "drills");
  EXPECT_EQ(c.getReports()[2].getDue().getDates().size(), 7u);
}

TEST(PlanImport, ReadsEveryFieldOfTheSmallPlan) {
  auto result = parsePlan(std::string(testing::kSmallPlan), testing::registered);
  auto doc = accepted(result);
  auto c = doc.getCampaign();
  EXPECT_EQ(str(c.getTimezone()), "Asia/Shanghai");  // the default when absent
  EXPECT_EQ(str(c.getIssuedOn()), "2024-01-05");
  EXPECT_EQ(str(c.getTasks()[1].getPhase()), "second");
  EXPECT_EQ(c.getEscalation().size(), 2u);
  EXPECT_EQ(str(c.getEscalation()[0].getAfter()), "-P1D");
  EXPECT_EQ(c.getEscalation()[1].getAction(), schema::EscalationAction::WARN);
  EXPECT_EQ(c.getEscalation()[1].getTo(), schema::EscalationTarget::ASSIGNEE_HEAD);
  EXPECT_EQ(doc.getUnits()[3].getEmployees(), 3u);
  EXPECT_EQ(doc.getUnits()[3].getSupervisionLevel(), 0u);
  EXPECT_EQ(c.getDuties()[0].getItems()[0].getAtLeast(), 1u);  // default
  EXPECT_EQ(c.getDuties()[0].getItems()[0].getInterval(), 1u);
}

TEST(PlanImport, OptionalSectionsMayBeLeftOut) {
  auto result = parsePlan(R"({"format": "qingling.plan/v1",
    "campaign": {"id": "bare", "title": "空", "issuer": "county", "start": "2024-01-01", "end": "2024-01-31"}})",
                          testing::registered);
  auto doc = accepted(result);
  EXPECT_EQ(doc.getUnits().size(), 0u);
  EXPECT_EQ(doc.getCampaign().getTasks().size(), 0u);
}

TEST(PlanImport, UnitsMayNameParentsDeclaredLaterOrRegistered) {
  auto result =
      parsePlan(testing::smallPlanWith(R"({"id": "agency", "name": "局", "kind": "agency", "parent": null})",
                                       R"({"id": "agency", "name": "局", "kind": "agency", "parent": "county"})"),
                testing::registered);
  EXPECT_EQ(str(accepted(result).getUnits()[0].getParent()), "county");
  result = parsePlan(
      testing::smallPlanWith(R"("kind": "section", "parent": "agency")", R"("kind": "section", "parent": "town")"),
      testing::registered);
  EXPECT_EQ(str(accepted(result).getUnits()[1].getParent()), "town");
}

TEST(PlanImport, IssuerAssigneesAndReportersMayBeRegisteredUnits) {
  std::string plan = testing::smallPlanWith(R"("issuer": "agency")", R"("issuer": "province")");
  plan = testing::replaced(plan, R"("assignees": ["section"])", R"("assignees": ["county"])");
  plan = testing::replaced(plan, R"("from": ["town"])", R"("from": ["county", "town"])");
  auto result = parsePlan(plan, testing::registered);
  auto c = accepted(result).getCampaign();
  EXPECT_EQ(str(c.getIssuer()), "province");
  EXPECT_EQ(str(c.getTasks()[0].getAssignees()[0]), "county");
  EXPECT_EQ(str(c.getReports()[0].getFrom()[0]), "county");
}

TEST(PlanImport, AcceptsOtherTimezonesAndSupervisionLevels) {
  auto result =
      parsePlan(testing::smallPlanWith(R"("end": "2024-06-30", )", R"("end": "2024-06-30", "timezone": "UTC", )"),
                testing::registered);
  EXPECT_EQ(str(accepted(result).getCampaign().getTimezone()), "UTC");
  result = parsePlan(testing::smallPlanWith(R"("employees": 3)", R"("employees": 3, "supervisionLevel": 2)"),
                     testing::registered);
  EXPECT_EQ(accepted(result).getUnits()[3].getSupervisionLevel(), 2u);
}

}  // namespace
}  // namespace qingling::domain
