#include "tests/server/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace qingling::server::testing {
namespace {

// Process start-up and shutdown are the only things polled: at most kPollAttempts times kPollInterval.
constexpr auto kPollInterval = std::chrono::milliseconds(10);
constexpr int kPollAttempts = 3000;

int exitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Starts `path` with `args`; stdout and stderr go to `outFd`, stdin is /dev/null, no other descriptor of ours
// leaks into the child.
pid_t spawn(const std::string& path, const std::vector<std::string>& args, int outFd) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, outFd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, outFd, STDERR_FILENO);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + path + ": " + std::strerror(rc));
  return pid;
}

bool canConnect(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> extraArgs, bool startNow)
    : dataDir_(root_.path() + "/data"),
      portFile_(root_.path() + "/port"),
      outputFile_(root_.path() + "/qinglingd.out"),
      extraArgs_(std::move(extraArgs)) {
  // A client writing to a connection the server has just closed must see an error, not die of SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  std::filesystem::create_directories(dataDir_);
  if (startNow) start();
}

ServerProcess::~ServerProcess() {
  if (running()) kill();
}

void ServerProcess::start() {
  if (running()) throw std::logic_error("ServerProcess::start: the server is already running");
  std::filesystem::remove(portFile_);
  std::vector<std::string> args = {"--port", "0", "--port-file", portFile_, "--data", dataDir_};
  args.insert(args.end(), extraArgs_.begin(), extraArgs_.end());
  int out = ::open(outputFile_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out < 0) throw std::runtime_error("cannot open " + outputFile_);
  pid_ = spawn(QINGLINGD_PATH, args, out);
  ::close(out);
  killed_ = false;
  waitUntilReady();
  adminToken_.clear();
  std::ifstream token(dataDir_ + "/admin.token");
  token >> adminToken_;
}

void ServerProcess::waitUntilReady() {
  for (int attempt = 0; attempt < kPollAttempts; ++attempt) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("qinglingd exited with code " + std::to_string(exitCodeOf(status)) +
                               " while starting:\n" + serverOutput());
    }
    std::string text = readFile(portFile_);
    if (!text.empty() && text.back() == '\n') {
      port_ = static_cast<uint16_t>(std::stoi(text));
      if (canConnect(port_)) return;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  kill();
  throw std::runtime_error("qinglingd did not accept connections in time:\n" + serverOutput());
}

int ServerProcess::stop() {
  if (!running()) throw std::logic_error("ServerProcess::stop: the server is not running");
  ::kill(pid_, SIGTERM);
  for (int attempt = 0; attempt < kPollAttempts; ++attempt) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return exitCodeOf(status);
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  kill();
  return -1;
}

void ServerProcess::kill() {
  if (killed_.exchange(true) || pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::serverOutput() const { return readFile(outputFile_); }

CliResult runCli(const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = -1;
  try {
    pid = spawn(QINGLING_CLI_PATH, args, fds[1]);
  } catch (...) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw;
  }
  ::close(fds[1]);
  CliResult result;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    result.output.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exitCode = exitCodeOf(status);
  return result;
}

CliResult runCli(const ServerProcess& server, const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--server", server.endpoint(), "--token", server.adminToken()};
  all.insert(all.end(), args.begin(), args.end());
  return runCli(all);
}

}  // namespace qingling::server::testing
