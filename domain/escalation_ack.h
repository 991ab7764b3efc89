// Acknowledging an escalation (DOMAIN.md, Escalation: "an escalation can be acknowledged"). An escalation lives in
// its own stream, opened by the scheduler's escalationRaised (domain/agenda.h); the acknowledgement is appended to
// that stream, once, by a user of the addressee unit or of a unit above it.
//
// Stream naming: an escalation id is "<subject id>#<step>" and its stream "escalation-<subject id>-<step>" (for a
// dispatch step: id "<dispatchId>#<step>", stream "escalation-<dispatchId>-<step>", as Job::streamId() builds it).
// escalationStream() maps any id this way — the last '#' becomes '-' — so schedulers that raise escalations of
// other subjects (hazards, tips) under ids of that form are acknowledged through the same function; Job::streamId()
// may call it to keep one definition.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "schemas/events.capnp.h"

namespace qingling::domain {

struct EscalationState {
  uint64_t version = 0;  // 0 = no such escalation
  std::string id;
  std::string addressee;
  std::vector<std::string> units;  // the raised event's index keys: the acknowledgement is found where it was
  bool acknowledged = false;
};

std::string escalationStream(const std::string& escalationId);
void evolve(EscalationState& state, schema::EventEnvelope::Reader event);

// A leader, department, enterprise or tip officer whose unit is the addressee or lies above it; not an auditor
// (who never writes domain events) nor an admin.
Decision decideAcknowledgeEscalation(const EscalationState& e, const Directory& dir, const Principal& actor,
                                     schema::AcknowledgeEscalation::Reader cmd);

}  // namespace qingling::domain
