// The commands on an existing hazard: plan, rectify, verify, close, fix on the spot, regrade, dual report, list,
// delist, reopen (DOMAIN.md, Hazards). Each checks existence, then the actor, then the lifecycle step.
#include "domain/hazard.h"
#include "domain/hazard_detail.h"

namespace qingling::domain {

using namespace hazard_detail;

Decision decidePlanRectification(const HazardState& h, const Directory& dir, const Principal& actor,
                                 schema::PlanRectification::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = enterpriseSide(h, dir, actor, "planRectification")) return *r;
  if (h.status != HazardStatus::open && h.status != HazardStatus::rectificationPlanned) {
    return wrongStatus(h, "a plan is made before the rectification is reported");
  }
  if (cmd.getResponsible().size() == 0)
    return reject(RejectionCode::invalid, "五落实: name the responsible person", "responsible");
  if (cmd.getMeasures().size() == 0) return reject(RejectionCode::invalid, "五落实: state the measures", "measures");
  if (cmd.getFundsFen() < 0) return reject(RejectionCode::invalid, "funds cannot be negative", "fundsFen");
  if (cmd.getContingencyPlan().size() == 0) {
    return reject(RejectionCode::invalid, "五落实: state the contingency plan (预案)", "contingencyPlan");
  }
  auto deadline = deadlineOf(cmd.getDeadline(), true, "deadline");
  if (auto* r = std::get_if<Rejection>(&deadline)) return *r;
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initRectificationPlanned();
  e.setHazardId(h.id);
  e.setResponsible(cmd.getResponsible());
  e.setMeasures(cmd.getMeasures());
  e.setFundsFen(cmd.getFundsFen());
  e.setDeadline(cmd.getDeadline());
  e.setDeadlineAt(std::get<int64_t>(deadline));
  e.setContingencyPlan(cmd.getContingencyPlan());
  e.setGoals(cmd.getGoals());
  e.setMethods(cmd.getMethods());
  e.setInterimControls(cmd.getInterimControls());
  e.setSafetyMeasures(cmd.getSafetyMeasures());
  return onHazard(h, std::move(event));
}

Decision decideReportRectified(const HazardState& h, const Directory& dir, const Principal& actor,
                               schema::HazardEvidence::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = enterpriseSide(h, dir, actor, "reportRectified")) return *r;
  if (h.status != HazardStatus::open && h.status != HazardStatus::rectificationPlanned) {
    return wrongStatus(h, "only an open or planned hazard is reported rectified");
  }
  if (h.grade == HazardGrade::MAJOR && !h.planned) {
    return reject(RejectionCode::conflict, "major hazard '" + h.id + "' needs a rectification plan (治理方案) first",
                  "hazardId");
  }
  if (cmd.getEvidence().size() == 0)
    return reject(RejectionCode::invalid, "a rectification needs evidence", "evidence");
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initHazardRectified();
  e.setHazardId(h.id);
  e.setNote(cmd.getNote());
  e.setEvidence(cmd.getEvidence());
  return onHazard(h, std::move(event));
}

Decision decideVerifyRectification(const HazardState& h, const Directory& dir, const Principal& actor,
                                   schema::VerifyRectification::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = supervisorSide(h, dir, actor, "verifyRectification")) return *r;
  if (actor.unit == h.enterprise) {
    return reject(RejectionCode::forbidden, "an enterprise does not verify (复查验收) its own rectification");
  }
  if (h.status != HazardStatus::rectified) return wrongStatus(h, "only a rectified hazard is verified");
  if (h.underSuspension()) {
    return reject(RejectionCode::conflict,
                  "hazard '" + h.id + "' is listed under suspension (停产停业治理): it is assessed (assessHazard), " +
                      "the enterprise applies for resumption (applyResumption) and '" + h.authority +
                      "' reviews it on site (reviewResumption) instead of verifyRectification",
                  "hazardId");
  }
  if (!cmd.getPassed() && cmd.getNote().size() == 0) {
    return reject(RejectionCode::invalid, "a failed verification says why", "note");
  }
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initHazardVerified();
  e.setHazardId(h.id);
  e.setPassed(cmd.getPassed());
  e.setNote(cmd.getNote());
  e.setEvidence(cmd.getEvidence());
  return onHazard(h, std::move(event));
}

Decision decideCloseHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                           schema::HazardNote::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = supervisorSide(h, dir, actor, "closeHazard")) return *r;
  if (h.status != HazardStatus::verified) return wrongStatus(h, "only a verified hazard is closed (销号)");
  if (h.listed) {
    return reject(
        RejectionCode::conflict,
        "hazard '" + h.id + "' is listed (挂牌督办): '" + h.authority + "' delists it (摘牌) before it is closed",
        "hazardId");
  }
  if (!h.authority.empty() && !dir.isWithin(h.authority, actor.unit)) {
    return reject(RejectionCode::forbidden,
                  "hazard '" + h.id + "' was listed by '" + h.authority + "'; only that authority closes it");
  }
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initHazardClosed();
  e.setHazardId(h.id);
  e.setNote(cmd.getNote());
  return onHazard(h, std::move(event));
}

Decision decideFixOnSpot(const HazardState& h, const Directory& dir, const Principal& actor,
                         schema::HazardEvidence::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = requireReach(h, dir, actor, {Role::ENTERPRISE, Role::DEPARTMENT, Role::LEADER}, "fixOnSpot",
                            "the enterprise, department or leader role")) {
    return *r;
  }
  if (h.grade != HazardGrade::GENERAL) {
    return reject(RejectionCode::conflict, "only a general hazard is fixed on the spot (即查即改)", "hazardId");
  }
  if (h.status != HazardStatus::open) return wrongStatus(h, "only an open hazard is fixed on the spot");
  if (cmd.getEvidence().size() == 0)
    return reject(RejectionCode::invalid, "a fix on the spot needs evidence", "evidence");
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initHazardFixedOnSpot();
  e.setHazardId(h.id);
  e.setNote(cmd.getNote());
  e.setEvidence(cmd.getEvidence());
  return onHazard(h, std::move(event));
}

Decision decideRegradeHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                             schema::RegradeHazard::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = supervisorSide(h, dir, actor, "regradeHazard")) return *r;
  if (h.status == HazardStatus::closed) return wrongStatus(h, "reopen it before regrading");
  if (cmd.getTo() == h.grade) return reject(RejectionCode::conflict, "the hazard already has that grade", "to");
  if (h.listed) return reject(RejectionCode::conflict, "a listed hazard is delisted before it is regraded", "to");
  if (cmd.getTo() == HazardGrade::MAJOR && !hasCriterion(cmd.getCriterion())) {
    return reject(RejectionCode::invalid, "a major hazard names the 判定标准 item it matches", "criterion");
  }
  if (cmd.getReason().size() == 0) return reject(RejectionCode::invalid, "a regrading states its reason", "reason");
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initHazardRegraded();
  e.setHazardId(h.id);
  e.setFrom(h.grade);
  e.setTo(cmd.getTo());
  e.setCriterion(cmd.getCriterion());
  e.setReason(cmd.getReason());
  return onHazard(h, std::move(event));
}

Decision decideDualReport(const HazardState& h, const Directory& dir, const Principal& actor,
                          schema::DualReport::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = enterpriseSide(h, dir, actor, "dualReport")) return *r;
  if (h.grade != HazardGrade::MAJOR) return reject(RejectionCode::conflict, "双报告 is for major hazards", "hazardId");
  if (h.status == HazardStatus::closed) return wrongStatus(h, "nothing to report");
  if (h.dualReported) return reject(RejectionCode::conflict, "hazard '" + h.id + "' is already dual-reported");
  std::string department = cmd.getSupervisingDepartment();
  if (dir.unit(department) == nullptr) {
    return reject(RejectionCode::notFound, "unit '" + department + "' is not registered", "supervisingDepartment");
  }
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initHazardDualReported();
  e.setHazardId(h.id);
  e.setSupervisingDepartment(department);
  e.setEmployeesInformedAt(cmd.getEmployeesInformedAt());
  return onHazard(h, std::move(event));
}

Decision decideListHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                          schema::ListHazard::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = requireReach(h, dir, actor, {Role::LEADER}, "listHazard", "the leader role")) return *r;
  if (h.grade != HazardGrade::MAJOR)
    return reject(RejectionCode::conflict, "only a major hazard is listed", "hazardId");
  if (h.listed) return reject(RejectionCode::conflict, "hazard '" + h.id + "' is already listed by " + h.authority);
  if (h.status == HazardStatus::closed) return wrongStatus(h, "a closed hazard is not listed");
  auto deadline = deadlineOf(cmd.getDeadline(), true, "deadline");
  if (auto* r = std::get_if<Rejection>(&deadline)) return *r;
  EventDraft event = draft({h.enterprise, h.campaignId.empty() ? "" : campaignKey(h.campaignId), actor.unit});
  auto e = event.envelope().initPayload().initHazardListed();
  e.setHazardId(h.id);
  e.setAuthority(actor.unit);
  e.setDeadline(cmd.getDeadline());
  e.setDeadlineAt(std::get<int64_t>(deadline));
  e.setSuspension(cmd.getSuspension());
  return onHazard(h, std::move(event));
}

Decision decideDelistHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                            schema::HazardNote::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (!h.listed) return reject(RejectionCode::conflict, "hazard '" + h.id + "' is not listed", "hazardId");
  if (!anyRole(actor, {Role::LEADER, Role::DEPARTMENT}) || !dir.isWithin(h.authority, actor.unit)) {
    return reject(RejectionCode::forbidden, "only the listing authority '" + h.authority + "' delists (摘牌) it");
  }
  if (h.status != HazardStatus::verified)
    return wrongStatus(h, "a hazard is delisted once its rectification is verified");
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initHazardDelisted();
  e.setHazardId(h.id);
  e.setNote(cmd.getNote());
  return onHazard(h, std::move(event));
}

Decision decideReopenHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                            schema::HazardNote::Reader cmd) {
  if (auto r = requireExists(h, cmd.getHazardId())) return *r;
  if (auto r = supervisorSide(h, dir, actor, "reopenHazard")) return *r;
  if (h.status != HazardStatus::closed) return wrongStatus(h, "only a closed hazard is reopened");
  if (cmd.getNote().size() == 0) return reject(RejectionCode::invalid, "reopening states its reason", "note");
  EventDraft event = hazardDraft(h);
  auto e = event.envelope().initPayload().initHazardReopened();
  e.setHazardId(h.id);
  e.setReason(cmd.getNote());
  return onHazard(h, std::move(event));
}

}  // namespace qingling::domain
