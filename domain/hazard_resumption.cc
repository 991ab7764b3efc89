// The suspension path of a listed hazard (DOMAIN.md, Rules and defaults: 停产停业治理): rectified → assessed (评估)
// → resumption applied (恢复生产申请) → reviewed on site by the authority: passed counts as verified, failed goes
// back to rectifying. Each checks existence, then the actor, then the lifecycle step (hazard.h).
#include "domain/hazard.h"
#include "domain/hazard_detail.h"

namespace qingling::domain {

using namespace hazard_detail;

namespace {

std::optional<Rejection> requireSuspension(const HazardState& h, const char* command) {
  if (h.underSuspension()) return std::nullopt;
  return reject(RejectionCode::conflict,
                std::string(command) + ": hazard '" + h.id +
                    "' is not listed under suspension (停产停业治理); its rectification is verified "
                    "(verifyRectification) instead",
                "hazardId");
}

}  // namespace

Decision decideAssessHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                            schema::AssessHazard::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = enterpriseSide(h, dir, actor, "assessHazard")) return *r;
  if (auto r = requireSuspension(h, "assessHazard")) return *r;
  if (h.status != HazardStatus::rectified) return wrongStatus(h, "a hazard is assessed (评估) once rectified");
  if (h.assessed) {
    return reject(RejectionCode::conflict,
                  "hazard '" + h.id + "' is already assessed; the enterprise applies for resumption (applyResumption)",
                  "hazardId");
  }
  if (cmd.getAssessor().size() == 0) {
    return reject(RejectionCode::invalid, "name the assessor: the enterprise's own experts or the agency", "assessor");
  }
  if (!cmd.getPassed() && cmd.getNote().size() == 0) {
    return reject(RejectionCode::invalid, "a failed assessment says why", "note");
  }
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initHazardAssessed();
  e.setHazardId(h.id);
  e.setAssessor(cmd.getAssessor());
  e.setPassed(cmd.getPassed());
  e.setNote(cmd.getNote());
  return onHazard(h, std::move(event));
}

Decision decideApplyResumption(const HazardState& h, const Directory& dir, const Principal& actor,
                               schema::HazardNote::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (!actor.has(Role::ENTERPRISE) || actor.unit != h.enterprise) {
    return reject(RejectionCode::forbidden,
                  "applyResumption: only enterprise '" + h.enterprise + "' itself applies to resume production");
  }
  if (auto r = requireSuspension(h, "applyResumption")) return *r;
  if (h.status != HazardStatus::rectified || !h.assessed) {
    return wrongStatus(h, "resumption is applied for after a passed assessment (assessHazard)");
  }
  if (h.resumptionApplied) {
    return reject(RejectionCode::conflict,
                  "hazard '" + h.id + "': resumption is already applied for; '" + h.authority + "' reviews it",
                  "hazardId");
  }
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initResumptionApplied();
  e.setHazardId(h.id);
  e.setNote(cmd.getNote());
  return onHazard(h, std::move(event));
}

Decision decideReviewResumption(const HazardState& h, const Directory& dir, const Principal& actor,
                                schema::ReviewResumption::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = supervisorSide(h, dir, actor, "reviewResumption")) return *r;
  if (!h.authority.empty() && !dir.isWithin(h.authority, actor.unit)) {
    return reject(RejectionCode::forbidden, "reviewResumption: hazard '" + h.id + "' is reviewed by its authority '" +
                                                h.authority + "', outside the reach of " + actor.user);
  }
  if (auto r = requireSuspension(h, "reviewResumption")) return *r;
  if (h.status != HazardStatus::rectified || !h.resumptionApplied) {
    return wrongStatus(h, "the review follows the enterprise's resumption application (applyResumption)");
  }
  if (!cmd.getPassed() && cmd.getNote().size() == 0) {
    return reject(RejectionCode::invalid, "a failed review says why", "note");
  }
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initResumptionReviewed();
  e.setHazardId(h.id);
  e.setPassed(cmd.getPassed());
  e.setNote(cmd.getNote());
  return onHazard(h, std::move(event));
}

}  // namespace qingling::domain
