// Plans refused for a value that is wrong on its own: JSON, format, field names and types, ids, dates, due rules,
// enum names, metrics, durations. Each test breaks one rule of the small valid plan (plan_test_util.h).
#include <gtest/gtest.h>

#include "plan_test_util.h"

namespace qingling::domain {
namespace {

using testing::expectBroken;
using testing::expectRejected;

TEST(PlanValues, MalformedJsonIsRefusedWithoutAPath) {
  expectRejected(R"({"format": "qingling.plan/v1", )", "", "not valid JSON: JSON message ends prematurely");
  expectRejected("", "", "not valid JSON");
  expectRejected(std::string(testing::kSmallPlan) + " {}", "", "not valid JSON: Input remains after parsing JSON");
  expectRejected(R"({"format": 'qingling.plan/v1'})", "", "not valid JSON");
}

TEST(PlanValues, ThePlanMustBeAnObject) { expectRejected(R"(["qingling.plan/v1"])", "", "must be a JSON object"); }

TEST(PlanValues, MissingFormat) { expectBroken(R"("format": "qingling.plan/v1",)", "", "format", "missing format"); }

TEST(PlanValues, UnknownFormat) {
  expectBroken(R"("qingling.plan/v1")", R"("qingling.plan/v2")", "format", "unsupported format 'qingling.plan/v2'");
  expectBroken(R"("qingling.plan/v1")", "1", "format", "expected a string, got a number");
}

TEST(PlanValues, UnknownTopLevelField) {
  expectBroken(R"("phases": [)", R"("phase": [)", "phase", "unknown field 'phase'");
}

TEST(PlanValues, UnknownNestedFields) {
  expectBroken(R"("docNumber")", R"("docNo")", "campaign.docNo", "unknown field 'docNo'");
  expectBroken(R"("employees": 3)", R"("employes": 3)", "units[3].employes", "unknown field 'employes'");
  expectBroken(R"("every": "month")", R"("evry": "month")", "tasks[0].due.evry", "unknown field 'evry'");
  expectBroken(R"("metric": "inspections", "atLeast": 2)", R"("metric": "inspections", "atleast": 2)",
               "tasks[1].targets[0].atleast", "unknown field 'atleast'");
  expectBroken(R"("text": "周")", R"("txt": "周")", "duties[0].items[0].txt", "unknown field 'txt'");
  expectBroken(R"("to": "assigneeHead")", R"("to": "assigneeHead", "note": "")", "escalation[1].note",
               "unknown field 'note'");
}

TEST(PlanValues, DuplicateJsonField) {
  expectBroken(R"("title": "测试方案")", R"("title": "测试方案", "title": "别的")", "campaign.title",
               "duplicate field 'title'");
}

TEST(PlanValues, MissingRequiredFields) {
  expectBroken(R"("title": "测试方案", )", "", "campaign.title", "missing required field 'title'");
  expectBroken(R"("start": "2024-01-01", "end": "2024-06-30")", R"("end": "2024-06-30")", "campaign.start",
               "missing required field 'start'");
  expectBroken(R"(, "due": {"every": "month"})", "", "tasks[0].due", "missing required field 'due'");
  expectBroken(R"("kind": "position", )", "", "units[2].kind", "missing required field 'kind'");
  expectRejected(R"({"format": "qingling.plan/v1"})", "campaign", "missing required field 'campaign'");
  expectRejected(R"({"format": "qingling.plan/v1", "campaign": null})", "campaign", "missing required field");
}

TEST(PlanValues, WrongJsonTypesNameThePath) {
  expectBroken(R"("title": "测试方案")", R"("title": 5)", "campaign.title", "expected a string, got a number");
  expectBroken(R"("focus": ["民爆"])", R"("focus": "民爆")", "campaign.focus", "expected an array, got a string");
  expectBroken(R"("focus": ["民爆"])", R"("focus": ["民爆", 2])", "campaign.focus[1]", "expected a string");
  expectBroken(R"("employees": 3)", R"("employees": "3")", "units[3].employees", "expected an integer");
  expectBroken(R"("employees": 3)", R"("employees": 3.5)", "units[3].employees", "expected an integer");
  expectBroken(R"("keySupervision": false)", R"("keySupervision": "no")", "units[3].keySupervision",
               "expected true or false");
  expectBroken(R"("due": {"every": "month"})", R"("due": "month")", "tasks[0].due", "expected an object, got a string");
  expectBroken(R"({"key": "T1")", R"(7, {"key": "T1")", "tasks[0]", "expected an object, got a number");
}

TEST(PlanValues, EmptyRequiredText) {
  expectBroken(R"("name": "镇")", R"("name": "")", "units[3].name", "must not be empty");
}

TEST(PlanValues, BadCampaignId) {
  expectBroken(R"("id": "t-2024")", R"("id": "T_2024")", "campaign.id", "must be 3-64 of a-z 0-9 -");
  expectBroken(R"("id": "t-2024")", R"("id": "ab")", "campaign.id", "must be 3-64");
}

TEST(PlanValues, BadUnitId) {
  expectBroken(R"("id": "town")", R"("id": "Town Office")", "units[3].id", "unit id 'Town Office' must be 1-64");
}

TEST(PlanValues, BadKey) {
  expectBroken(R"("key": "T1")", R"("key": "T/1")", "tasks[0].key", "key 'T/1' must be 1-64");
}

TEST(PlanValues, UnknownTimezone) {
  expectBroken(R"("end": "2024-06-30", )", R"("end": "2024-06-30", "timezone": "Asia/Beijing", )", "campaign.timezone",
               "unknown timezone 'Asia/Beijing'");
}

TEST(PlanValues, NotARealDateInAnyDateField) {
  expectBroken(R"("start": "2024-01-01", "end": "2024-06-30")", R"("start": "2023-02-30", "end": "2024-06-30")",
               "campaign.start", "'2023-02-30' is not a real date");
  expectBroken(R"("issuedOn": "2024-01-05")", R"("issuedOn": "2024-1-5")", "campaign.issuedOn", "not a real date");
  expectBroken(R"("end": "2024-03-31"})", R"("end": "2024-04-31"})", "phases[0].end", "not a real date");
  expectBroken(R"("by": "2024-05-31")", R"("by": "2024-05-32")", "tasks[1].due.by", "not a real date");
  expectBroken(R"("2024-03-31", "2024-06-30"])", R"("2024-03-31", "2023-02-29"])", "reports[0].due.dates[1]",
               "not a real date");
}

TEST(PlanValues, DueWithNoRule) {
  expectBroken(R"({"every": "month"})", "{}", "tasks[0].due",
               "exactly one rule (by, dates, every or continuous), found none");
}

TEST(PlanValues, DueWithSeveralRules) {
  expectBroken(R"({"every": "month"})", R"({"by": "2024-02-01", "every": "month"})", "tasks[0].due",
               "found several: by, every");
  expectBroken(R"({"every": "month"})", R"({"continuous": true, "dates": ["2024-02-01"]})", "tasks[0].due",
               "found several: dates, continuous");
}

TEST(PlanValues, ContinuousMustBeTrue) {
  expectBroken(R"({"every": "month"})", R"({"continuous": false})", "tasks[0].due.continuous",
               "continuous must be true");
}

TEST(PlanValues, EmptyOrRepeatedDates) {
  expectBroken(R"(["2024-03-31", "2024-06-30"])", "[]", "reports[0].due.dates", "empty dates");
  expectBroken(R"(["2024-03-31", "2024-06-30"])", R"(["2024-03-31", "2024-03-31"])", "reports[0].due.dates[1]",
               "duplicate date 2024-03-31");
}

TEST(PlanValues, BadEveryPeriod) {
  expectBroken(R"({"every": "month"})", R"({"every": "fortnight"})", "tasks[0].due.every",
               "unknown period 'fortnight'");
  expectBroken(R"("every": "week"})", R"("every": "daily"})", "duties[0].items[0].every", "unknown period 'daily'");
}

TEST(PlanValues, BadInterval) {
  expectBroken(R"({"every": "month"})", R"({"every": "month", "interval": 0})", "tasks[0].due.interval",
               "bad interval");
  expectBroken(R"({"every": "month"})", R"({"every": "month", "interval": 1.5})", "tasks[0].due.interval",
               "bad interval");
  expectBroken(R"({"by": "2024-05-31"})", R"({"by": "2024-05-31", "interval": 2})", "tasks[1].due.interval",
               "interval goes only with every");
  expectBroken(R"("activity": "inspection", "every": "week")", R"("activity": "inspection", "interval": 2)",
               "duties[0].items[0].interval", "interval goes only with every");
}

TEST(PlanValues, UnknownActivity) {
  expectBroken(R"("activity": "inspection")", R"("activity": "patrol")", "duties[0].items[0].activity",
               "unknown activity 'patrol'");
}

TEST(PlanValues, UnknownUnitKind) {
  expectBroken(R"("kind": "section")", R"("kind": "department")", "units[1].kind", "unknown unit kind 'department'");
}

TEST(PlanValues, UnknownMetric) {
  expectBroken(R"("metric": "inspections")", R"("metric": "visits")", "tasks[1].targets[0].metric",
               "unknown metric 'visits'");
  expectBroken(R"({"metric": "inspections", "atLeast": 2})",
               R"({"metric": "inspections", "atLeast": 2}, {"metric": "inspections"})", "tasks[1].targets[1].metric",
               "duplicate metric 'inspections'");
  expectBroken(R"("atLeast": 2)", R"("atLeast": 0)", "tasks[1].targets[0].atLeast", "expected an integer >= 1");
}

TEST(PlanValues, BadEscalationDuration) {
  expectBroken(R"("after": "P3D")", R"("after": "3 days")", "escalation[1].after", "bad duration '3 days'");
  expectBroken(R"("after": "P3D")", R"("after": "P1M")", "escalation[1].after", "bad duration 'P1M'");
}

TEST(PlanValues, UnknownEscalationActionOrTarget) {
  expectBroken(R"("action": "warn")", R"("action": "shout")", "escalation[1].action",
               "unknown escalation action 'shout'");
  expectBroken(R"("to": "assigneeHead")", R"("to": "mayor")", "escalation[1].to", "unknown escalation target 'mayor'");
}

TEST(PlanValues, BadSupervisionLevel) {
  expectBroken(R"("employees": 3)", R"("employees": 3, "supervisionLevel": 5)", "units[3].supervisionLevel",
               "expected an integer from 1 to 4");
}

}  // namespace
}  // namespace qingling::domain
