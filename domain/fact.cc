// Recording countable facts (fact.h).
#include "domain/fact.h"

#include "domain/campaign_keys.h"

namespace qingling::domain {

using schema::Role;

std::string factStream(const std::string& unit) { return "facts-" + unit; }

Decision decideRecordFact(const CampaignState& campaign, const Directory& dir, const Principal& actor,
                          schema::RecordFact::Reader cmd) {
  if (!actor.has(Role::DEPARTMENT) && !actor.has(Role::ENTERPRISE) && !actor.has(Role::LEADER)) {
    return reject(RejectionCode::forbidden, "recordFact needs the department, enterprise or leader role");
  }
  std::string unit = cmd.getUnit();
  if (unit.empty()) return reject(RejectionCode::invalid, "name the unit the fact is about", "unit");
  if (dir.unit(unit) == nullptr)
    return reject(RejectionCode::notFound, "unit '" + unit + "' is not registered", "unit");
  if (!dir.isWithin(unit, actor.unit)) {
    return reject(RejectionCode::forbidden, "'" + unit + "' is outside the reach of " + actor.user, "unit");
  }
  std::string campaignId = cmd.getCampaignId();
  if (!campaignId.empty()) {
    if (campaign.status == CampaignStatus::none) {
      return reject(RejectionCode::notFound, "campaign '" + campaignId + "' does not exist", "campaignId");
    }
    if (campaign.status != CampaignStatus::issued) {
      return reject(RejectionCode::conflict,
                    "campaign '" + campaignId + "' is " +
                        (campaign.status == CampaignStatus::drafted ? "not issued yet" : "closed") +
                        ": facts count for an issued campaign",
                    "campaignId");
    }
  }
  if (cmd.getTitle().size() == 0) return reject(RejectionCode::invalid, "say what the fact is (title)", "title");
  EventDraft event = draft({unit, campaignId.empty() ? "" : campaignKey(campaignId), actor.unit});
  auto e = event.envelope().initPayload().initFactRecorded();
  e.setUnit(unit);
  e.setCampaignId(campaignId);
  e.setKind(cmd.getKind());
  e.setTitle(cmd.getTitle());
  e.setEvidence(cmd.getEvidence());
  return emit(factStream(unit), StreamExpectation::any, std::move(event));
}

}  // namespace qingling::domain
