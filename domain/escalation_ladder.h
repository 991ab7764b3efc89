// A campaign's escalation ladder (DOMAIN.md, Escalation; PLAN-FORMAT.md, escalation): its steps with their
// offsets from the deadline, and the unit each step addresses. Pure; the agenda schedules the steps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/directory.h"
#include "schemas/plan.capnp.h"

namespace qingling::domain {

struct LadderStep {
  std::optional<int64_t> after;  // offset from the deadline in microseconds; nullopt = unreadable, never due
  schema::EscalationAction action = schema::EscalationAction::REMIND;
  schema::EscalationTarget to = schema::EscalationTarget::ASSIGNEE;
};

// The server's ladder for a campaign whose plan names none: -P1D remind the assignee, P3D warn its head, P7D
// notify the issuer, P15D summon the covering leader.
const std::vector<LadderStep>& defaultLadder();

// The campaign's ladder, or the default one. Step indexes are the plan's, holes included.
std::vector<LadderStep> ladderOf(schema::Campaign::Reader campaign);

// Who a step addresses for a dispatch to `assignee`: the assignee; its head (the nearest unit above it that is
// not a group — nobody heads a group); the issuer; or the covering leader (the holder of the first duty whose
// `covers` holds the assignee, else its parent, and so on up). Falls back to the issuer when there is nobody.
std::string addresseeOf(schema::EscalationTarget to, const std::string& assignee, schema::Campaign::Reader campaign,
                        const Directory& dir);

}  // namespace qingling::domain
