// The accountability review's fold (see accountability_review.h): what each event leaves as evidence, and the
// findings that are events themselves (failed verifications, reopenings, back-dated records).
#include "domain/projections/accountability_review.h"

#include "domain/subject_ref.h"

namespace qingling::domain::projections {
namespace {

using W = schema::Event::Which;

bool resolved(const HazardState& h) { return h.status == "verified" || h.status == "closed"; }
bool workDone(const HazardState& h) { return h.status == "rectified" || resolved(h); }

}  // namespace

void AccountabilityReview::apply(schema::EventEnvelope::Reader event) {
  const Evidence evidence = evidenceOf(event);
  dispatches_.apply(event);
  dispatchEvent(event, evidence);
  hazardEvent(event, evidence);
  otherEvent(event, evidence);
  backdated(event, evidence);
}

void AccountabilityReview::dispatchEvent(schema::EventEnvelope::Reader event, const Evidence& evidence) {
  auto payload = event.getPayload();
  switch (payload.which()) {
    case W::TASK_DISPATCHED:
      dispatchTrails_[payload.getTaskDispatched().getDispatchId()].dispatched = evidence;
      break;
    case W::DISPATCH_ACKNOWLEDGED: {
      auto it = dispatchTrails_.find(payload.getDispatchAcknowledged().getDispatchId());
      if (it != dispatchTrails_.end() && !it->second.acknowledged) it->second.acknowledged = evidence;
      break;
    }
    case W::DISPATCH_COMPLETED: {
      // Only a completion the book let stand (not one arriving after acceptance) is the dispatch's completion.
      std::string id = payload.getDispatchCompleted().getDispatchId();
      auto entry = dispatches_.dispatches().find(id);
      auto it = dispatchTrails_.find(id);
      if (it != dispatchTrails_.end() && entry != dispatches_.dispatches().end() &&
          entry->second.completedAt == evidence.recordedAt &&
          entry->second.status == schema::DispatchStatus::COMPLETED) {
        it->second.completed = evidence;
      }
      break;
    }
    case W::DISPATCH_RETURNED: {
      auto it = dispatchTrails_.find(payload.getDispatchReturned().getDispatchId());
      if (it != dispatchTrails_.end()) it->second.completed.reset();
      break;
    }
    default:
      break;
  }
}

void AccountabilityReview::hazardEvent(schema::EventEnvelope::Reader event, const Evidence& evidence) {
  auto payload = event.getPayload();
  const std::string id = hazardOf(payload);
  std::optional<HazardState> before;
  if (auto it = hazards_.hazards().find(id); it != hazards_.hazards().end()) before = it->second;
  hazards_.apply(event);
  auto it = hazards_.hazards().find(id);
  if (id.empty() || it == hazards_.hazards().end()) return;
  const HazardState& h = it->second;
  if (payload.which() == W::HAZARD_RECORDED) {
    hazardTrails_[id] = HazardTrail{evidence, {}, {}, 0};
    return;
  }
  if (!before) return;
  HazardTrail& trail = hazardTrails_[id];
  if (h.deadlineAt != before->deadlineAt) trail.deadlineSet = evidence;
  if (!workDone(h)) {
    trail.workDoneAt = 0;
  } else if (trail.workDoneAt == 0) {
    trail.workDoneAt = evidence.recordedAt;
  }
  Finding f;
  f.subject = id;
  f.campaign = h.campaign;
  f.about = f.responsible = h.enterprise;
  f.at = evidence.recordedAt;
  if (h.verificationsFailed > before->verificationsFailed) {
    f.kind = schema::FindingKind::VERIFICATION_FAILED;
    f.description = evidence.type + " failed: the rectification did not pass";
    f.evidence = {trail.recorded, evidence};
    eventFindings_.push_back(f);
  }
  if (h.reopened > before->reopened) {
    f.kind = schema::FindingKind::HAZARD_REOPENED;
    f.description = "reopened after " + (trail.resolved ? trail.resolved->type : std::string("its rectification"));
    f.evidence = {trail.recorded};
    if (trail.resolved) f.evidence.push_back(*trail.resolved);
    f.evidence.push_back(evidence);
    eventFindings_.push_back(f);
  }
  if (!resolved(h)) {
    trail.resolved.reset();
  } else if (!resolved(*before)) {
    trail.resolved = evidence;
  }
}

void AccountabilityReview::otherEvent(schema::EventEnvelope::Reader event, const Evidence& evidence) {
  auto payload = event.getPayload();
  switch (payload.which()) {
    case W::CAMPAIGN_DRAFTED: {
      auto campaign = payload.getCampaignDrafted().getCampaign();
      auto message = std::make_unique<capnp::MallocMessageBuilder>();
      message->setRoot(campaign);
      campaigns_[campaign.getId()] = std::move(message);
      break;
    }
    case W::INSPECTION_RECORDED: {
      auto e = payload.getInspectionRecorded();
      Inspection i{evidence, e.getInspectionId(), e.getEnterprise(), e.getInspectingUnit(), e.getCampaignId(), {}, {}};
      if (i.unit.empty()) i.unit = evidence.unit;
      for (auto c : e.getCategories()) i.categories.emplace_back(c);
      for (auto h : e.getHazards()) i.hazards.emplace_back(h);
      inspections_.push_back(std::move(i));
      break;
    }
    case W::ESCALATION_RAISED: {
      auto e = payload.getEscalationRaised();
      Raised r{evidence,
               e.getEscalationId(),
               subjectIdOf(e.getSubject()),
               e.getCampaignId(),
               e.getAddressee(),
               e.getSubject().which(),
               e.getDueAt(),
               false};
      escalations_[r.id] = std::move(r);
      break;
    }
    case W::ESCALATION_ACKNOWLEDGED: {
      auto it = escalations_.find(payload.getEscalationAcknowledged().getEscalationId());
      if (it != escalations_.end()) it->second.acknowledged = true;
      break;
    }
    case W::TIP_VERIFIED:
      tipsVerified_.try_emplace(payload.getTipVerified().getTipId(), evidence.recordedAt);
      break;
    default:
      break;
  }
}

void AccountabilityReview::backdated(schema::EventEnvelope::Reader event, const Evidence& evidence) {
  // The scheduler's own events state the instant a job fell due (a late job is flagged `late`, not back-dated);
  // admins make no domain statements.
  auto which = event.getPayload().which();
  if (which == W::TASK_DISPATCHED || which == W::ESCALATION_RAISED || evidence.role == schema::Role::ADMIN) return;
  const int64_t gap = evidence.recordedAt - evidence.occurredAt;
  if (gap <= scope_.backdatedThreshold) return;
  Finding f;
  f.kind = schema::FindingKind::BACKDATED;
  f.subject = subjectOf(event.getPayload());
  f.campaign = campaignOf(event);
  f.about = aboutOf(f.subject);
  if (f.about.empty()) f.about = payloadText(event.getPayload(), "enterprise");
  if (f.about.empty()) f.about = evidence.unit;
  f.responsible = evidence.unit;
  f.at = evidence.recordedAt;
  f.lateBy = gap;
  f.description = evidence.type + " by " + evidence.user + " recorded " + spanText(gap) + " after it occurred";
  f.evidence = {evidence};
  eventFindings_.push_back(std::move(f));
}

}  // namespace qingling::domain::projections
