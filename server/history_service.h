// Answers a history request (`qingling history <kind> <id>`): every event about one entity, in global order,
// as HistoryEntry rows (envelope facts, stored hash, one-line summary; never a payload's data bytes).
//
// Which events are "about" an entity:
//   campaign  the unit index under domain::campaignKey(id) (its own, its dispatches' and escalations' events)
//   dispatch  stream dispatch-<id>, its child streams dispatch-<id>/<unit>, and escalation-<id>-<n> (also of
//             the children)
//   hazard    stream hazard-<id> and escalation-hazard:<id>-<n>, escalation-hazard-listed*:<id>-<n>
//   tip       stream tip-<id> and escalation-tip:<id>-<n>
//   unit      the unit index under the unit id
//   user      every event whose envelope actor is that user: a scan of the log, in pages of a bounded number
//             of positions (HistoryPage.scanned), so the client can show progress
// Reach: admin reads everything; anyone else reads an entity whose first event names (in its units or actor) a
// unit of the asker's subtree; a unit or user within that subtree. Pages: at most kHistoryPage entries; `next`
// continues.
#pragma once

#include <optional>

#include "domain/principal.h"
#include "schemas/wire.capnp.h"
#include "server/directory_view.h"
#include "server/outcome.h"
#include "store/event_log.h"

namespace qingling::server {

inline constexpr size_t kHistoryPage = 1000;
inline constexpr uint64_t kHistoryScanPage = 20000;  // positions one page of a user's history examines

// Fills `out`, or returns why not: badRequest (unknown kind, empty id), notFound, forbidden, store errors.
std::optional<Failure> answerHistory(const store::EventLog& log, DirectoryView& directory, const domain::Principal& who,
                                     schema::HistoryRequest::Reader request, schema::HistoryPage::Builder out);

}  // namespace qingling::server
