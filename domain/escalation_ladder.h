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

// The server's ladder for a campaign whose plan names none (and for deadlines outside any campaign): -P1D remind
// the assignee, P3D warn its head, P7D notify the issuer, P15D summon the covering leader.
const std::vector<LadderStep>& defaultLadder();

// The campaign's ladder, or the default one. Step indexes are the plan's, holes included.
std::vector<LadderStep> ladderOf(schema::Campaign::Reader campaign);

// Who answers for one watched deadline. The campaign reader must stay valid while this is used.
struct Answerable {
  std::string assignee;  // the unit that owes the work: a dispatch's assignee, a hazard's enterprise
  std::string issuer;    // ISSUER: a campaign's issuer, or whoever stands in for one (a hazard outside campaigns)
  std::optional<schema::Campaign::Reader> campaign;  // whose duties (包联) name covering leaders; none = nobody
};

// Who a step addresses: the assignee; its head (the nearest unit above it that is not a group — nobody heads a
// group); the issuer; or the covering leader (the holder of the first duty of the campaign whose `covers` holds
// the assignee, else its parent, and so on up). Falls back to the issuer when there is nobody.
std::string addresseeOf(schema::EscalationTarget to, const Answerable& who, const Directory& dir);
// A dispatch to `assignee`: the campaign's issuer stands behind every target.
std::string addresseeOf(schema::EscalationTarget to, const std::string& assignee, schema::Campaign::Reader campaign,
                        const Directory& dir);
// A tip's verification is owed by the unit that received it (its tip office): assignee and assignee-head steps
// address that unit; issuer and covering-leader steps its head, or the unit itself when nobody heads it. Never
// the enterprise the tip is about: a tip is confidential.
std::string tipAddresseeOf(schema::EscalationTarget to, const std::string& receivedBy, const Directory& dir);

}  // namespace qingling::domain
