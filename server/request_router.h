// Answers one request: authenticate the token, then serve the command, read, subscription, verify or status it
// carries. Responses go to a ResponseSink (the session's bounded outgoing queue); a subscription sends many.
#pragma once

#include <capnp/message.h>

#include "schemas/wire.capnp.h"
#include "server/asio.h"
#include "server/server_context.h"

namespace qingling::server {

class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  // Only on executor(): work done elsewhere (a query on the query pool) posts its sends there.
  virtual void send(capnp::MallocMessageBuilder& response) = 0;
  virtual asio::any_io_executor executor() = 0;
  virtual bool closed() const = 0;
  // Completes when the outgoing queue has room again (backpressure for long answers).
  virtual asio::awaitable<void> waitForRoom() = 0;
};

// `peer` is the client's address, which failed authentications are counted against (AuthThrottle).
asio::awaitable<void> handleRequest(ServerContext& context, schema::Request::Reader request, ResponseSink& sink,
                                    const std::string& peer);

// Sends an error response for `requestId`.
void sendError(ResponseSink& sink, uint64_t requestId, schema::ErrorCode code, const std::string& message,
               const std::string& path = {});

}  // namespace qingling::server
