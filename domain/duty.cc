// Logging duty activities (DOMAIN.md, Inspections, duties, tips, measures).
#include "domain/duty.h"

#include "domain/campaign_keys.h"

namespace qingling::domain {

std::string dutyStream(const std::string& holder) { return "duty-" + holder; }

Decision decideLogDutyActivity(const CampaignState& campaign, const Directory& dir, const Principal& actor,
                               schema::LogDutyActivity::Reader cmd) {
  std::string id = cmd.getCampaignId();
  if (campaign.status == CampaignStatus::none) {
    return reject(RejectionCode::notFound, "campaign '" + id + "' does not exist", "campaignId");
  }
  if (!actor.has(schema::Role::LEADER))
    return reject(RejectionCode::forbidden, "logging a duty activity needs the leader role");
  bool holdsDuty = false, namesActivity = false;
  for (auto duty : campaign.campaign().getDuties()) {
    if (duty.getHolder() != actor.unit) continue;
    holdsDuty = true;
    for (auto item : duty.getItems()) namesActivity = namesActivity || item.getActivity() == cmd.getActivity();
  }
  if (!holdsDuty) {
    return reject(RejectionCode::forbidden,
                  "unit '" + actor.unit + "' holds no duty in campaign '" + id + "': log it as the duty's position");
  }
  if (!namesActivity)
    return reject(RejectionCode::invalid, "no duty item of '" + actor.unit + "' asks for this activity", "activity");
  std::string covered = cmd.getCoveredUnit();
  if (!covered.empty() && dir.unit(covered) == nullptr) {
    return reject(RejectionCode::notFound, "covered unit '" + covered + "' is not registered", "coveredUnit");
  }
  EventDraft event = draft({actor.unit, covered, campaignKey(id)});
  auto out = event.envelope().initPayload().initDutyActivityLogged();
  out.setHolder(actor.unit);
  out.setCampaignId(id);
  out.setActivity(cmd.getActivity());
  out.setCoveredUnit(covered);
  out.setInspectionId(cmd.getInspectionId());
  out.setNote(cmd.getNote());
  return emit(dutyStream(actor.unit), StreamExpectation::any, std::move(event));
}

}  // namespace qingling::domain
