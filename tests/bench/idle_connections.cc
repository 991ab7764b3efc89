// idle_connections: opens N connections to a running qinglingd, has each authenticate with one request, then holds
// them all open and idle until its standard input closes (or --seconds pass), so scripts/bench can read the
// server's memory with N idle clients attached. Prints one line once all are open.
//
//   idle_connections --server 127.0.0.1:7420 --token T --connections 1000 [--seconds 60]
// Needs a file-descriptor limit above N (scripts/bench raises it with ulimit -n).
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/client.h"
#include "tests/bench/flags.h"

int main(int argc, char** argv) try {
  std::string server = "127.0.0.1:7420", token, label = "idle";
  int connections = 1000;
  double seconds = 3600;
  qingling::bench::Flags()
      .add("--server", server)
      .add("--token", token)
      .add("--label", label)
      .add("--connections", connections)
      .add("--seconds", seconds)
      .parse(argc, argv);
  std::string host;
  uint16_t port = 0;
  qingling::server::parseEndpoint(server, host, port);
  std::vector<std::unique_ptr<qingling::server::Client>> open;
  for (int i = 0; i < connections; ++i) {
    open.push_back(std::make_unique<qingling::server::Client>(host, port, token));
    auto reply = open.back()->call([](qingling::schema::Request::Body::Builder body) { body.setWhoAmI(); });
    if (reply->getBody().isError()) {
      throw std::runtime_error("connection " + std::to_string(i) +
                               " was refused: " + reply->getBody().getError().getMessage().cStr());
    }
  }
  std::printf("label=%s connections=%d\n", label.c_str(), connections);
  std::fflush(stdout);
  pollfd in{STDIN_FILENO, POLLIN, 0};
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (::poll(&in, 1, 200) > 0) {
      char byte;
      if (::read(STDIN_FILENO, &byte, 1) <= 0) break;  // the caller closed our input: done
    }
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "idle_connections: %s\n", e.what());
  return 2;
}
