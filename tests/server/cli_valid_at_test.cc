// `qingling` with --as-of and --valid-at against the real qinglingd (tests/server/backdated_story.h): the cut
// reaches the server, the table is headed "as of T1, valid at T2", --json carries validAt, and progress — which the
// server here would send at once (--progress-after-ms 0) — is neither asked for nor printed when stderr is not a
// terminal.
#include <gtest/gtest.h>

#include "tests/server/backdated_story.h"

namespace qingling::server::testing {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CliValidAtTest : public ::testing::Test {
 protected:
  void SetUp() override { playBackdatedStory(server_); }
  CliResult hazards(const std::vector<std::string>& cut) {
    std::vector<std::string> args = {"hazards", "--unit", "county", "--as-of", "2023-07-20T08:00+08:00"};
    args.insert(args.end(), cut.begin(), cut.end());
    return runCli(server_, args);
  }

  ServerProcess server_{backdatedStoryArgs({"--progress-after-ms", "0"})};
};

TEST_F(CliValidAtTest, ValidAtReachesTheServerAndHeadsTheTable) {
  CliResult then = hazards({"--valid-at", "2023-07-05T12:00+08:00"});
  ASSERT_EQ(then.exitCode, 0) << then.output;
  EXPECT_TRUE(contains(then.output, "as of 2023-07-20T08:00:00+08:00, valid at 2023-07-05T12:00:00+08:00"))
      << then.output;
  EXPECT_TRUE(contains(then.output, "h1")) << then.output;
  EXPECT_TRUE(contains(then.output, "OVERDUE")) << then.output;
  EXPECT_FALSE(contains(then.output, "replaying")) << "stderr is not a terminal: " << then.output;

  CliResult before = hazards({"--valid-at", "2023-07-01T12:00+08:00"});
  ASSERT_EQ(before.exitCode, 0) << before.output;
  EXPECT_FALSE(contains(before.output, "h1")) << "not occurred by 07-01: " << before.output;

  CliResult json = hazards({"--json", "--valid-at", "2023-07-05T12:00+08:00"});
  ASSERT_EQ(json.exitCode, 0) << json.output;
  EXPECT_TRUE(contains(json.output, "\"validAt\"")) << json.output;

  CliResult now = hazards({});
  ASSERT_EQ(now.exitCode, 0) << now.output;
  EXPECT_FALSE(contains(now.output, "valid at")) << now.output;
  EXPECT_FALSE(contains(now.output, "OVERDUE")) << "verified by 07-20: " << now.output;
}

TEST_F(CliValidAtTest, EveryProjectionTakesValidAtAndOnlyThey) {
  CliResult tasks = runCli(server_, {"tasks", "county", "--valid-at", "2023-07-05T12:00+08:00"});
  EXPECT_EQ(tasks.exitCode, 0) << tasks.output;
  CliResult profile = runCli(server_, {"enterprise", "ent", "--valid-at", "2023-07-05T12:00+08:00"});
  EXPECT_EQ(profile.exitCode, 0) << profile.output;
  EXPECT_TRUE(contains(profile.output, "valid at 2023-07-05T12:00:00+08:00")) << profile.output;
  CliResult bad = runCli(server_, {"tasks", "county", "--valid-at", "yesterday"});
  EXPECT_EQ(bad.exitCode, 2) << bad.output;
  CliResult notAProjection = runCli(server_, {"unit", "register", "--id", "x", "--name", "X", "--kind", "park",
                                              "--valid-at", "2023-07-05T12:00+08:00"});
  EXPECT_EQ(notAProjection.exitCode, 2) << notAProjection.output;
}

}  // namespace
}  // namespace qingling::server::testing
