// Answers projection queries (task list, campaign progress, escalation board, duty compliance, hazard ledger,
// dispatch table, enterprise profile, task targets) by folding the events the projection needs — read through the
// unit index with the campaign or unit-subtree keys, cut at asOf (recordedAt) — into the pure projections of
// domain/projections/. Nothing is cached: every answer is rebuilt from the log, so any past instant can be asked for.
#pragma once

#include <cstdint>

#include <capnp/message.h>

#include "domain/principal.h"
#include "schemas/projections.capnp.h"
#include "server/directory_view.h"
#include "server/outcome.h"
#include "store/event_log.h"

namespace qingling::server {

// Fills `out` or returns why not (forbidden outside the asker's reach, notFound, store errors).
std::optional<Failure> answerQuery(store::EventLog& log, DirectoryView& directory, const domain::Principal& who,
                                   schema::Query::Reader query, int64_t now, schema::Projection::Builder out);

}  // namespace qingling::server
