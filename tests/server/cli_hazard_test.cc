// The `qingling` command verbs for hazards, inspections, tips, measures and facts, and the enterprise profile and
// task targets they feed, against a real qinglingd on the simulation clock: figures are read from --json output.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/server/server_process.h"

namespace qingling::server::testing {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A monthly task for the park with four targets; the May occurrence runs 05-22..05-31.
const char* const kPlan = R"({
  "format": "qingling.plan/v1",
  "campaign": {"id": "cli-2023", "title": "hazard checks", "issuer": "county", "issuedOn": "2023-05-20",
               "start": "2023-05-22", "end": "2023-12-31", "focus": []},
  "units": [],
  "tasks": [{"key": "T1", "title": "monthly checks", "content": "每月至少发现和解决1条重大隐患",
             "assignees": ["park"], "due": {"every": "month"},
             "targets": [{"metric": "inspections", "atLeast": 1}, {"metric": "majorHazardsFound", "atLeast": 1},
                         {"metric": "majorHazardsClosed", "atLeast": 1}, {"metric": "cases", "atLeast": 2}]}]
})";

class CliHazardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"unit", "register", "--id", "county", "--name", "县应急管理局", "--kind", "agency"},
             {"unit", "register", "--id", "park", "--name", "工业园区", "--kind", "park", "--parent", "county"},
             {"unit", "register", "--id", "ent1", "--name", "正阳化工", "--kind", "enterprise", "--parent", "park",
              "--industry", "化工", "--employees", "25", "--key-supervision", "--level", "2"},
             {"user", "register", "--id", "zhang", "--unit", "county", "--roles", "leader,department"},
             {"user", "register", "--id", "tipo", "--unit", "county", "--roles", "tipOfficer"},
         }) {
      CliResult r = run(args);
      ASSERT_EQ(r.exitCode, 0) << args[0] << ": " << r.output;
    }
    leader_ = tokenOf("zhang");
    officer_ = tokenOf("tipo");
  }

  CliResult run(const std::vector<std::string>& args) { return runCli(server_, args); }
  CliResult as(const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), {"--token", token});
    return runCli(server_, args);
  }
  // Runs a command verb that must be accepted.
  void ok(const std::string& token, const std::vector<std::string>& args) {
    CliResult r = as(token, args);
    ASSERT_EQ(r.exitCode, 0) << args[0] << " " << args[1] << ": " << r.output;
    EXPECT_TRUE(contains(r.output, "appended to ")) << r.output;
  }

  std::string tokenOf(const std::string& user) {
    CliResult r = run({"token", "issue", "--user", user});
    size_t at = r.output.find("token: ");
    if (r.exitCode != 0 || at == std::string::npos) return "";
    return r.output.substr(at + 7, r.output.find('\n', at) - at - 7);
  }

  ServerProcess server_{{"--clock", "sim", "--sim-start", "2023-05-20T08:00+08:00"}};
  qingling::testing::TempDir files_;
  std::string leader_, officer_;
};

TEST_F(CliHazardTest, VerbsFeedTheEnterpriseProfile) {
  ok(leader_, {"inspection", "record", "--id", "i1", "--enterprise", "ent1", "--kind", "enforcement", "--inspector",
               "wang", "--inspector", "li", "--category", "消防,用电", "--hazard", "h1", "--spot-checks", "3"});
  ok(leader_, {"hazard",           "record",      "--id",         "h1",    "--enterprise",         "ent1",
               "--source",         "enforcement", "--grade",      "major", "--criterion-standard", "gongmao-2023",
               "--criterion-item", "4.(3)",       "--category",   "消防",  "--description",        "消防通道堵塞",
               "--deadline",       "2023-06-30",  "--inspection", "i1"});
  ok(leader_, {"hazard", "plan", "h1", "--responsible", "李四", "--measures", "清理通道", "--funds", "5000",
               "--deadline", "2023-06-20", "--contingency-plan", "应急预案"});
  ok(leader_, {"hazard", "rectified", "h1", "--note", "cleared", "--evidence",
               "https://evidence.example/h1.jpg#" + std::string(64, 'a')});
  ok(leader_, {"hazard", "verify", "h1", "--pass", "--note", "复查合格"});
  ok(leader_, {"hazard", "close", "h1", "--note", "销号"});
  ok(leader_, {"hazard", "record", "--id", "h2", "--enterprise", "ent1", "--source", "enforcement", "--grade",
               "general", "--category", "用电", "--description", "线路老化", "--deadline", "2023-06-10"});
  ok(leader_, {"hazard", "fix", "h2", "--note", "即查即改", "--evidence", "https://evidence.example/h2.jpg"});
  ok(leader_, {"measure", "impose", "--id", "m1", "--enterprise", "ent1", "--kind", "raisedSupervision", "--reason",
               "重大隐患", "--level", "4"});
  ok(leader_, {"measure", "impose", "--id", "m2", "--enterprise", "ent1", "--kind", "fine", "--reason", "逾期",
               "--amount", "3000.50"});
  ok(officer_, {"tip", "receive", "--id", "t1", "--enterprise", "ent1", "--content", "夜间违规动火", "--reporter",
                "王五 13800000000"});

  CliResult profile = as(leader_, {"--json", "enterprise", "ent1"});
  ASSERT_EQ(profile.exitCode, 0) << profile.output;
  const std::string& p = profile.output;
  EXPECT_TRUE(contains(p, "\"name\":\"正阳化工\"")) << p;
  EXPECT_TRUE(contains(p, "\"employees\":25")) << p;
  EXPECT_TRUE(contains(p, "\"smallOrMicro\":true")) << p;
  EXPECT_TRUE(contains(p, "\"supervisionLevel\":4")) << p;
  EXPECT_TRUE(contains(p, "\"unitSupervisionLevel\":2")) << p;
  EXPECT_TRUE(contains(p, "\"hazardsByStatus\":[{\"name\":\"closed\",\"count\":2}]")) << p;
  EXPECT_TRUE(contains(p, "\"hazardsByGrade\":[{\"name\":\"general\",\"count\":1},{\"name\":\"major\",\"count\":1}]"))
      << p;
  EXPECT_TRUE(contains(p, "\"amountFen\":\"300050\"")) << p;
  EXPECT_TRUE(contains(p, "\"inspectors\":[\"wang\",\"li\"]")) << p;
  EXPECT_TRUE(contains(p, "\"spotChecks\":3")) << p;
  EXPECT_TRUE(contains(p, "\"tipsReceived\":1")) << p;
  EXPECT_FALSE(contains(p, "王五")) << p;
  EXPECT_FALSE(contains(p, "违规动火")) << p;

  CliResult table = as(leader_, {"enterprise", "ent1"});
  ASSERT_EQ(table.exitCode, 0) << table.output;
  EXPECT_TRUE(contains(table.output, "消防通道堵塞")) << table.output;
  EXPECT_TRUE(contains(table.output, "3000.50")) << table.output;
  EXPECT_FALSE(contains(table.output, "王五")) << table.output;
}

TEST_F(CliHazardTest, TargetsCountRecordedFacts) {
  std::string plan = files_.path() + "/plan.json";
  std::ofstream(plan) << kPlan;
  ok(leader_, {"plan", "import", plan});
  ok(leader_, {"campaign", "issue", "cli-2023"});
  ok(server_.adminToken(), {"clock", "advance", "P3D"});   // 2023-05-23 08:00: the May occurrence is dispatched
  ok(server_.adminToken(), {"clock", "advance", "PT1H"});  // the facts below are recorded at 09:00

  ok(leader_,
     {"inspection", "record", "--id", "i1", "--enterprise", "ent1", "--kind", "enforcement", "--campaign", "cli-2023"});
  ok(leader_, {"hazard", "record", "--id", "h1", "--enterprise", "ent1", "--source", "enforcement", "--grade", "major",
               "--other-regime", "--category", "消防", "--description", "消防通道堵塞", "--deadline", "2023-06-30"});
  ok(leader_, {"hazard", "plan", "h1", "--responsible", "李四", "--measures", "清理通道", "--deadline", "2023-06-20",
               "--contingency-plan", "应急预案"});
  ok(leader_, {"hazard", "rectified", "h1", "--evidence", "https://evidence.example/h1.jpg"});
  ok(leader_, {"hazard", "verify", "h1", "--pass"});
  ok(leader_, {"hazard", "close", "h1"});
  ok(leader_,
     {"fact", "record", "--unit", "ent1", "--kind", "case", "--title", "典型案例一", "--campaign", "cli-2023"});
  // Occurred in April, before the campaign: does not count.
  ok(leader_, {"fact", "record", "--unit", "ent1", "--kind", "case", "--title", "旧案例", "--occurred-at",
               "2023-04-10T09:00+08:00"});

  CliResult targets = as(leader_, {"--json", "targets", "--campaign", "cli-2023", "--unit", "park"});
  ASSERT_EQ(targets.exitCode, 0) << targets.output;
  const std::string& t = targets.output;
  EXPECT_TRUE(contains(t, "\"periodStart\":\"2023-05-22\",\"periodEnd\":\"2023-05-31\"")) << t;
  EXPECT_TRUE(contains(t, "{\"metric\":\"inspections\",\"atLeast\":1,\"counted\":1,\"met\":true}")) << t;
  EXPECT_TRUE(contains(t, "{\"metric\":\"majorHazardsFound\",\"atLeast\":1,\"counted\":1,\"met\":true}")) << t;
  EXPECT_TRUE(contains(t, "{\"metric\":\"majorHazardsClosed\",\"atLeast\":1,\"counted\":1,\"met\":true}")) << t;
  EXPECT_TRUE(contains(t, "{\"metric\":\"cases\",\"atLeast\":2,\"counted\":1,\"met\":false}")) << t;

  // As of before the facts were recorded, nothing counted yet.
  CliResult before = as(leader_, {"--json", "targets", "--campaign", "cli-2023", "--as-of", "2023-05-23T08:30+08:00"});
  ASSERT_EQ(before.exitCode, 0) << before.output;
  EXPECT_TRUE(contains(before.output, "{\"metric\":\"inspections\",\"atLeast\":1,\"counted\":0,\"met\":false}"))
      << before.output;

  CliResult table = as(leader_, {"targets", "--campaign", "cli-2023"});
  ASSERT_EQ(table.exitCode, 0) << table.output;
  EXPECT_TRUE(contains(table.output, "0 of 1 dispatches meet every target")) << table.output;

  // Past the deadline the scheduler reminds the park; its reminder is acknowledged.
  ok(server_.adminToken(), {"clock", "advance", "P9D"});
  ok(leader_, {"escalation", "ack", "cli-2023.T1.park.1#0", "--note", "已知悉"});
}

// The listed-under-suspension path (评估, 恢复生产申请, 现场核查), an extension, and a tip's follow-ups.
TEST_F(CliHazardTest, ResumptionExtensionAndTipVerbs) {
  ASSERT_EQ(run({"user", "register", "--id", "boss", "--unit", "ent1", "--roles", "enterprise"}).exitCode, 0);
  std::string enterprise = tokenOf("boss");
  ok(leader_, {"hazard",     "record",   "--id",          "h3",       "--enterprise", "ent1",       "--source",
               "expert",     "--grade",  "general",       "--nature", "unsafeState",  "--location", "污水池",
               "--category", "有限空间", "--description", "未通风",   "--deadline",   "2023-06-15"});
  ok(leader_, {"hazard", "regrade", "h3", "--to", "major", "--other-regime", "--reason", "复核为重大"});
  ok(leader_,
     {"hazard", "dual-report", "h3", "--department", "county", "--employees-informed-at", "2023-05-20T10:00+08:00"});
  ok(leader_, {"hazard", "list", "h3", "--deadline", "2023-07-15", "--suspension"});
  ok(enterprise, {"extension", "request", "--hazard", "h3", "--deadline", "2023-07-30", "--reason", "设备采购周期长"});
  ok(leader_, {"extension", "decide", "--hazard", "h3", "--approve", "--deadline", "2023-07-25", "--note", "同意"});
  ok(enterprise, {"hazard", "plan", "h3", "--responsible", "王", "--measures", "通风", "--deadline", "2023-07-10",
                  "--contingency-plan", "预案"});
  ok(enterprise, {"hazard", "rectified", "h3", "--evidence", "https://evidence.example/h3.jpg"});
  ok(leader_, {"hazard", "assess", "h3", "--assessor", "第三方机构", "--pass", "--note", "评估合格"});
  ok(enterprise, {"hazard", "apply-resumption", "h3", "--note", "申请恢复生产"});
  ok(leader_, {"hazard", "review-resumption", "h3", "--pass", "--note", "现场核查合格"});
  CliResult ledger = as(leader_, {"--json", "hazards", "--unit", "ent1"});
  ASSERT_EQ(ledger.exitCode, 0) << ledger.output;
  EXPECT_TRUE(contains(ledger.output, "\"extensions\":1")) << ledger.output;
  EXPECT_TRUE(contains(ledger.output, "\"assessed\":true")) << ledger.output;

  ok(officer_, {"tip", "receive", "--id", "t2", "--enterprise", "ent1", "--content", "无证作业", "--anonymous"});
  ok(officer_, {"tip", "extend", "t2", "--by", "P30D", "--reason", "情况复杂"});
  ok(officer_, {"tip", "verify", "t2", "--substantiated", "--hazard", "h4", "--enterprise", "ent1", "--grade",
                "general", "--category", "特殊作业", "--description", "无证作业", "--deadline", "2023-06-05"});
  ok(officer_, {"tip", "feedback", "t2", "--note", "已反馈举报人"});
  ok(officer_, {"tip", "reward", "t2", "--amount", "3000"});
  CliResult profile = as(leader_, {"--json", "enterprise", "ent1"});
  EXPECT_TRUE(contains(profile.output, "\"tipsReceived\":1,\"tipsSubstantiated\":1")) << profile.output;
  EXPECT_TRUE(contains(profile.output, "\"hazardId\":\"h4\"")) << profile.output;
  // The enterprise sees its profile, but no tip figure: a pending tip would warn it of an unannounced check.
  CliResult own = as(enterprise, {"--json", "enterprise", "ent1"});
  ASSERT_EQ(own.exitCode, 0) << own.output;
  EXPECT_TRUE(
      contains(own.output, "\"tipsReceived\":0,\"tipsSubstantiated\":0,\"tipsUnfounded\":0,\"tipsWithheld\":true"))
      << own.output;
}

TEST_F(CliHazardTest, UsageErrorsNameTheFlag) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"hazard", "verify", "h1"},                            // neither --pass nor --fail
           {"hazard", "verify", "h1", "--pass", "--fail"},        // both
           {"hazard", "verify", "--pass"},                        // no hazard id
           {"hazard", "frobnicate", "h1"},                        // unknown verb
           {"hazard", "list", "h1", "--deadline", "2023-02-30"},  // not a real date
           {"hazard", "plan", "h1", "--responsible", "x", "--measures", "y", "--deadline", "2023-06-01", "--funds",
            "12.345"},
           {"hazard", "record", "--id", "h9", "--enterprise", "ent1", "--source", "enforcement", "--grade", "major",
            "--criterion-item", "4", "--category", "c", "--description", "d", "--deadline", "2023-06-01"},
           {"measure", "impose", "--id", "m9", "--enterprise", "ent1", "--kind", "fine", "--reason", "r", "--colour",
            "red"},
           {"tip", "receive", "--id", "t9", "--enterprise", "ent1", "--content", "c", "--anonymous", "--reporter", "x"},
           {"extension", "request", "--hazard", "h1", "--dispatch", "d1", "--deadline", "2023-07-01", "--reason", "r"},
           {"inspection", "record", "--id", "i9", "--enterprise", "ent1", "--kind", "sideways"},
       }) {
    CliResult r = as(leader_, args);
    EXPECT_EQ(r.exitCode, 2) << args[0] << " " << args[1] << ": " << r.output;
  }
}

}  // namespace
}  // namespace qingling::server::testing
