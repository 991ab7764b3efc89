// Leader duties (包联): a duty holder logs the activities its duty items require (督导检查, 分析研判, 书面报告 …);
// compliance is computed from these per period (domain/projections/duty_compliance.h).
#pragma once

#include "domain/campaign.h"

namespace qingling::domain {

std::string dutyStream(const std::string& holder);

// The actor's unit must hold a duty of the campaign; the activity must be one its items name.
Decision decideLogDutyActivity(const CampaignState& campaign, const Directory& dir, const Principal& actor,
                               schema::LogDutyActivity::Reader cmd);

}  // namespace qingling::domain
