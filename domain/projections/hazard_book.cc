#include "domain/projections/hazard_book.h"

namespace qingling::domain::projections {
namespace {

// A failed verification, assessment or resumption review: back to the plan if one exists, else to open.
void backToRectifying(HazardState& h) {
  h.verified = false;
  h.assessed = false;
  h.resumptionApplied = false;
  h.status = h.planned ? "rectificationPlanned" : "open";
}

}  // namespace

void HazardBook::apply(schema::EventEnvelope::Reader event) {
  using W = schema::Event::Which;
  auto payload = event.getPayload();
  if (payload.which() == W::HAZARD_RECORDED) {
    auto e = payload.getHazardRecorded();
    HazardState h;
    h.id = e.getHazardId();
    h.enterprise = e.getEnterprise();
    h.campaign = e.getCampaignId();
    h.source = e.getSource();
    h.grade = e.getGrade();
    h.gradeName = e.getGradeName();
    h.category = e.getCategory();
    h.description = e.getDescription();
    h.status = "open";
    h.foundAt = event.getOccurredAt();
    h.recordedAt = event.getRecordedAt();
    h.deadlineAt = e.getDeadlineAt();
    hazards_[h.id] = std::move(h);
    return;
  }
  auto find = [&](capnp::Text::Reader id) -> HazardState* {
    auto it = hazards_.find(std::string(id));
    return it == hazards_.end() ? nullptr : &it->second;
  };
  switch (payload.which()) {
    case W::RECTIFICATION_PLANNED: {
      auto e = payload.getRectificationPlanned();
      if (HazardState* h = find(e.getHazardId())) {
        h->planned = true;
        h->status = "rectificationPlanned";
        if (e.getDeadlineAt() != 0) h->deadlineAt = e.getDeadlineAt();
      }
      break;
    }
    case W::HAZARD_RECTIFIED:
      if (HazardState* h = find(payload.getHazardRectified().getHazardId())) {
        h->status = "rectified";
        h->assessed = h->resumptionApplied = false;
      }
      break;
    case W::HAZARD_VERIFIED: {
      auto e = payload.getHazardVerified();
      if (HazardState* h = find(e.getHazardId())) {
        if (e.getPassed()) {
          h->verified = true;
          h->status = "verified";
        } else {
          ++h->verificationsFailed;
          backToRectifying(*h);
        }
      }
      break;
    }
    case W::HAZARD_ASSESSED: {
      auto e = payload.getHazardAssessed();
      if (HazardState* h = find(e.getHazardId())) {
        if (e.getPassed()) {
          h->assessed = true;
        } else {
          backToRectifying(*h);
        }
      }
      break;
    }
    case W::RESUMPTION_APPLIED:
      if (HazardState* h = find(payload.getResumptionApplied().getHazardId())) h->resumptionApplied = true;
      break;
    case W::RESUMPTION_REVIEWED: {
      auto e = payload.getResumptionReviewed();
      if (HazardState* h = find(e.getHazardId())) {
        if (e.getPassed()) {
          h->verified = true;
          h->status = "verified";
          h->resumptionApplied = false;
        } else {
          ++h->verificationsFailed;
          backToRectifying(*h);
        }
      }
      break;
    }
    case W::EXTENSION_REQUESTED: {
      auto subject = payload.getExtensionRequested().getSubject();
      if (!subject.isHazard()) break;
      if (HazardState* h = find(subject.getHazard())) h->extensionPending = true;
      break;
    }
    case W::EXTENSION_DECIDED: {
      auto e = payload.getExtensionDecided();
      if (!e.getSubject().isHazard()) break;
      if (HazardState* h = find(e.getSubject().getHazard())) {
        h->extensionPending = false;
        if (e.getApproved()) {
          ++h->extensions;
          h->deadlineAt = e.getDeadlineAt();
        }
      }
      break;
    }
    case W::HAZARD_CLOSED:
      if (HazardState* h = find(payload.getHazardClosed().getHazardId())) h->status = "closed";
      break;
    case W::HAZARD_FIXED_ON_SPOT:
      if (HazardState* h = find(payload.getHazardFixedOnSpot().getHazardId())) h->status = "closed";
      break;
    case W::HAZARD_REGRADED: {
      auto e = payload.getHazardRegraded();
      if (HazardState* h = find(e.getHazardId())) h->grade = e.getTo();
      break;
    }
    case W::HAZARD_LISTED: {
      auto e = payload.getHazardListed();
      if (HazardState* h = find(e.getHazardId())) {
        h->listed = h->everListed = true;
        h->suspension = e.getSuspension();
        h->authority = e.getAuthority();
        if (e.getDeadlineAt() != 0) h->deadlineAt = e.getDeadlineAt();
      }
      break;
    }
    case W::HAZARD_DELISTED:
      if (HazardState* h = find(payload.getHazardDelisted().getHazardId())) h->listed = h->suspension = false;
      break;
    case W::HAZARD_REOPENED:
      if (HazardState* h = find(payload.getHazardReopened().getHazardId())) {
        ++h->reopened;
        h->verified = h->assessed = h->resumptionApplied = false;
        h->status = "open";
      }
      break;
    default:
      break;
  }
}

std::vector<uint16_t> HazardBook::eventTypes() {
  using W = schema::Event::Which;
  std::vector<W> types = {W::HAZARD_RECORDED,     W::RECTIFICATION_PLANNED, W::HAZARD_RECTIFIED, W::HAZARD_VERIFIED,
                          W::HAZARD_CLOSED,       W::HAZARD_FIXED_ON_SPOT,  W::HAZARD_REGRADED,  W::HAZARD_LISTED,
                          W::HAZARD_DELISTED,     W::HAZARD_REOPENED,       W::HAZARD_ASSESSED,  W::RESUMPTION_APPLIED,
                          W::RESUMPTION_REVIEWED, W::EXTENSION_REQUESTED,   W::EXTENSION_DECIDED};
  std::vector<uint16_t> out;
  for (auto t : types) out.push_back(static_cast<uint16_t>(t));
  return out;
}

}  // namespace qingling::domain::projections
