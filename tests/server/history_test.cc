// `qingling history KIND ID` against a real qinglingd on the simulation clock: a hazard's history holds its
// own events and its escalations in global order with hashes; a tip's sealed reporter shows only as its size; a
// user's history is what that user did; reach is the asker's subtree.
#include <gtest/gtest.h>

#include <regex>

#include "tests/server/server_process.h"

namespace qingling::server::testing {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"unit", "register", "--id", "county", "--name", "县应急管理局", "--kind", "agency"},
             {"unit", "register", "--id", "park", "--name", "工业园区", "--kind", "park", "--parent", "county"},
             {"unit", "register", "--id", "ent1", "--name", "正阳化工", "--kind", "enterprise", "--parent", "park"},
             {"unit", "register", "--id", "far", "--name", "外县", "--kind", "agency"},
             {"user", "register", "--id", "zhang", "--unit", "county", "--roles", "leader,department"},
             {"user", "register", "--id", "tipo", "--unit", "county", "--roles", "tipOfficer"},
             {"user", "register", "--id", "aud", "--unit", "county", "--roles", "auditor"},
             {"user", "register", "--id", "faraud", "--unit", "far", "--roles", "auditor"},
         }) {
      CliResult r = runCli(server_, args);
      ASSERT_EQ(r.exitCode, 0) << args[0] << ": " << r.output;
    }
    leader_ = tokenOf("zhang");
    officer_ = tokenOf("tipo");
    auditor_ = tokenOf("aud");
    farAuditor_ = tokenOf("faraud");
    ok(leader_, {"hazard", "record", "--id", "h1", "--enterprise", "ent1", "--source", "enforcement", "--grade",
                 "general", "--category", "消防", "--description", "消防通道堵塞", "--deadline", "2023-06-10"});
    ok(officer_, {"tip", "receive", "--id", "t1", "--enterprise", "ent1", "--content", "夜间动火", "--reporter",
                  "王五 13800000000"});
    ok(leader_, {"hazard", "plan", "h1", "--responsible", "李四", "--measures", "清理通道", "--deadline", "2023-06-05",
                 "--contingency-plan", "应急预案"});
  }

  CliResult as(const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), {"--token", token});
    return runCli(server_, args);
  }
  void ok(const std::string& token, const std::vector<std::string>& args) {
    CliResult r = as(token, args);
    ASSERT_EQ(r.exitCode, 0) << args[0] << " " << args[1] << ": " << r.output;
  }
  std::string tokenOf(const std::string& user) {
    CliResult r = runCli(server_, {"token", "issue", "--user", user});
    size_t at = r.output.find("token: ");
    if (r.exitCode != 0 || at == std::string::npos) return "";
    return r.output.substr(at + 7, r.output.find('\n', at) - at - 7);
  }

  ServerProcess server_{{"--clock", "sim", "--sim-start", "2023-05-20T08:00+08:00"}};
  std::string leader_, officer_, auditor_, farAuditor_;
};

TEST_F(HistoryTest, AHazardsHistoryHoldsItsEventsAndEscalationsInOrderWithHashes) {
  CliResult advanced = runCli(server_, {"clock", "advance", "P30D"});  // past the deadline: the ladder climbs
  ASSERT_EQ(advanced.exitCode, 0) << advanced.output;

  CliResult table = as(auditor_, {"history", "hazard", "h1"});
  ASSERT_EQ(table.exitCode, 0) << table.output;
  const std::string& t = table.output;
  const size_t recorded = t.find("hazardRecorded"), planned = t.find("rectificationPlanned"),
               escalated = t.find("escalationRaised");
  ASSERT_NE(recorded, std::string::npos) << t;
  ASSERT_NE(planned, std::string::npos) << t;
  ASSERT_NE(escalated, std::string::npos) << "the hazard's escalation streams belong to its history:\n" << t;
  EXPECT_LT(recorded, planned);
  EXPECT_LT(planned, escalated);
  EXPECT_TRUE(contains(t, "zhang@county (leader)")) << t;
  EXPECT_FALSE(contains(t, "tipReceived")) << t;
  EXPECT_TRUE(std::regex_search(t, std::regex("[0-9a-f]{64}"))) << "every row shows its stored hash:\n" << t;

  CliResult json = as(auditor_, {"--json", "history", "hazard", "h1"});
  ASSERT_EQ(json.exitCode, 0) << json.output;
  EXPECT_TRUE(contains(json.output, "\"eventType\":\"hazardRecorded\"")) << json.output;
  EXPECT_TRUE(contains(json.output, "\"commandId\":")) << json.output;
  EXPECT_TRUE(contains(json.output, "\"hash\":")) << json.output;
}

TEST_F(HistoryTest, ATipsSealedReporterShowsOnlyItsSize) {
  for (bool asJson : {false, true}) {
    std::vector<std::string> args{"history", "tip", "t1"};
    if (asJson) args.insert(args.begin(), "--json");
    CliResult r = as(auditor_, args);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "tipReceived")) << r.output;
    if (asJson) {
      EXPECT_TRUE(contains(r.output, "sealedReporter=sealed (")) << r.output;  // tables cut summaries
    }
    EXPECT_FALSE(contains(r.output, "王五")) << r.output;
    EXPECT_FALSE(contains(r.output, "13800000000")) << r.output;
  }
}

TEST_F(HistoryTest, AUsersHistoryIsWhatTheyDid) {
  CliResult r = as(auditor_, {"history", "user", "zhang"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "hazardRecorded")) << r.output;
  EXPECT_TRUE(contains(r.output, "rectificationPlanned")) << r.output;
  EXPECT_FALSE(contains(r.output, "tipReceived")) << r.output;
  EXPECT_FALSE(contains(r.output, "unitRegistered")) << "the admin registered the units, not zhang:\n" << r.output;
}

TEST_F(HistoryTest, RefusesWhatIsOutOfReachUnknownOrMalformed) {
  CliResult outside = as(farAuditor_, {"history", "hazard", "h1"});
  EXPECT_EQ(outside.exitCode, 1) << outside.output;
  EXPECT_TRUE(contains(outside.output, "forbidden")) << outside.output;

  CliResult missing = as(auditor_, {"history", "hazard", "nope"});
  EXPECT_EQ(missing.exitCode, 1) << missing.output;
  EXPECT_TRUE(contains(missing.output, "notFound")) << missing.output;

  CliResult kind = as(auditor_, {"history", "planet", "x"});
  EXPECT_EQ(kind.exitCode, 1) << kind.output;
  EXPECT_TRUE(contains(kind.output, "campaign, dispatch, hazard, tip, unit or user")) << kind.output;
}

}  // namespace
}  // namespace qingling::server::testing
