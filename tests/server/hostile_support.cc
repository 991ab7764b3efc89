#include "tests/server/hostile_support.h"

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace qingling::server::testing {

kj::Array<capnp::word> requestFrame(const std::string& token, uint64_t requestId,
                                    const std::function<void(Body)>& fill) {
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<schema::Request>();
  request.setRequestId(requestId);
  request.setToken(token);
  fill(request.getBody());
  return capnp::messageToFlatArray(message);
}

bool eventually(const std::function<bool()>& done) {
  for (int attempt = 0; attempt < 3000; ++attempt) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

uint32_t connectionsSeen(const ServerProcess& server) {
  Client client = server.admin();
  Reply reply = client.call([](Body body) { body.setStatus(); });
  return reply->getBody().isStatus() ? reply->getBody().getStatus().getConnections() : 0;
}

uint64_t procStatusKiB(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::istringstream value(line.substr(key.size() + 1));
    uint64_t kib = 0;
    value >> kib;
    return kib;
  }
  return 0;
}

}  // namespace qingling::server::testing
