// The agenda's fold: each event routed to the campaign, dispatch, hazard or tip it is about and folded there with
// that aggregate's own evolve() (see agenda.h).
#include "domain/agenda.h"
#include "domain/subject_ref.h"

namespace qingling::domain {
namespace {

using W = schema::Event::Which;

std::optional<std::string> campaignIdOf(schema::Event::Reader p) {
  switch (p.which()) {
    case W::CAMPAIGN_DRAFTED:
      return std::string(p.getCampaignDrafted().getCampaign().getId());
    case W::CAMPAIGN_ISSUED:
      return std::string(p.getCampaignIssued().getCampaignId());
    case W::PHASE_STARTED:
      return std::string(p.getPhaseStarted().getCampaignId());
    case W::PHASE_CLOSED:
      return std::string(p.getPhaseClosed().getCampaignId());
    case W::CAMPAIGN_CLOSED:
      return std::string(p.getCampaignClosed().getCampaignId());
    case W::TASK_ADDED:
      return std::string(p.getTaskAdded().getCampaignId());
    default:
      return std::nullopt;
  }
}

// Extensions (延期) are appended to their subject's own stream and fold into that subject.
std::optional<std::string> extensionSubject(schema::Event::Reader p, schema::SubjectRef::Which kind) {
  schema::SubjectRef::Reader subject;
  if (p.isExtensionRequested()) {
    subject = p.getExtensionRequested().getSubject();
  } else if (p.isExtensionDecided()) {
    subject = p.getExtensionDecided().getSubject();
  } else {
    return std::nullopt;
  }
  if (subject.which() != kind) return std::nullopt;
  return subjectIdOf(subject);
}

std::optional<std::string> dispatchIdOf(schema::Event::Reader p) {
  switch (p.which()) {
    case W::TASK_DISPATCHED:
      return std::string(p.getTaskDispatched().getDispatchId());
    case W::DISPATCH_COMPLETED:
      return std::string(p.getDispatchCompleted().getDispatchId());
    case W::DISPATCH_ACCEPTED:
      return std::string(p.getDispatchAccepted().getDispatchId());
    case W::DISPATCH_RETURNED:
      return std::string(p.getDispatchReturned().getDispatchId());
    default:
      return extensionSubject(p, schema::SubjectRef::DISPATCH);
  }
}

std::optional<std::string> hazardIdOf(schema::Event::Reader p) {
  switch (p.which()) {
    case W::HAZARD_RECORDED:
      return std::string(p.getHazardRecorded().getHazardId());
    case W::RECTIFICATION_PLANNED:
      return std::string(p.getRectificationPlanned().getHazardId());
    case W::HAZARD_RECTIFIED:
      return std::string(p.getHazardRectified().getHazardId());
    case W::HAZARD_VERIFIED:
      return std::string(p.getHazardVerified().getHazardId());
    case W::HAZARD_CLOSED:
      return std::string(p.getHazardClosed().getHazardId());
    case W::HAZARD_FIXED_ON_SPOT:
      return std::string(p.getHazardFixedOnSpot().getHazardId());
    case W::HAZARD_REGRADED:
      return std::string(p.getHazardRegraded().getHazardId());
    case W::HAZARD_DUAL_REPORTED:
      return std::string(p.getHazardDualReported().getHazardId());
    case W::HAZARD_LISTED:
      return std::string(p.getHazardListed().getHazardId());
    case W::HAZARD_DELISTED:
      return std::string(p.getHazardDelisted().getHazardId());
    case W::HAZARD_ASSESSED:
      return std::string(p.getHazardAssessed().getHazardId());
    case W::RESUMPTION_APPLIED:
      return std::string(p.getResumptionApplied().getHazardId());
    case W::RESUMPTION_REVIEWED:
      return std::string(p.getResumptionReviewed().getHazardId());
    case W::HAZARD_REOPENED:
      return std::string(p.getHazardReopened().getHazardId());
    default:
      return extensionSubject(p, schema::SubjectRef::HAZARD);
  }
}

std::optional<std::string> tipIdOf(schema::Event::Reader p) {
  switch (p.which()) {
    case W::TIP_RECEIVED:
      return std::string(p.getTipReceived().getTipId());
    case W::TIP_VERIFICATION_EXTENDED:
      return std::string(p.getTipVerificationExtended().getTipId());
    case W::TIP_VERIFIED:
      return std::string(p.getTipVerified().getTipId());
    case W::TIP_FEEDBACK_GIVEN:
      return std::string(p.getTipFeedbackGiven().getTipId());
    case W::TIP_REWARDED:
      return std::string(p.getTipRewarded().getTipId());
    default:
      return extensionSubject(p, schema::SubjectRef::TIP);
  }
}

}  // namespace

void Agenda::apply(schema::EventEnvelope::Reader event) {
  auto payload = event.getPayload();
  const int64_t at = event.getRecordedAt();
  if (auto id = campaignIdOf(payload)) {
    touchCampaign(*id);
    CampaignEntry& c = campaigns_[*id];
    evolve(c.state, event);
    if (payload.isCampaignClosed()) c.closedAt = at;
  } else if (auto dispatchId = dispatchIdOf(payload)) {
    DispatchEntry& d = dispatches_[*dispatchId];
    touch({false, schema::SubjectRef::DISPATCH, *dispatchId});
    // Only taskDispatched, the events that make done() true or false again and those that move the deadline
    // are folded: status and dueAt are exact as far as escalation goes, version is not.
    evolve(d.state, event);
    if (payload.isTaskDispatched()) {
      d.dispatchedAt = event.getOccurredAt() != 0 ? event.getOccurredAt() : at;
      ofCampaign_[d.state.campaignId].push_back({false, schema::SubjectRef::DISPATCH, *dispatchId});
      dropDispatchJob(d.state.campaignId, *dispatchId);
    }
    if (payload.isDispatchReturned()) d.returnedAt = at;
  } else if (auto hazardId = hazardIdOf(payload)) {
    HazardEntry& h = hazards_[*hazardId];
    foldHazard(h, event);
    touch({false, schema::SubjectRef::HAZARD, *hazardId});
    if (payload.isHazardRecorded() && !h.state.campaignId.empty()) {
      ofCampaign_[h.state.campaignId].push_back({false, schema::SubjectRef::HAZARD, *hazardId});
    }
  } else if (auto tipId = tipIdOf(payload)) {
    TipEntry& t = tips_[*tipId];
    touch({false, schema::SubjectRef::TIP, *tipId});
    evolve(t.state, event);
    if (payload.isTipReceived()) {
      t.receivedBy = event.getActor().getUnit();
      t.receivedAt = at;
    }
  } else if (payload.isEscalationRaised()) {
    auto e = payload.getEscalationRaised();
    if (!e.getManual()) raised_.emplace(e.getEscalationId());
    touch({false, e.getSubject().which(), subjectIdOf(e.getSubject())});
  } else if (payload.isUnitRegistered()) {
    auto unit = payload.getUnitRegistered().getUnit();
    placements_[unit.getId()] = Placement{unit.getParent(), at};
    touchAll();
  } else if (payload.isUnitAmended()) {
    auto amended = payload.getUnitAmended();
    Placement& p = placements_[amended.getUnitId()];
    touchAll();
    if (amended.getParent().size() != 0 && p.parent != amended.getParent().cStr()) {
      p = Placement{amended.getParent(), at};
    }
  }
}

void Agenda::foldHazard(HazardEntry& h, schema::EventEnvelope::Reader event) {
  const int64_t at = event.getRecordedAt();
  const bool wasDone = hazardWorkDone(h.state), wasListed = h.state.listed;
  const int64_t deadlineBefore = h.state.deadlineAt;
  evolve(h.state, event);
  auto payload = event.getPayload();
  if (payload.isHazardRecorded()) {
    h.foundBy = payload.getHazardRecorded().getFoundBy();
    h.roundOpenedAt = at;
  }
  if (!wasListed && h.state.listed) {
    h.superseded.push_back(SupersededRound{h.roundOpenedAt, deadlineBefore, at});
    h.roundOpenedAt = at;
  }
  if (wasDone && !hazardWorkDone(h.state)) h.resumedAt = at;
}

std::vector<uint16_t> Agenda::eventTypes() {
  std::vector<W> types = {
      W::CAMPAIGN_DRAFTED,    W::CAMPAIGN_ISSUED,      W::PHASE_STARTED,       W::PHASE_CLOSED,
      W::CAMPAIGN_CLOSED,     W::TASK_ADDED,           W::TASK_DISPATCHED,     W::DISPATCH_COMPLETED,
      W::DISPATCH_ACCEPTED,   W::DISPATCH_RETURNED,    W::HAZARD_RECORDED,     W::RECTIFICATION_PLANNED,
      W::HAZARD_RECTIFIED,    W::HAZARD_VERIFIED,      W::HAZARD_CLOSED,       W::HAZARD_FIXED_ON_SPOT,
      W::HAZARD_REGRADED,     W::HAZARD_DUAL_REPORTED, W::HAZARD_LISTED,       W::HAZARD_DELISTED,
      W::HAZARD_ASSESSED,     W::RESUMPTION_APPLIED,   W::RESUMPTION_REVIEWED, W::HAZARD_REOPENED,
      W::EXTENSION_REQUESTED, W::EXTENSION_DECIDED,    W::TIP_RECEIVED,        W::TIP_VERIFICATION_EXTENDED,
      W::TIP_VERIFIED,        W::TIP_FEEDBACK_GIVEN,   W::TIP_REWARDED,        W::ESCALATION_RAISED,
      W::UNIT_REGISTERED,     W::UNIT_AMENDED};
  std::vector<uint16_t> out;
  for (auto t : types) out.push_back(static_cast<uint16_t>(t));
  return out;
}

}  // namespace qingling::domain
