// Serves a `query` request: the projection answer or the refusal, preceded — when the query asks for progress
// (Query.wantProgress) and its replay has run longer than progress-after-ms — by interim `progress` responses on
// the same request id, at most one a second (server/replay_meter.h). A client that does not ask never sees one.
//
// The replay runs on the query pool (ServerContext::queries), not on the session's strand: the connection keeps
// writing (its progress frames, answers to its other requests) while the fold runs, and a long replay holds no
// network thread. Completes back on the session's strand, where the answer is sent.
#pragma once

#include <cstdint>

#include "domain/principal.h"
#include "schemas/wire.capnp.h"
#include "server/request_router.h"
#include "server/server_context.h"

namespace qingling::server {

asio::awaitable<void> serveQuery(ServerContext& context, const domain::Principal& who, uint64_t requestId,
                                 schema::Query::Reader query, ResponseSink& sink);

}  // namespace qingling::server
