#include "domain/projections/hazard_ledger.h"

#include <algorithm>

namespace qingling::domain::projections {
namespace {

bool overdueAt(const HazardState& h, int64_t asOf) {
  return h.deadlineAt != 0 && h.deadlineAt < asOf && h.status != "verified" && h.status != "closed";
}

}  // namespace

void HazardLedger::write(schema::HazardLedger::Builder out, int64_t asOf) const {
  std::vector<const HazardState*> rows;
  for (const auto& [id, h] : book_.hazards()) {
    if (!filter_.unit.empty() && !directory_.isWithin(h.enterprise, filter_.unit)) continue;
    if (!filter_.campaign.empty() && h.campaign != filter_.campaign) continue;
    if (filter_.grade && h.grade != *filter_.grade) continue;
    if (filter_.source && h.source != *filter_.source) continue;
    if (!filter_.status.empty() && h.status != filter_.status) continue;
    if (filter_.overdueOnly && !overdueAt(h, asOf)) continue;
    rows.push_back(&h);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const HazardState* a, const HazardState* b) { return a->foundAt < b->foundAt; });

  out.setAsOf(asOf);
  auto list = out.initRows(static_cast<unsigned>(rows.size()));
  for (unsigned i = 0; i < rows.size(); ++i) {
    const HazardState& h = *rows[i];
    auto row = list[i];
    row.setHazardId(h.id);
    row.setEnterprise(h.enterprise);
    row.setCampaignId(h.campaign);
    row.setSource(h.source);
    row.setGrade(h.grade);
    row.setGradeName(h.gradeName);
    row.setCategory(h.category);
    row.setDescription(h.description);
    row.setStatus(h.status);
    row.setFoundAt(h.foundAt);
    row.setRecordedAt(h.recordedAt);
    row.setDeadlineAt(h.deadlineAt);
    row.setOverdue(overdueAt(h, asOf));
    row.setListed(h.listed);
    if (h.listed) row.setAuthority(h.authority);
    row.setVerificationsFailed(h.verificationsFailed);
    row.setReopened(h.reopened);
    row.setExtensions(h.extensions);
    row.setExtensionPending(h.extensionPending);
    row.setSuspension(h.suspension);
    row.setAssessed(h.assessed);
    row.setResumptionApplied(h.resumptionApplied);
  }
}

}  // namespace qingling::domain::projections
