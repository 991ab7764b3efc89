// What every session shares: configuration, the log, the clock and the services built on them. Owned by
// Server; sessions hold a reference that outlives them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "server/asio.h"
#include "server/async_log.h"
#include "server/auth_throttle.h"
#include "server/clock.h"
#include "server/command_service.h"
#include "server/config.h"
#include "server/directory_view.h"
#include "server/memory_budget.h"
#include "server/tls.h"
#include "store/event_log.h"

namespace qingling::server {

struct ServerContext {
  ServerContext(const ServerConfig& c, store::EventLog& l, Clock& k, DirectoryView& d, CommandService& s, HeadSignal& h,
                asio::any_io_executor q)
      : config(c), log(l), clock(k), directory(d), commands(s), heads(h), queries(std::move(q)) {}

  const ServerConfig& config;
  store::EventLog& log;
  Clock& clock;
  DirectoryView& directory;
  CommandService& commands;
  HeadSignal& heads;
  // A pool apart from the network threads: a replay of millions of events must not stall other connections.
  asio::any_io_executor queries;
  TlsContext* tls = nullptr;  // set when client connections are TLS (tls-cert, tls-key); owned by Server
  std::chrono::steady_clock::time_point startedAt = std::chrono::steady_clock::now();
  std::atomic<uint32_t> connections{0};
  std::atomic<bool> stopping{false};
  MemoryBudget budget{config.maxBufferedBytes};
  AuthThrottle authThrottle{config.authFailureLimit, std::chrono::seconds(config.authFailureWindowSeconds)};
};

}  // namespace qingling::server
