#include "domain/projections/hazard_book.h"

namespace qingling::domain::projections {

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
      if (HazardState* h = find(payload.getHazardRectified().getHazardId())) h->status = "rectified";
      break;
    case W::HAZARD_VERIFIED: {
      auto e = payload.getHazardVerified();
      if (HazardState* h = find(e.getHazardId())) {
        h->verified = e.getPassed();
        if (e.getPassed()) {
          h->status = "verified";
        } else {
          ++h->verificationsFailed;
          h->status = h->planned ? "rectificationPlanned" : "open";
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
        h->authority = e.getAuthority();
        if (e.getDeadlineAt() != 0) h->deadlineAt = e.getDeadlineAt();
      }
      break;
    }
    case W::HAZARD_DELISTED:
      if (HazardState* h = find(payload.getHazardDelisted().getHazardId())) h->listed = false;
      break;
    case W::HAZARD_REOPENED:
      if (HazardState* h = find(payload.getHazardReopened().getHazardId())) {
        ++h->reopened;
        h->verified = false;
        h->status = "open";
      }
      break;
    default:
      break;
  }
}

std::vector<uint16_t> HazardBook::eventTypes() {
  using W = schema::Event::Which;
  return {static_cast<uint16_t>(W::HAZARD_RECORDED),  static_cast<uint16_t>(W::RECTIFICATION_PLANNED),
          static_cast<uint16_t>(W::HAZARD_RECTIFIED), static_cast<uint16_t>(W::HAZARD_VERIFIED),
          static_cast<uint16_t>(W::HAZARD_CLOSED),    static_cast<uint16_t>(W::HAZARD_FIXED_ON_SPOT),
          static_cast<uint16_t>(W::HAZARD_REGRADED),  static_cast<uint16_t>(W::HAZARD_LISTED),
          static_cast<uint16_t>(W::HAZARD_DELISTED),  static_cast<uint16_t>(W::HAZARD_REOPENED)};
}

}  // namespace qingling::domain::projections
