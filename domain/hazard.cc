// Hazard state and the commands of its closed loop (DOMAIN.md, Hazards).
#include "domain/hazard.h"

#include "domain/hazard_detail.h"

namespace qingling::domain {

using namespace hazard_detail;

std::string hazardStream(const std::string& hazardId) { return "hazard-" + hazardId; }

namespace {

// A failed verification, assessment or resumption review: back to the plan if one exists, else to open.
void backToRectifying(HazardState& h) {
  h.status = h.planned ? HazardStatus::rectificationPlanned : HazardStatus::open;
  h.assessed = false;
  h.resumptionApplied = false;
}

}  // namespace

void evolve(HazardState& h, schema::EventEnvelope::Reader event) {
  h.version = event.getStreamVersion();
  auto p = event.getPayload();
  switch (p.which()) {
    case schema::Event::HAZARD_RECORDED: {
      auto r = p.getHazardRecorded();
      h.id = r.getHazardId();
      h.enterprise = r.getEnterprise();
      h.campaignId = r.getCampaignId();
      h.grade = r.getGrade();
      h.deadlineAt = r.getDeadlineAt();
      h.status = HazardStatus::open;
      break;
    }
    case schema::Event::RECTIFICATION_PLANNED:
      h.planned = true;
      h.status = HazardStatus::rectificationPlanned;
      if (p.getRectificationPlanned().getDeadlineAt() != 0) h.deadlineAt = p.getRectificationPlanned().getDeadlineAt();
      break;
    case schema::Event::HAZARD_RECTIFIED:
      h.status = HazardStatus::rectified;
      h.assessed = false;
      h.resumptionApplied = false;
      break;
    case schema::Event::HAZARD_VERIFIED:
      if (p.getHazardVerified().getPassed()) {
        h.status = HazardStatus::verified;
      } else {
        backToRectifying(h);
      }
      break;
    case schema::Event::HAZARD_CLOSED:
    case schema::Event::HAZARD_FIXED_ON_SPOT:
      h.status = HazardStatus::closed;
      break;
    case schema::Event::HAZARD_REGRADED:
      h.grade = p.getHazardRegraded().getTo();
      break;
    case schema::Event::HAZARD_DUAL_REPORTED:
      h.dualReported = true;
      break;
    case schema::Event::HAZARD_LISTED:
      h.listed = true;
      h.suspension = p.getHazardListed().getSuspension();
      h.authority = p.getHazardListed().getAuthority();
      if (p.getHazardListed().getDeadlineAt() != 0) h.deadlineAt = p.getHazardListed().getDeadlineAt();
      break;
    case schema::Event::HAZARD_DELISTED:
      h.listed = false;
      h.suspension = false;
      break;
    case schema::Event::HAZARD_ASSESSED:
      if (p.getHazardAssessed().getPassed()) {
        h.assessed = true;
      } else {
        backToRectifying(h);
      }
      break;
    case schema::Event::RESUMPTION_APPLIED:
      h.resumptionApplied = true;
      break;
    case schema::Event::RESUMPTION_REVIEWED:
      if (p.getResumptionReviewed().getPassed()) {
        h.status = HazardStatus::verified;
      } else {
        backToRectifying(h);
      }
      break;
    case schema::Event::HAZARD_REOPENED:
      h.status = HazardStatus::open;
      h.planned = false;
      h.assessed = false;
      h.resumptionApplied = false;
      break;
    case schema::Event::EXTENSION_REQUESTED:
      h.extensionRequested = p.getExtensionRequested().getRequestedDeadline();
      break;
    case schema::Event::EXTENSION_DECIDED:
      h.extensionRequested.clear();
      if (p.getExtensionDecided().getApproved()) {
        h.deadlineAt = p.getExtensionDecided().getDeadlineAt();
        ++h.extensions;
      }
      break;
    default:
      break;
  }
}

std::variant<StreamEvents, Rejection> hazardRecordedStream(const HazardState& existing, const Directory& dir,
                                                           schema::RecordHazard::Reader cmd,
                                                           schema::HazardSource source, const std::string& foundBy,
                                                           const std::string& tipId) {
  std::string id = cmd.getHazardId();
  if (id.empty()) return reject(RejectionCode::invalid, "a hazard needs an id", "hazardId");
  if (existing.version != 0) return reject(RejectionCode::conflict, "hazard '" + id + "' already exists", "hazardId");
  std::string enterprise = cmd.getEnterprise();
  const Unit* unit = dir.unit(enterprise);
  if (unit == nullptr)
    return reject(RejectionCode::notFound, "unit '" + enterprise + "' is not registered", "enterprise");
  if (unit->kind != schema::UnitKind::ENTERPRISE) {
    return reject(RejectionCode::invalid, "'" + enterprise + "' is not an enterprise", "enterprise");
  }
  if (cmd.getDescription().size() == 0) return reject(RejectionCode::invalid, "describe the hazard", "description");
  if (cmd.getGrade() == HazardGrade::MAJOR && !hasCriterion(cmd.getCriterion())) {
    return reject(RejectionCode::invalid, "a major hazard names the 判定标准 item it matches (or otherRegime)",
                  "criterion");
  }
  auto deadline = deadlineOf(cmd.getDeadline(), false, "deadline");
  if (auto* r = std::get_if<Rejection>(&deadline)) return *r;
  std::string campaign = cmd.getCampaignId();
  StreamEvents out{hazardStream(id), StreamExpectation::noStream, 0, {}};
  out.events.push_back(draft({enterprise, campaign.empty() ? "" : campaignKey(campaign), foundBy}));
  auto e = out.events.back().envelope().initPayload().initHazardRecorded();
  e.setHazardId(id);
  e.setEnterprise(enterprise);
  e.setCampaignId(campaign);
  e.setInspectionId(cmd.getInspectionId());
  e.setSource(source);
  e.setGrade(cmd.getGrade());
  e.setGradeName(cmd.getGradeName());
  e.setCriterion(cmd.getCriterion());
  e.setNature(cmd.getNature());
  e.setCategory(cmd.getCategory());
  e.setLocation(cmd.getLocation());
  e.setDescription(cmd.getDescription());
  e.setFoundBy(foundBy);
  e.setDeadline(cmd.getDeadline());
  e.setDeadlineAt(std::get<int64_t>(deadline));
  e.setTipId(tipId);
  return out;
}

Decision decideRecordHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                            schema::RecordHazard::Reader cmd) {
  if (!anyRole(actor, {Role::DEPARTMENT, Role::ENTERPRISE, Role::LEADER})) {
    return reject(RejectionCode::forbidden, "recordHazard needs the department, enterprise or leader role");
  }
  std::string enterprise = cmd.getEnterprise();
  if (!dir.isWithin(enterprise, actor.unit)) {
    return reject(RejectionCode::forbidden, "'" + enterprise + "' is outside the reach of " + actor.user, "enterprise");
  }
  bool enterpriseOnly = !actor.has(Role::DEPARTMENT) && !actor.has(Role::LEADER);
  if (enterpriseOnly && (enterprise != actor.unit || cmd.getSource() != schema::HazardSource::SELF_INSPECTION)) {
    return reject(RejectionCode::forbidden, "an enterprise records only its own hazards, from self-inspection",
                  "source");
  }
  if (cmd.getSource() == schema::HazardSource::TIP) {
    return reject(RejectionCode::invalid, "a hazard from a tip is recorded by verifying the tip (verifyTip)", "source");
  }
  auto stream = hazardRecordedStream(h, dir, cmd, cmd.getSource(), actor.unit, "");
  if (auto* r = std::get_if<Rejection>(&stream)) return *r;
  Emitted out;
  out.streams.push_back(std::move(std::get<StreamEvents>(stream)));
  return out;
}

}  // namespace qingling::domain
