// An inspection (检查) recorded into its own stream "inspection-<id>" (DOMAIN.md, Inspections): who inspected which
// enterprise, of which kind, with which hazards found (possibly none). Written once (noStream); a department or
// leader records inspections of enterprises within its reach, an enterprise only its own self-inspections.
#pragma once

#include <string>

#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"

namespace qingling::domain {

std::string inspectionStream(const std::string& inspectionId);

// The inspecting unit is the actor's unit; inspectors default to the actor's user when none are named.
Decision decideRecordInspection(const Directory& dir, const Principal& actor, schema::RecordInspection::Reader cmd);

}  // namespace qingling::domain
