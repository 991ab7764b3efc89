// The campaign a plan document names (campaign.id and campaign.issuer), read without validating the plan: the
// server loads that campaign's state before deciding an import, and a drill logs in as its issuer. Full
// validation is domain::parsePlan's, which names every error by its JSON path.
#pragma once

#include <string>
#include <variant>

namespace qingling::server {

struct PlanHeader {
  std::string campaignId;  // "" when the document names none
  std::string issuer;
};

// The header, or why the text is not a plan document ("is not JSON: …", "is not a JSON object", "has no
// \"campaign\"", each to follow the document's name in a message).
std::variant<PlanHeader, std::string> readPlanHeader(const std::string& json);
// Its campaign id alone; "" when the text does not name one (deciding the import then reports the plan's error).
std::string planCampaignId(const std::string& json);

}  // namespace qingling::server
