// Extensions (延期申请; DOMAIN.md, Rules and defaults): the party that owes the work asks, before its deadline, for
// a later one; the decision is an event. Approved, the new deadline replaces the old for escalation (evolve of
// HazardState and DispatchState replaces deadlineAt / dueAt) and both stay in the log's history.
//
// Subjects: a hazard (events on "hazard-<id>") and a dispatch (on "dispatch-<id>"). A tip's verification deadline
// is extended by extendTipVerification (domain/tip.h); reports have no extension. Rules, for both subjects: the
// subject has a deadline, `now` lies before it, no other request is pending, the requested date (a local date,
// due at the end of that day, UTC+8) is later than the current deadline, and a reason is stated. The decider may
// approve another date than requested (later than the current deadline; empty = the requested one); a refusal
// says why.
//
// Who: a hazard's extension is requested by the enterprise side (the enterprise or a department reaching it) while
// it is open or planned, and decided by a department or leader reaching it, not the enterprise itself — within the
// authority's reach when listed. A dispatch's is requested by its assignee side while not completed, and decided
// by its reviewer (the rule of accept/return). Pure: `now` is passed in.
//
// The hazard overloads take a command whose subject is a hazard and the state of that hazard's stream, the
// dispatch overloads a dispatch: the caller picks by subject.which() and refuses the rest with
// extensionSubjectRefused.
#pragma once

#include <cstdint>

#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/dispatch.h"
#include "domain/hazard.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"

namespace qingling::domain {

// Extended deadlines are local dates in China's single time, like hazard deadlines.
constexpr int32_t kExtensionOffsetSeconds = kHazardOffsetSeconds;

// The refusal for a subject without an extension here: tip (use extendTipVerification), report, or none named.
Rejection extensionSubjectRefused(schema::SubjectRef::Reader subject);

Decision decideRequestExtension(const HazardState& h, const Directory& dir, const Principal& actor,
                                schema::RequestExtension::Reader cmd, int64_t now);
Decision decideRequestExtension(const DispatchState& d, const Directory& dir, const Principal& actor,
                                schema::RequestExtension::Reader cmd, int64_t now);

Decision decideDecideExtension(const HazardState& h, const Directory& dir, const Principal& actor,
                               schema::DecideExtension::Reader cmd);
Decision decideDecideExtension(const DispatchState& d, const Directory& dir, const Principal& actor,
                               schema::DecideExtension::Reader cmd);

}  // namespace qingling::domain
