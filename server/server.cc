#include "server/server.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include <capnp/serialize.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/asio_ssl.h"
#include "server/scheduler.h"
#include "server/sealing.h"
#include "server/session.h"

namespace qingling::server {
namespace {

std::unique_ptr<Clock> makeClock(const ServerConfig& config, std::string& error) {
  if (config.clock == "wall") return std::make_unique<WallClock>();
  int64_t start = 0;
  if (!parseInstant(config.simStart, start)) {
    error = "--sim-start '" + config.simStart + "' is not an instant such as 2023-05-20T08:00+08:00";
    return nullptr;
  }
  return std::make_unique<SimClock>(start);
}

// The admin token is shown once at first start and kept in the data directory, readable by its owner only
// (from its creation on), and synced before the token is recorded in the log.
bool writeAdminToken(const std::string& dataDir, const std::string& token) {
  std::string path = dataDir + "/admin.token";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    spdlog::error("cannot write {}: {}", path, std::strerror(errno));
    return false;
  }
  std::string line = token + "\n";
  bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  if (!ok) spdlog::error("cannot write {}: {}", path, std::strerror(errno));
  ::close(fd);
  if (ok) {
    spdlog::info("first start: admin token written to {} (keep it secret; issue per-user tokens with it)", path);
  }
  return ok;
}

}  // namespace

struct Server::State {
  ServerConfig config;
  std::unique_ptr<store::EventLog> log;
  std::unique_ptr<Clock> clock;
  std::unique_ptr<DirectoryView> directory;
  std::unique_ptr<Sealer> sealer;
  std::unique_ptr<TlsContext> tls;
  std::unique_ptr<CommandService> commands;
  std::unique_ptr<HeadSignal> heads;
  std::unique_ptr<ServerContext> context;
  asio::io_context io;
  std::unique_ptr<Scheduler> scheduler;  // after io: its timer must go before the io_context does
  std::mutex sessionsMutex;
  std::vector<std::weak_ptr<Session>> sessions;  // guarded by sessionsMutex
};

Server::Server(ServerConfig config) : state_(std::make_unique<State>()) { state_->config = std::move(config); }

Server::~Server() = default;

namespace {

// Tells a connection over max-connections why it is closed, as an error for request 0, rather than with a bare
// reset: one small frame, written without waiting (best effort; the peer may not be reading yet).
void refuseConnection(tcp::socket& socket, const std::string& message) {
  capnp::MallocMessageBuilder response;
  auto error = response.initRoot<schema::Response>().getBody().initError();
  error.setCode(schema::ErrorCode::UNAVAILABLE);
  error.setMessage(message);
  auto frame = capnp::messageToFlatArray(response);
  auto bytes = frame.asBytes();
  beast::error_code ignored;
  socket.non_blocking(true, ignored);
  socket.write_some(asio::buffer(bytes.begin(), bytes.size()), ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> acceptLoop(asio::io_context& io, tcp::acceptor& acceptor, ServerContext& context,
                                 std::mutex& sessionsMutex, std::vector<std::weak_ptr<Session>>& sessions) {
  // Refusals are logged at most every 10 s, with how many there were: a flood must not flood the log too.
  using Steady = std::chrono::steady_clock;
  Steady::time_point lastRefusalLogged{};
  uint64_t refusedUnlogged = 0;
  while (acceptor.is_open()) {
    beast::error_code ec;
    tcp::socket socket =
        co_await acceptor.async_accept(asio::make_strand(io), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!acceptor.is_open()) break;
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    if (context.connections.load() >= context.config.maxConnections) {
      ++refusedUnlogged;
      if (Steady::now() - lastRefusalLogged >= std::chrono::seconds(10)) {
        spdlog::warn("refused {} connection(s): {} open, the most max-connections allows", refusedUnlogged,
                     context.connections.load());
        lastRefusalLogged = Steady::now();
        refusedUnlogged = 0;
      }
      // Under TLS a plaintext frame would be noise to the peer before its handshake: it sees the close alone.
      if (context.tls == nullptr) {
        refuseConnection(socket, "the server has " + std::to_string(context.connections.load()) +
                                     " connections open, the most it accepts (max-connections); try again later");
      }
      continue;  // the socket closes as it goes out of scope
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(std::move(socket), context);
    {
      std::lock_guard lock(sessionsMutex);
      // Accepted while the stop signal drained the sessions under this lock: it would never be drained.
      if (context.stopping) continue;
      std::erase_if(sessions, [](const auto& weak) { return weak.expired(); });
      sessions.push_back(session);
    }
    session->start();
  }
}

}  // namespace

int Server::run() {
  State& s = *state_;
  std::error_code fsError;
  std::filesystem::create_directories(s.config.dataDir, fsError);
  if (fsError) {
    spdlog::error("cannot create data directory {}: {}; choose another with --data", s.config.dataDir,
                  fsError.message());
    return 1;
  }
  std::string error;
  s.clock = makeClock(s.config, error);
  if (!s.clock) {
    spdlog::error("{}", error);
    return 2;
  }
  store::LogOptions logOptions{.path = s.config.dataDir + "/events"};
  // Once per change of state, not per refused request: a full disk would otherwise flood the log.
  logOptions.onWriteState = [](const store::StoreError* fault) {
    if (fault) {
      spdlog::error("appends refused ({}): {}", store::toString(fault->code), fault->message);
    } else {
      spdlog::info("appends succeed again; the store is writable");
    }
  };
  auto opened = store::EventLog::open(logOptions);
  if (!opened.ok()) {
    spdlog::error("cannot open the event store: {}", opened.error().message);
    return 1;
  }
  s.log = std::move(opened.value());
  s.directory = std::make_unique<DirectoryView>(*s.log);
  // A configured key is never made up: a wrong path would seal new tips under a key nobody keeps.
  const bool configuredKey = !s.config.sealKeyFile.empty();
  auto sealer =
      Sealer::openKeyFile(configuredKey ? s.config.sealKeyFile : s.config.dataDir + "/seal.key", !configuredKey);
  if (auto* sealError = std::get_if<std::string>(&sealer)) {
    spdlog::error("{}{}", *sealError,
                  configuredKey
                      ? "; check seal-key, or make a new key with `openssl rand -out FILE 32 && chmod 600 FILE`"
                        " (tips sealed under the old key stay unreadable without it)"
                      : "");
    return 1;
  }
  s.sealer = std::make_unique<Sealer>(std::get<Sealer>(sealer));
  if (!s.config.tlsCert.empty()) {
    auto tls = serverTlsContext(s.config.tlsCert, s.config.tlsKey);
    if (auto* tlsError = std::get_if<std::string>(&tls)) {
      spdlog::error("{}; fix the path, or leave tls-cert and tls-key unset to serve plaintext on loopback", *tlsError);
      return 1;
    }
    s.tls = std::move(std::get<std::unique_ptr<TlsContext>>(tls));
  }
  s.commands = std::make_unique<CommandService>(*s.log, *s.directory, *s.clock);
  s.commands->setSealer(s.sealer.get());
  s.scheduler = std::make_unique<Scheduler>(*s.log, *s.directory, *s.clock);
  s.commands->onAgendaChange([&s](int64_t now) { s.scheduler->runUpTo(now); });
  s.heads = std::make_unique<HeadSignal>(*s.log);
  asio::thread_pool queryPool(s.config.queryThreads);
  s.context = std::make_unique<ServerContext>(s.config, *s.log, *s.clock, *s.directory, *s.commands, *s.heads,
                                              queryPool.get_executor());
  s.context->tls = s.tls.get();
  s.commands->restoreSimClock();
  Outcome boot =
      s.commands->bootstrapAdmin([&](const std::string& secret) { return writeAdminToken(s.config.dataDir, secret); });
  if (boot.failure) {
    spdlog::error("first-start bootstrap failed: {}", boot.failure->message);
    return 1;
  }
  // What fell due while the server was down (dispatches, escalation steps) is recorded before the first request.
  s.scheduler->runUpTo(s.clock->now());

  // The accept loop and the stop signal both touch the acceptor, which is not thread-safe: one strand orders them.
  auto acceptStrand = asio::make_strand(s.io);
  tcp::acceptor acceptor(acceptStrand);
  beast::error_code ec;
  auto address = asio::ip::make_address(s.config.address, ec);
  if (ec) {
    spdlog::error("--address '{}' is not an IP address", s.config.address);
    return 2;
  }
  tcp::endpoint endpoint(address, s.config.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    spdlog::error("cannot listen on {}:{}: {}; is another qinglingd running? choose another --port", s.config.address,
                  s.config.port, ec.message());
    return 1;
  }
  uint16_t port = acceptor.local_endpoint().port();
  if (!s.config.portFile.empty()) std::ofstream(s.config.portFile, std::ios::trunc) << port << "\n";
  spdlog::info("qinglingd {} listening on {}:{} ({}), store {} at position {}, {} clock", QINGLING_VERSION,
               s.config.address, port, s.tls ? "TLS" : "plaintext", s.log->path(), s.log->head().position,
               s.config.clock);
  if (!s.tls && !address.is_loopback()) {
    spdlog::warn("serving plaintext on {}: tokens and tip reports cross the network readable; set tls-cert and tls-key",
                 s.config.address);
  }

  asio::signal_set signals(s.io, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code& e, int signal) {
    if (e) return;
    spdlog::info("signal {}: stopping; answering requests in flight", signal);
    s.context->stopping = true;
    s.scheduler->stop();
    asio::post(acceptStrand, [&acceptor] {
      beast::error_code ignored;
      acceptor.close(ignored);
    });
    s.heads->stop();
    std::lock_guard lock(s.sessionsMutex);
    for (auto& weak : s.sessions) {
      if (auto session = weak.lock()) session->drain();
    }
  });
  if (!s.clock->simulated()) s.scheduler->startTimer(s.io.get_executor());
  asio::co_spawn(acceptStrand, acceptLoop(s.io, acceptor, *s.context, s.sessionsMutex, s.sessions), asio::detached);

  std::vector<std::thread> threads;
  for (uint32_t i = 1; i < s.config.ioThreads; ++i) threads.emplace_back([&s]() { s.io.run(); });
  s.io.run();
  for (auto& t : threads) t.join();
  queryPool.join();  // idle by now: every session answered its queries before the io_context ran out of work

  s.heads.reset();
  s.log.reset();  // answers pending appends and closes RocksDB cleanly
  spdlog::info("stopped; store closed cleanly");
  return 0;
}

}  // namespace qingling::server
