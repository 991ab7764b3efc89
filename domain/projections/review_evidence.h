// The evidence of the accountability review (追责问责, DOMAIN.md, Reports and projections): the facts of one event an
// auditor needs to find it in the log and check it against a digest (position, both times, actor, type, chain
// hash), and generic readers of what an event is about, so the review need not know every payload by name.
// Pure; everything is copied out of the reader.
#pragma once

#include <cstdint>
#include <string>

#include "schemas/events.capnp.h"

namespace qingling::domain::projections {

struct Evidence {
  uint64_t position = 0;
  int64_t recordedAt = 0;
  int64_t occurredAt = 0;
  std::string user, unit;
  schema::Role role = schema::Role::ADMIN;
  std::string type;  // the Event union member, e.g. "hazardRecorded"
  std::string hash;  // raw chain hash bytes
};

Evidence evidenceOf(schema::EventEnvelope::Reader event);

// The text field `name` of the payload's member (e.g. "hazardId", "enterprise"); empty when it has none.
std::string payloadText(schema::Event::Reader payload, const char* name);
// What the event is about: the first non-empty text field of its member whose name ends in "Id" (dispatchId,
// hazardId, inspectionId, tipId …), else the id of its `subject` (extensions). Empty when none.
std::string subjectOf(schema::Event::Reader payload);
// The hazard the event is about: its hazardId, or an extension's hazard subject. Empty when none.
std::string hazardOf(schema::Event::Reader payload);
// The campaign whose index key ("campaign:<id>") the envelope carries; empty when none.
std::string campaignOf(schema::EventEnvelope::Reader event);

// "3d 4h", "5h 20m", "45m": a duration in microseconds for one-line descriptions.
std::string spanText(int64_t micros);

}  // namespace qingling::domain::projections
