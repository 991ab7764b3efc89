// The accountability review (追责问责) as a self-contained printable HTML page: UTF-8, inline CSS, no script and
// no external reference, so it can be archived and printed as it is. Findings are grouped by responsible unit and
// covering leader, each with its evidence chain (position, recordedAt, occurredAt, actor, type, hash prefix); the
// log digest (position:hash, as `qingling digest` prints it) closes the page, so a reader can later prove with
// `qingling verify --digest` that the log the findings point into is unchanged.
#pragma once

#include <string>

#include "schemas/projections.capnp.h"

namespace qingling::cli {

std::string reviewHtml(schema::AccountabilityReview::Reader review, const std::string& digest);
// The Chinese name of a finding kind, as the table and the page head it.
std::string findingName(schema::FindingKind kind);

}  // namespace qingling::cli
