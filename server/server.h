// qinglingd's lifecycle: open the store, fold the directory, bootstrap the admin token on first start, accept
// connections, and on SIGTERM/SIGINT stop accepting, let sessions answer what they hold, then close the store.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/asio.h"
#include "server/config.h"

namespace qingling::server {

class Server {
 public:
  explicit Server(ServerConfig config);
  ~Server();

  // Runs until a stop signal; returns the process exit code. Errors at start are logged with what to do.
  int run();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace qingling::server
