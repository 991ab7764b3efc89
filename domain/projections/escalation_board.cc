#include "domain/projections/escalation_board.h"

#include <algorithm>
#include <array>

#include "domain/duration.h"
#include "domain/subject_ref.h"

namespace qingling::domain::projections {
namespace {

using Action = schema::EscalationAction;
constexpr std::array<Action, 6> kLadder = {Action::REMIND, Action::WARN, Action::NOTIFY,
                                           Action::SUMMON, Action::LIST, Action::SUSPEND};

}  // namespace

void EscalationBoard::apply(schema::EventEnvelope::Reader event) {
  using W = schema::Event::Which;
  auto payload = event.getPayload();
  switch (payload.which()) {
    case W::ESCALATION_RAISED: {
      auto e = payload.getEscalationRaised();
      if (!campaign_.empty() && e.getCampaignId() != campaign_.c_str()) break;
      Raised r;
      r.id = e.getEscalationId();
      r.subjectKind = e.getSubject().which();
      r.subject = subjectIdOf(e.getSubject());
      r.campaign = e.getCampaignId();
      r.step = e.getStep();
      r.action = e.getAction();
      r.addressee = e.getAddressee();
      r.dueAt = e.getDueAt();
      r.raisedAt = event.getRecordedAt();
      r.late = e.getLate();
      r.manual = e.getManual();
      open_[r.id] = std::move(r);
      break;
    }
    case W::ESCALATION_ACKNOWLEDGED:
      open_.erase(std::string(payload.getEscalationAcknowledged().getEscalationId()));
      break;
    default:
      break;
  }
}

void EscalationBoard::write(schema::EscalationBoard::Builder out, int64_t asOf) const {
  std::vector<const Raised*> rows;
  for (const auto& [id, r] : open_) {
    if (unit_.empty() || directory_.isWithin(r.addressee, unit_)) rows.push_back(&r);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Raised* a, const Raised* b) { return a->dueAt < b->dueAt; });

  std::array<uint32_t, kLadder.size()> levels{};
  out.setAsOf(asOf);
  auto list = out.initRows(static_cast<unsigned>(rows.size()));
  for (unsigned i = 0; i < rows.size(); ++i) {
    const Raised& r = *rows[i];
    auto row = list[i];
    row.setEscalationId(r.id);
    setSubject(row.initSubject(), r.subjectKind, r.subject);
    row.setCampaignId(r.campaign);
    row.setStep(r.step);
    row.setAction(r.action);
    row.setAddressee(r.addressee);
    row.setDueAt(r.dueAt);
    row.setRaisedAt(r.raisedAt);
    row.setLate(r.late);
    row.setManual(r.manual);
    row.setAcknowledged(false);
    row.setAgeSeconds((asOf - r.dueAt) / kMicrosPerSecond);
    auto level = std::find(kLadder.begin(), kLadder.end(), r.action);
    if (level != kLadder.end()) ++levels[level - kLadder.begin()];
  }

  auto counts = out.initLevels(static_cast<unsigned>(kLadder.size()));
  for (unsigned i = 0; i < kLadder.size(); ++i) {
    counts[i].setAction(kLadder[i]);
    counts[i].setOpen(levels[i]);
  }
}

std::vector<uint16_t> EscalationBoard::eventTypes() {
  using W = schema::Event::Which;
  return {static_cast<uint16_t>(W::ESCALATION_RAISED), static_cast<uint16_t>(W::ESCALATION_ACKNOWLEDGED)};
}

}  // namespace qingling::domain::projections
