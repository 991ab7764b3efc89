// The `qingling` binary against a running server: what it prints and its exit codes (0 ok, 1 refused by the
// server, 2 usage, 3 no server, 4 verify found the log broken; the last one is in verify_100k_test.cc).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CliTest : public ::testing::Test {
 protected:
  CliResult run(const std::vector<std::string>& args) { return runCli(server_, args); }

  ServerProcess server_{{"--clock", "sim", "--sim-start", "2023-05-20T08:00+08:00"}};
};

TEST_F(CliTest, StatusWhoAmIAndDigestSucceed) {
  CliResult status = run({"status"});
  EXPECT_EQ(status.exitCode, 0) << status.output;
  EXPECT_TRUE(contains(status.output, "2023-05-20T08:00:00+08:00")) << status.output;
  CliResult who = run({"whoami"});
  EXPECT_EQ(who.exitCode, 0) << who.output;
  EXPECT_TRUE(contains(who.output, "admin")) << who.output;
  CliResult json = run({"--json", "status"});
  EXPECT_EQ(json.exitCode, 0) << json.output;
  EXPECT_TRUE(contains(json.output, "\"clockMode\":\"sim\"")) << json.output;
}

TEST_F(CliTest, AppendReadAndVerify) {
  CliResult append = run({"append", "notes", "first words", "second words", "--expect", "none", "--command-id", "c1"});
  ASSERT_EQ(append.exitCode, 0) << append.output;
  EXPECT_TRUE(contains(append.output, "positions 4-5")) << append.output;
  CliResult retry = run({"append", "notes", "first words", "second words", "--expect", "none", "--command-id", "c1"});
  EXPECT_EQ(retry.exitCode, 0) << retry.output;
  EXPECT_TRUE(contains(retry.output, "nothing appended")) << retry.output;

  CliResult read = run({"read", "notes"});
  EXPECT_EQ(read.exitCode, 0) << read.output;
  EXPECT_TRUE(contains(read.output, "second words")) << read.output;
  CliResult notes = run({"read", "--all", "--type", "note"});
  EXPECT_EQ(notes.exitCode, 0) << notes.output;
  EXPECT_TRUE(contains(notes.output, "notes@2")) << notes.output;

  CliResult verified = run({"verify"});
  EXPECT_EQ(verified.exitCode, 0) << verified.output;
  EXPECT_TRUE(contains(verified.output, "intact: 5 events")) << verified.output;

  CliResult digest = run({"digest"});
  ASSERT_EQ(digest.exitCode, 0) << digest.output;
  std::string kept = digest.output.substr(0, digest.output.find('\n'));
  EXPECT_TRUE(kept.rfind("5:", 0) == 0) << kept;
  ASSERT_EQ(run({"append", "notes", "third", "--expect", "2"}).exitCode, 0);
  CliResult extends = run({"verify", "--digest", kept});
  EXPECT_EQ(extends.exitCode, 0) << extends.output;
  EXPECT_TRUE(contains(extends.output, "extends it")) << extends.output;
}

TEST_F(CliTest, ClockCommandsMoveTheSimulatedClock) {
  CliResult advance = run({"clock", "advance", "P7D"});
  EXPECT_EQ(advance.exitCode, 0) << advance.output;
  CliResult status = run({"status"});
  EXPECT_TRUE(contains(status.output, "2023-05-27T08:00:00+08:00")) << status.output;
  CliResult back = run({"clock", "set", "2023-05-21T08:00+08:00"});
  EXPECT_EQ(back.exitCode, 1) << back.output;
  EXPECT_TRUE(contains(back.output, "clockRefused")) << back.output;
}

TEST_F(CliTest, RefusedCommandsExitWithOne) {
  CliResult conflict = run({"append", "notes", "x", "--expect", "5"});
  EXPECT_EQ(conflict.exitCode, 1) << conflict.output;
  EXPECT_TRUE(contains(conflict.output, "versionConflict")) << conflict.output;
  CliResult stranger = run({"--token", "qlt_0123456789abcdef_00", "status"});
  EXPECT_EQ(stranger.exitCode, 1) << stranger.output;
  EXPECT_TRUE(contains(stranger.output, "unauthenticated")) << stranger.output;
  CliResult unknownType = run({"read", "--all", "--type", "noSuchEvent"});
  EXPECT_EQ(unknownType.exitCode, 1) << unknownType.output;
  Client admin = server_.admin();
  EXPECT_EQ(head(admin).position, 3u);
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"frobnicate"},
           {"append", "notes"},
           {"append", "notes", "x", "--expect", "many"},
           {"read", "notes", "--colour", "red"},
           {"verify", "--digest", "not-a-digest"},
           {"clock", "set", "yesterday"},
           {"status", "--token"},
       }) {
    CliResult result = run(args);
    EXPECT_EQ(result.exitCode, 2) << args[0] << ": " << result.output;
  }
  EXPECT_EQ(runCli({}).exitCode, 2);
  EXPECT_EQ(runCli({"--help"}).exitCode, 0);
}

TEST(CliWithoutServerTest, ExitsWithThreeWhenNothingListens) {
  // A port bound but not listening refuses connections, and no other process can take it meanwhile.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  std::string endpoint = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  CliResult result = runCli({"--server", endpoint, "--token", "qlt_x_y", "status"});
  ::close(fd);
  EXPECT_EQ(result.exitCode, 3) << result.output;
  EXPECT_EQ(runCli({"--server", "127.0.0.1:notaport", "status"}).exitCode, 3);
}

}  // namespace
}  // namespace qingling::server::testing
