#include "server/query_request.h"

#include <chrono>
#include <memory>
#include <optional>

#include "server/query_service.h"
#include "server/replay_meter.h"

namespace qingling::server {
namespace {

// Called on the query pool: the frame is built there and sent from the session's strand. The strand runs what is
// posted to it in order, so every progress frame goes out before the answer, which is sent after the replay.
void postProgress(ResponseSink& sink, uint64_t requestId, const ReplayProgress& progress) {
  auto message = std::make_shared<capnp::MallocMessageBuilder>();
  auto response = message->initRoot<schema::Response>();
  response.setRequestId(requestId);
  auto out = response.getBody().initProgress();
  out.setFolded(progress.folded);
  out.setPosition(progress.position);
  out.setHead(progress.head);
  asio::post(sink.executor(), [&sink, message] { sink.send(*message); });
}

}  // namespace

asio::awaitable<void> serveQuery(ServerContext& context, const domain::Principal& who, uint64_t requestId,
                                 schema::Query::Reader query, ResponseSink& sink) {
  capnp::MallocMessageBuilder message;
  auto response = message.initRoot<schema::Response>();
  response.setRequestId(requestId);
  std::optional<Failure> failure;
  // The session, and with it `sink` and the request frame `query` reads, lives until this request is answered.
  co_await asio::co_spawn(
      context.queries,
      [&]() -> asio::awaitable<void> {
        ReplayMeter meter;
        if (query.getWantProgress()) {
          meter = ReplayMeter(std::chrono::milliseconds(context.config.progressAfterMs), context.log.head().position,
                              [&](const ReplayProgress& p) { postProgress(sink, requestId, p); });
        }
        failure = answerQuery(context.log, context.directory, who, query, context.clock.now(),
                              response.getBody().initProjection(), &meter);
        co_return;
      },
      asio::use_awaitable);
  if (failure) {
    sendError(sink, requestId, failure->code, failure->message, failure->path);
  } else {
    sink.send(message);
  }
}

}  // namespace qingling::server
