// How a decided command becomes an append: every event of a domain::Emitted is stamped with the acting
// principal, the command id, the correlation and the business time (occurredAt), and the streams become one
// atomic store::AppendRequest recorded at `now`. Shared by the command service and in-process generators
// (tests/bench/history_gen.cc) so both append exactly what the server appends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/decision.h"
#include "domain/principal.h"
#include "store/event_log.h"

namespace qingling::server {

struct Stamp {
  const domain::Principal& actor;
  std::string commandId;
  std::string correlationId;
  int64_t occurredAt;
  int64_t now;
};

store::ExpectedVersion expectedFor(const domain::StreamEvents& stream);

std::vector<store::NewEvent> stamped(std::vector<domain::EventDraft>& drafts, const Stamp& stamp);

store::AppendRequest toAppendRequest(domain::Emitted&& emitted, const Stamp& stamp);

}  // namespace qingling::server
