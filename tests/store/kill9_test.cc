// Crash durability: a child process (this same executable, started with QINGLING_KILL9_CHILD_DIR set) appends
// from several threads and reports every answered append on a pipe; the test kills it with SIGKILL at
// whatever moment the reports reach a count, then reopens the log. Every answered append must be there, the
// chain must verify, stream versions must be dense, and the next child continues the same streams.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include "tests/store/test_events.h"

extern char** environ;

namespace qingling::store::testing {
namespace {

constexpr const char* kChildEnv = "QINGLING_KILL9_CHILD_DIR";
constexpr int kChildThreads = 4;

[[noreturn]] void runChild(const char* dir) {
  auto opened = EventLog::open({.path = dir});
  if (!opened.ok()) {
    std::fprintf(stderr, "kill9 child: %s\n", opened.error().message.c_str());
    _exit(2);
  }
  EventLog& log = *opened.value();
  std::mutex out;
  std::vector<std::thread> threads;
  for (int t = 0; t < kChildThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string stream = "k-" + std::to_string(t);
      uint64_t version = log.streamVersion(stream).value();
      for (;;) {
        auto result = log.append(noteAppend(stream, ExpectedVersion::exact(version), 1 + version % 3,
                                            "cmd-" + stream + "-" + std::to_string(version)));
        if (!result.ok()) {
          std::fprintf(stderr, "kill9 child: %s\n", result.error().message.c_str());
          _exit(3);
        }
        version = result->streamVersion;
        char line[128];
        int n = std::snprintf(line, sizeof line, "%s %llu %llu\n", stream.c_str(),
                              static_cast<unsigned long long>(result->lastPosition),
                              static_cast<unsigned long long>(version));
        std::lock_guard lock(out);
        if (write(STDOUT_FILENO, line, n) != n) _exit(4);  // one write below PIPE_BUF: never torn
      }
    });
  }
  for (auto& thread : threads) thread.join();
  _exit(0);
}

// Runs before main(): in the child, the process never reaches GoogleTest.
[[maybe_unused]] const bool kIsChild = [] {
  if (const char* dir = std::getenv(kChildEnv)) runChild(dir);
  return false;
}();

struct Ack {
  std::string stream;
  uint64_t position;
  uint64_t version;
};

// Starts the child, reads acks until `killAfter`, kills it, and returns every ack it wrote before dying.
std::vector<Ack> runAndKill(const std::string& dir, size_t killAfter) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  env.push_back(std::string(kChildEnv) + "=" + dir);
  std::vector<char*> envp;
  for (auto& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  char name[] = "store_tests-kill9-child";
  char* argv[] = {name, nullptr};
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv, envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);

  std::vector<Ack> acks;
  FILE* in = fdopen(fds[0], "r");
  char stream[64];
  unsigned long long position = 0;
  unsigned long long version = 0;
  bool killed = false;
  while (std::fscanf(in, "%63s %llu %llu", stream, &position, &version) == 3) {
    acks.push_back({stream, position, version});
    if (!killed && acks.size() >= killAfter) {
      kill(pid, SIGKILL);
      killed = true;
    }
  }
  std::fclose(in);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child ended on its own, status " << status;
  return acks;
}

using Kill9Test = LogTest;

TEST_F(Kill9Test, EveryAnsweredAppendSurvivesSigkill) {
  close();
  std::map<std::string, uint64_t> ackedVersion;
  uint64_t ackedPosition = 0;
  for (int round = 0; round < 3; ++round) {
    std::vector<Ack> acks = runAndKill(dir_.path(), 200);
    ASSERT_GE(acks.size(), 200u);
    reopen();
    for (const Ack& ack : acks) {
      auto event = log_->read(ack.position);
      ASSERT_TRUE(event.ok() && event.value().has_value()) << "answered position " << ack.position << " lost";
      EXPECT_EQ(event.value()->envelope().getStreamId(), ack.stream);
      EXPECT_EQ(event.value()->envelope().getStreamVersion(), ack.version);
      ackedVersion[ack.stream] = std::max(ackedVersion[ack.stream], ack.version);
      ackedPosition = std::max(ackedPosition, ack.position);
    }
    EXPECT_GE(log_->head().position, ackedPosition);
    auto report = log_->verify({});
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->intact) << report->problem;
    EXPECT_EQ(report->checked, log_->head().position);
    for (const auto& [stream, acked] : ackedVersion) {
      const uint64_t version = log_->streamVersion(stream).value();
      EXPECT_GE(version, acked);
      auto events = log_->readStream(stream, 1, false, 0);
      ASSERT_TRUE(events.ok());
      ASSERT_EQ(events->size(), version) << stream;
      for (uint64_t v = 0; v < version; ++v) EXPECT_EQ(events.value()[v].envelope().getStreamVersion(), v + 1);
    }
    close();
  }
}

}  // namespace
}  // namespace qingling::store::testing
