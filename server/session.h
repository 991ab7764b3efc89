// One client connection: a reader coroutine that frames requests and spawns a handler for each (pipelining, up
// to max-in-flight at once), and a writer coroutine that drains a bounded queue of response frames. Everything
// of a session runs on its own strand, so its state needs no locks. Reading pauses while the queue is over
// max-outgoing-bytes (slow readers cannot grow memory); a started frame must arrive within frame-timeout.
// A response is written at once, without waiting, as far as the socket takes it while the writer is idle — so the
// interim frames of a long answer computed in one go on the strand (a replay's progress) reach the peer while it
// runs; the writer coroutine writes the rest.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include <kj/array.h>

#include "server/asio.h"
#include "server/request_router.h"
#include "server/server_context.h"

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
  asio::awaitable<void> waitForRoom() override;

 private:
  asio::awaitable<void> readLoop();
  asio::awaitable<void> writeLoop();
  asio::awaitable<void> handle(std::shared_ptr<kj::Array<capnp::word>> frame);
  asio::awaitable<bool> readExactly(void* data, size_t size);
  void failConnection(schema::ErrorCode code, const std::string& message);
  void writeWithoutWaiting();
  void closeIfIdle();
  void close();

  ServerContext& context_;
  beast::tcp_stream stream_;
  std::string peer_;  // the client's address, for the log and the authentication throttle
  asio::steady_timer writerWake_;
  asio::steady_timer roomWake_;
  struct Outgoing {
    kj::Array<capnp::word> frame;
    size_t written = 0;  // bytes of it already on the socket
  };
  std::deque<Outgoing> outgoing_;
  uint64_t outgoingBytes_ = 0;
  uint32_t inFlight_ = 0;
  bool reading_ = true;
  bool closed_ = false;
  bool writing_ = false;  // the writer coroutine has a write in progress
};

}  // namespace qingling::server
