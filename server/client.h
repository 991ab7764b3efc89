// A blocking client for qinglingd, used by the `qingling` CLI and the integration tests: one TCP connection,
// one request at a time (or a subscription's stream of answers), plaintext or TLS. Throws ClientError on
// connection trouble.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include <capnp/serialize.h>

#include "schemas/wire.capnp.h"

namespace qingling::server {

struct ClientError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A response that owns its bytes.
class Reply {
 public:
  explicit Reply(std::unique_ptr<capnp::MessageReader> reader)
      : reader_(std::move(reader)), root_(reader_->getRoot<schema::Response>()) {}
  schema::Response::Reader get() const { return root_; }
  const schema::Response::Reader* operator->() const { return &root_; }

 private:
  std::unique_ptr<capnp::MessageReader> reader_;
  schema::Response::Reader root_;  // valid while reader_ lives
};

// How the client secures its connection. Off: plaintext (loopback). On: TLS, verifying that the server's
// certificate chains to `caFile` (PEM; empty: the system's trust store) and names the host dialled.
struct ClientTls {
  bool enabled = false;
  std::string caFile;
};

class Client {
 public:
  // Told of each interim progress frame of a long query (Query.wantProgress; server/replay_meter.h).
  using OnProgress = std::function<void(schema::ReplayProgress::Reader)>;

  Client(const std::string& host, uint16_t port, std::string token, const ClientTls& tls = {});
  ~Client();

  // Sends one request, filled in by `fill`, and waits for its answer. Interim progress frames for it are never the
  // answer: they go to `onProgress` when given, else are skipped.
  Reply call(const std::function<void(schema::Request::Body::Builder)>& fill, const OnProgress& onProgress = {});
  // Sends without waiting (for subscriptions and pipelining tests); returns the request id.
  uint64_t send(const std::function<void(schema::Request::Body::Builder)>& fill);
  Reply receive();
  // Writes raw bytes (through TLS when on), for tests of hostile input.
  void sendRaw(const void* data, size_t size);
  int fd() const;  // the TCP socket's, for tests that read or wait on it directly (plaintext)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "host:port" (default port 7420); throws ClientError if malformed.
void parseEndpoint(const std::string& text, std::string& host, uint16_t& port);

}  // namespace qingling::server
