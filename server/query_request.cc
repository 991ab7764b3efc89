#include "server/query_request.h"

#include <chrono>

#include "server/query_service.h"
#include "server/replay_meter.h"

namespace qingling::server {
namespace {

void sendProgress(ResponseSink& sink, uint64_t requestId, const ReplayProgress& progress) {
  capnp::MallocMessageBuilder message;
  auto response = message.initRoot<schema::Response>();
  response.setRequestId(requestId);
  auto out = response.getBody().initProgress();
  out.setFolded(progress.folded);
  out.setPosition(progress.position);
  out.setHead(progress.head);
  sink.send(message);
}

}  // namespace

void serveQuery(ServerContext& context, const domain::Principal& who, uint64_t requestId, schema::Query::Reader query,
                ResponseSink& sink) {
  ReplayMeter meter;
  if (query.getWantProgress()) {
    meter = ReplayMeter(std::chrono::milliseconds(context.config.progressAfterMs), context.log.head().position,
                        [&](const ReplayProgress& p) { sendProgress(sink, requestId, p); });
  }
  capnp::MallocMessageBuilder message;
  auto response = message.initRoot<schema::Response>();
  response.setRequestId(requestId);
  auto failure = answerQuery(context.log, context.directory, who, query, context.clock.now(),
                             response.getBody().initProjection(), &meter);
  if (failure) {
    sendError(sink, requestId, failure->code, failure->message, failure->path);
  } else {
    sink.send(message);
  }
}

}  // namespace qingling::server
