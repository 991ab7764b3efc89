// Recording an inspection (DOMAIN.md, Inspections, duties, tips, measures).
#include "domain/inspection.h"

#include "domain/campaign_keys.h"

namespace qingling::domain {

using schema::Role;

std::string inspectionStream(const std::string& inspectionId) { return "inspection-" + inspectionId; }

Decision decideRecordInspection(const Directory& dir, const Principal& actor, schema::RecordInspection::Reader cmd) {
  bool supervisor = actor.has(Role::DEPARTMENT) || actor.has(Role::LEADER);
  if (!supervisor && !actor.has(Role::ENTERPRISE)) {
    return reject(RejectionCode::forbidden, "recordInspection needs the department, leader or enterprise role");
  }
  std::string id = cmd.getInspectionId();
  if (id.empty()) return reject(RejectionCode::invalid, "an inspection needs an id", "inspectionId");
  std::string enterprise = cmd.getEnterprise();
  const Unit* unit = dir.unit(enterprise);
  if (unit == nullptr)
    return reject(RejectionCode::notFound, "unit '" + enterprise + "' is not registered", "enterprise");
  if (unit->kind != schema::UnitKind::ENTERPRISE) {
    return reject(RejectionCode::invalid, "'" + enterprise + "' is not an enterprise", "enterprise");
  }
  if (!dir.isWithin(enterprise, actor.unit)) {
    return reject(RejectionCode::forbidden, "'" + enterprise + "' is outside the reach of " + actor.user, "enterprise");
  }
  if (!supervisor && (enterprise != actor.unit || cmd.getKind() != schema::InspectionKind::SELF)) {
    return reject(RejectionCode::forbidden, "an enterprise records only its own self-inspections", "kind");
  }
  std::string campaign = cmd.getCampaignId();
  EventDraft event = draft({enterprise, actor.unit, campaign.empty() ? "" : campaignKey(campaign)});
  auto e = event.envelope().initPayload().initInspectionRecorded();
  e.setInspectionId(id);
  e.setEnterprise(enterprise);
  e.setKind(cmd.getKind());
  if (cmd.getInspectors().size() == 0) {
    e.initInspectors(1).set(0, actor.user);
  } else {
    e.setInspectors(cmd.getInspectors());
  }
  e.setInspectingUnit(actor.unit);
  e.setCampaignId(campaign);
  e.setCategories(cmd.getCategories());
  e.setHazards(cmd.getHazards());
  e.setSpotChecks(cmd.getSpotChecks());
  e.setNote(cmd.getNote());
  return emit(inspectionStream(id), StreamExpectation::noStream, std::move(event));
}

}  // namespace qingling::domain
