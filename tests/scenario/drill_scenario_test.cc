// The drill runner's own rules (expected outcomes, malformed lines, time order, the wall clock) and the
// `qingling drill` subcommand, run in-process against a real qinglingd. The two shipped drills have their own
// suites (zy_drill_test.cc, jc_drill_test.cc).
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "server/cli/drill_command.h"
#include "tests/scenario/scenario_support.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

const std::vector<std::string> kSimArgs = {"--clock", "sim", "--sim-start", "2023-05-20T08:00+08:00"};

// The first lines of a drill on the zy plan: root unit, leader, import (the plan by absolute path).
std::string prelude() {
  return R"({"at":"2023-05-20T08:00+08:00","advance":true}
{"setup":{"unit":{"id":"zy-gwh","name":"管委会","kind":"agency"}}}
{"setup":{"user":{"userId":"zhang","name":"张","unit":"zy-gwh","roles":["leader"]}}}
{"at":"2023-05-20T08:30+08:00","as":"zhang","importPlan":")" +
         drillsDir() + R"(/../plans/zy-2023-major-hazards.json"}
)";
}

// A line where zhang issues the zy campaign at `instant`, expecting `expect`.
std::string issueLine(const std::string& instant, const std::string& expect) {
  return R"({"at":")" + instant + R"(","as":"zhang","expect":")" + expect +
         R"(","command":{"body":{"issueCampaign":{"campaignId":"zy-2023-major-hazards"}}}})" + "\n";
}

std::string writeDrill(const TempDir& dir, const std::string& text) {
  std::string path = dir.path() + "/test.jsonl";
  std::ofstream(path) << text;
  return path;
}

DrillResult runDrill(ServerProcess& server, const std::string& path) {
  Client admin = server.admin();
  uint16_t port = server.port();
  DrillRunner runner(admin, [port](const std::string& t) { return std::make_unique<Client>("127.0.0.1", port, t); });
  return runner.runFile(path);
}

TEST(DrillRunnerTest, AnOutcomeOtherThanExpectedStopsTheDrillAtItsLine) {
  ServerProcess server(kSimArgs);
  TempDir dir;
  // Line 6 expects a refusal the leader does not get; line 7 must not run.
  std::string path =
      writeDrill(dir, prelude() + "# the leader may issue\n" + issueLine("2023-05-20T09:00+08:00", "forbidden") +
                          R"({"at":"2023-05-20T10:00+08:00","advance":true})" + "\n");
  DrillResult result = runDrill(server, path);
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].line, 6u);
  EXPECT_NE(result.failures[0].message.find("line 6: issueCampaign: expected forbidden but the server accepted it"),
            std::string::npos)
      << result.failures[0].message;
  EXPECT_EQ(result.linesRun, 4u);
  // Two setups and the import; the issue went through (a drill cannot undo it) but counts as the failure.
  EXPECT_EQ(result.commandsOk, 3u);
  ASSERT_EQ(result.campaigns.size(), 1u);
  EXPECT_EQ(result.campaigns[0].id, "zy-2023-major-hazards");
  Client admin = server.admin();
  EXPECT_EQ(admin.call([](Body b) { b.setStatus(); })->getBody().getStatus().getNow(), at("2023-05-20T09:00+08:00"))
      << "line 7 did not run";
}

TEST(DrillRunnerTest, ARefusalWithAnotherCodeThanExpectedNamesBoth) {
  ServerProcess server(kSimArgs);
  TempDir dir;
  std::string path = writeDrill(
      dir, prelude() +
               R"({"as":"zhang","expect":"forbidden","command":{"body":{"acknowledgeDispatch":{"dispatchId":"nope"}}}}
)");
  DrillResult result = runDrill(server, path);
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].line, 5u);
  EXPECT_NE(result.failures[0].message.find("expected forbidden but the server answered notFound"), std::string::npos)
      << result.failures[0].message;
}

TEST(DrillRunnerTest, MalformedLinesAreRefusedWithTheirLineNumber) {
  ServerProcess server(kSimArgs);
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"at\":\"2023-05-20T09:00+08:00\"", "not a JSON object"},
      {R"({"at":"2023-05-20T09:00+08:00","advance":true,"note":"x"})", "unknown field \"note\""},
      {R"({"as":"zhang","command":{"body":{"issueCampaing":{}}}})", "not valid capnp-json"},
      {R"({"command":{"body":{"issueCampaign":{"campaignId":"x"}}}})", "needs \"as\""},
      {R"({"at":"yesterday","advance":true})", "not an instant"},
      {R"({"as":"zhang","expect":"nope","command":{"body":{}}})", "\"expect\" is \"ok\" or an error code"},
      {R"({"setup":{"unit":{"id":"a","name":"A","kind":"agency"},"user":{}}})", "exactly one of"},
      {R"({"at":"2023-05-20T09:00+08:00","advance":true,"setup":{}})", "one line does one thing"},
  };
  for (const auto& [line, reason] : cases) {
    std::string path = writeDrill(dir, "# comment\n\n" + line + "\n");
    DrillResult result = runDrill(server, path);
    ASSERT_EQ(result.failures.size(), 1u) << line;
    EXPECT_EQ(result.failures[0].line, 3u) << line;
    EXPECT_NE(result.failures[0].message.find(reason), std::string::npos) << result.failures[0].message;
    EXPECT_EQ(result.linesRun, 0u);
  }
}

TEST(DrillRunnerTest, LinesMustGoForwardInTime) {
  ServerProcess server(kSimArgs);
  TempDir dir;
  std::string path = writeDrill(dir, R"({"at":"2023-05-21T08:00+08:00","advance":true}
{"at":"2023-05-21T08:00+08:00","advance":true}
{"at":"2023-05-20T09:00+08:00","advance":true}
)");
  DrillResult result = runDrill(server, path);
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].line, 3u);  // the same instant twice is fine; going back is not
  EXPECT_NE(result.failures[0].message.find("drill lines must go forward in time"), std::string::npos);
}

TEST(DrillRunnerTest, FirstInstantIsTheFirstAtOfTheFile) {
  EXPECT_EQ(DrillRunner::firstInstant(drillsDir() + "/zy-2023-major-hazards.jsonl"), "2023-05-20T08:00+08:00");
  EXPECT_EQ(DrillRunner::firstInstant(drillsDir() + "/jc-2022-three-battles.jsonl"), "2022-06-23T08:00+08:00");
  EXPECT_EQ(DrillRunner::firstInstant(drillsDir() + "/no-such-drill.jsonl"), "");
}

struct CliRun {
  int code = -1;
  std::string out, err;
};

CliRun drillCli(const ServerProcess& server, std::vector<std::string> words) {
  words.insert(words.begin(), {"qingling", "--server", server.endpoint()});
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  cli::Args args(static_cast<int>(argv.size()), argv.data());
  Client client = server.admin();
  std::ostringstream out, err;
  cli::CliContext ctx{args, client, args.flag("json"), out, err};
  CliRun run;
  run.code = cli::cmdDrill(ctx);
  run.out = out.str();
  run.err = err.str();
  return run;
}

TEST(DrillCommandTest, RefusesAWallClockServerBeforeRunningAnything) {
  ServerProcess server;
  Client admin = server.admin();
  const uint64_t before = head(admin).position;
  CliRun run = drillCli(server, {"drill", drillsDir() + "/zy-2023-major-hazards.jsonl"});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("only against a server started with --clock sim"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(head(admin).position, before) << "nothing was appended";
}

std::string issueDrill() {
  return prelude() + issueLine("2023-05-20T09:00+08:00", "ok") + issueLine("2023-05-20T10:00+08:00", "rejected");
}

TEST(DrillCommandTest, RunsTheDrillAndPrintsTheProjectionsOfItsCampaign) {
  ServerProcess server(kSimArgs);
  TempDir dir;
  CliRun run = drillCli(server, {"drill", writeDrill(dir, issueDrill())});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("6 lines run, 4 commands ok, 1 refused as expected"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("== zy-2023-major-hazards (issued by zy-gwh, as seen by zhang) =="), std::string::npos);
  EXPECT_NE(run.out.find("task T05"), std::string::npos) << "the progress table";
  EXPECT_NE(run.out.find("zy-2023-major-hazards.T05.zy-aqscb.1#0"), std::string::npos) << "the escalation board";
  EXPECT_NE(run.out.find("zy-2023-major-hazards.T49.zy-ex-micro.1"), std::string::npos) << "the task list";
}

TEST(DrillCommandTest, PrintsJsonAsOfAnInstantAndStopsWhenTheClockIsPastTheDrill) {
  ServerProcess server(kSimArgs);
  TempDir dir;
  std::string path = writeDrill(dir, issueDrill());
  // As of 08:45 the plan was imported (08:30) but not issued (09:00): a drafted campaign with nothing dispatched.
  CliRun run = drillCli(server, {"drill", path, "--json", "--as-of", "2023-05-20T08:45+08:00"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find(R"("linesRun":6,"commandsOk":4,"refusedAsExpected":1,"failures":[])"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(R"("status":"drafted")"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(R"("total":{"dispatched":0,)"), std::string::npos) << "nothing was dispatched by 08:45";
  EXPECT_NE(run.out.find(R"("rows":[],"levels")"), std::string::npos) << "no escalation by 08:45";
  EXPECT_NE(run.out.find(R"({"taskList":{"unit":"zy-gwh","asOf":"1684543500000000","rows":[]},"validAt":"0"})"),
            std::string::npos)
      << run.out;

  CliRun again = drillCli(server, {"drill", path, "--json"});
  EXPECT_EQ(again.code, 1) << "the second run finds the clock past its lines";
  EXPECT_NE(again.out.find(R"("failures":[{"line":1,)"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("drill lines must go forward in time"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace qingling::server::testing
