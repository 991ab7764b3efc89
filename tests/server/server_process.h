// The real qinglingd as a child process, for integration tests: a fresh temporary directory holding the data
// dir, the port file and the server's output; port 0, so tests never collide on a port. Readiness is the port
// file being written and a TCP connect succeeding, polled a bounded number of times. Also runs the `qingling`
// CLI binary and captures what it prints.
//
// Not thread-safe, except kill(), which one thread may call while others use clients of this server.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/client.h"
#include "tests/support/temp_dir.h"

namespace qingling::server::testing {

using qingling::testing::TempDir;

class ServerProcess {
 public:
  // `extraArgs` are added to `--port 0 --port-file F --data D` (e.g. {"--max-in-flight", "2"}). With
  // startNow = false the data dir exists but the server is not started (to prepare a store first).
  explicit ServerProcess(std::vector<std::string> extraArgs = {}, bool startNow = true);
  ~ServerProcess();  // kills the server if it still runs, then removes the directory
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts qinglingd on this data dir (again, after stop() or kill()) and waits until it accepts connections.
  // Throws std::runtime_error, with the server's output, if it exits or is not ready in time.
  void start();
  // SIGTERM, then waits; returns the exit code (128 + signal if a signal ended it, -1 if it had to be
  // killed).
  int stop();
  // SIGKILL, then waits. Safe to call from another thread than the one that started the server; only the
  // first call of a run does anything.
  void kill();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }  // -1 when not running; for reading its /proc entries

  uint16_t port() const { return port_; }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& adminToken() const { return adminToken_; }
  const std::string& dataDir() const { return dataDir_; }
  std::string storePath() const { return dataDir_ + "/events"; }  // where qinglingd keeps its EventLog
  std::string serverOutput() const;                               // what qinglingd printed, for failure messages only

  Client client(const std::string& token) const { return Client("127.0.0.1", port_, token); }
  Client admin() const { return client(adminToken_); }

 private:
  void waitUntilReady();

  TempDir root_;
  std::string dataDir_;
  std::string portFile_;
  std::string outputFile_;
  std::vector<std::string> extraArgs_;
  pid_t pid_ = -1;
  std::atomic<bool> killed_{false};
  uint16_t port_ = 0;
  std::string adminToken_;
};

struct CliResult {
  int exitCode = -1;   // 128 + signal if a signal ended it
  std::string output;  // stdout and stderr, interleaved
};

// Runs the `qingling` binary with `args` (no shell involved) and waits for it.
CliResult runCli(const std::vector<std::string>& args);
// Same, with --server and --token of `server` in front.
CliResult runCli(const ServerProcess& server, const std::vector<std::string>& args);

}  // namespace qingling::server::testing
