// Answers projection queries (task list, campaign progress, escalation board, duty compliance, hazard ledger,
// dispatch table, enterprise profile, task targets) by folding the events the projection needs — read through the
// unit index with the campaign or unit-subtree keys, cut at asOf (recordedAt) — into the pure projections of
// domain/projections/. Nothing is cached: every answer is rebuilt from the log, so any past instant can be asked for.
//
// Bitemporal cut (DOMAIN.md, Time; schemas/projections.capnp, Query): asOf (0 = the server clock's now) keeps what
// the system knew then, recordedAt <= asOf. validAt, when not 0, keeps of those only what had occurred by then,
// occurredAt <= validAt: the state of affairs at a business instant as known at asOf, so a back-dated record shows
// in a valid-time view only once it was recorded. The cut is made once, in the fold every projection's events pass
// through; events keep their log order (the cut filters, it never reorders). The view's "now" — what deadlines are
// compared with (overdue), ages and periods begun are measured from — is validAt when set, else asOf. The answer's
// own asOf field still states the recordedAt cut (a nested one, the enterprise profile's ledger, the view's now),
// and Projection.validAt the business-time cut it was made at (0 = none).
#pragma once

#include <cstdint>

#include <capnp/message.h>

#include "domain/principal.h"
#include "schemas/projections.capnp.h"
#include "server/directory_view.h"
#include "server/outcome.h"
#include "server/replay_meter.h"
#include "store/event_log.h"

namespace qingling::server {

// Fills `out` or returns why not (forbidden outside the asker's reach, notFound, store errors). `clockNow` is the
// server clock's instant (asOf 0); `meter`, when given, is told how far the folds have come after each page read.
std::optional<Failure> answerQuery(store::EventLog& log, DirectoryView& directory, const domain::Principal& who,
                                   schema::Query::Reader query, int64_t clockNow, schema::Projection::Builder out,
                                   ReplayMeter* meter = nullptr);

}  // namespace qingling::server
