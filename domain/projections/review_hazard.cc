// The accountability review's hazard findings: past the rectification deadline, and missed by an earlier
// inspection (应发现未发现) (see accountability_review.h).
#include "domain/projections/accountability_review.h"

#include <algorithm>

namespace qingling::domain::projections {

void AccountabilityReview::hazardFindings(int64_t asOf, std::vector<Finding>& out) const {
  for (const auto& [id, h] : hazards_.hazards()) {
    auto trail = hazardTrails_.find(id);
    if (h.deadlineAt == 0 || trail == hazardTrails_.end()) continue;
    const HazardTrail& t = trail->second;
    const int64_t resolvedAt = t.resolved ? t.resolved->recordedAt : 0;
    const int64_t end = t.resolved ? resolvedAt : asOf;
    if (end <= h.deadlineAt) continue;
    Finding f;
    f.kind = schema::FindingKind::HAZARD_OVERDUE;
    f.subject = id;
    f.campaign = h.campaign;
    f.about = f.responsible = h.enterprise;
    f.at = resolvedAt;
    f.dueAt = h.deadlineAt;
    f.lateBy = end - h.deadlineAt;
    f.description = t.resolved ? t.resolved->type + " " + spanText(f.lateBy) + " after the rectification deadline"
                               : "not rectified and verified, " + spanText(f.lateBy) + " past its deadline";
    f.evidence = {t.recorded};
    if (t.deadlineSet) f.evidence.push_back(*t.deadlineSet);
    if (t.resolved) f.evidence.push_back(*t.resolved);
    out.push_back(std::move(f));
  }
}

void AccountabilityReview::missedFindings(std::vector<Finding>& out) const {
  auto categoryOf = [&](const std::string& hazard) -> const std::string* {
    auto h = hazards_.hazards().find(hazard);
    return h == hazards_.hazards().end() ? nullptr : &h->second.category;
  };
  for (const auto& [id, t] : hazardTrails_) {
    auto h = hazards_.hazards().find(id);
    if (h == hazards_.hazards().end()) continue;
    const std::string& category = h->second.category;
    for (const Inspection& i : inspections_) {
      const bool between = t.recorded.occurredAt <= i.recorded.occurredAt &&
                           i.recorded.occurredAt < t.recorded.recordedAt && i.recorded.position < t.recorded.position;
      if (i.enterprise != h->second.enterprise || !between) continue;
      const bool covered =
          i.categories.empty() || std::find(i.categories.begin(), i.categories.end(), category) != i.categories.end();
      // &id = id: clang 14 cannot capture a structured binding itself.
      const bool found = std::any_of(i.hazards.begin(), i.hazards.end(), [&, &id = id](const std::string& other) {
        const std::string* c = categoryOf(other);
        return other == id || (c != nullptr && *c == category);
      });
      if (!covered || found) continue;
      Finding f;
      f.kind = schema::FindingKind::MISSED_HAZARD;
      f.subject = id;
      f.campaign = h->second.campaign.empty() ? i.campaign : h->second.campaign;
      f.about = h->second.enterprise;
      f.responsible = i.unit;
      f.at = i.recorded.occurredAt;
      f.lateBy = t.recorded.recordedAt - i.recorded.occurredAt;
      f.description = "inspection " + i.id + " covered " + category +
                      " and found none; the hazard existed then and was " + "recorded " + spanText(f.lateBy) + " later";
      f.evidence = {i.recorded, t.recorded};
      out.push_back(std::move(f));
    }
  }
}

}  // namespace qingling::domain::projections
