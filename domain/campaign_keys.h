// Index keys besides unit ids. Every event of a campaign (its own, its dispatches', its escalations') carries
// campaignKey(id) in its envelope's units, so a projection of one campaign reads only its events through the
// unit index. Unit ids cannot contain ':', so the keys cannot collide.
#pragma once

#include <string>

namespace qingling::domain {

inline std::string campaignKey(const std::string& campaignId) { return "campaign:" + campaignId; }

}  // namespace qingling::domain
