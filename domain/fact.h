// Countable facts (trainings, drills, meetings, typical cases: Common.FactKind) that quantitative task targets are
// checked against (DOMAIN.md, Tasks and dispatch: "checked against recorded facts, not against the assignee's
// word"). A fact has no id of its own: all facts of a unit go to the stream "facts-<unit>", appended with
// expectation `any` (facts never conflict with each other). The event is indexed under the unit, the recording
// unit and the campaign's key, so the unit index and a campaign's projections find it.
#pragma once

#include <string>

#include "domain/campaign.h"
#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"

namespace qingling::domain {

std::string factStream(const std::string& unit);

// A department, enterprise or leader records a fact of a registered unit within its reach, with a title; a named
// campaign must exist and be issued, not closed. `campaign` is the state of cmd.campaignId's stream (ignored when
// the command names none).
Decision decideRecordFact(const CampaignState& campaign, const Directory& dir, const Principal& actor,
                          schema::RecordFact::Reader cmd);

}  // namespace qingling::domain
