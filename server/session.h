// One client connection: a reader coroutine that frames requests and spawns a handler for each (pipelining, up
// to max-in-flight at once), and a writer coroutine that drains a bounded queue of response frames. Everything
// of a session runs on its own strand, so its state needs no locks. Reading pauses while the queue is over
// max-outgoing-bytes (slow readers cannot grow memory); a started frame must arrive within frame-timeout.
// Frames read and answers queued count against the server's MemoryBudget (max-buffered-bytes) too.
// With TLS on (tls-cert), the reader first completes the handshake within frame-timeout. Only the writer writes: long
// work (a query's replay) runs off the strand, so the writer is never held up behind it.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include <kj/array.h>

#include "server/asio.h"
#include "server/request_router.h"
#include "server/server_context.h"
#include "server/transport.h"

namespace qingling::server {

class Session : public ResponseSink, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerContext& context);
  ~Session() override;

  void start();
  // Stops reading new requests; answers those in flight, flushes, then closes (graceful shutdown).
  void drain();

  void send(capnp::MallocMessageBuilder& response) override;
  bool closed() const override { return closed_; }
  asio::any_io_executor executor() override { return transport_.stream().get_executor(); }
  asio::awaitable<void> waitForRoom() override;

 private:
  asio::awaitable<void> readLoop();
  asio::awaitable<void> writeLoop();
  asio::awaitable<void> handle(std::shared_ptr<kj::Array<capnp::word>> frame);
  asio::awaitable<bool> readExactly(void* data, size_t size);
  void failConnection(schema::ErrorCode code, const std::string& message);
  void closeIfIdle();
  void close();

  ServerContext& context_;
  Transport transport_;
  std::string peer_;  // the client's address, for the log and the authentication throttle
  asio::steady_timer writerWake_;
  asio::steady_timer roomWake_;
  std::deque<kj::Array<capnp::word>> outgoing_;
  uint64_t outgoingBytes_ = 0;
  uint32_t inFlight_ = 0;
  bool reading_ = true;
  bool closed_ = false;
};

}  // namespace qingling::server
