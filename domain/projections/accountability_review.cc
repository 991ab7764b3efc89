// The accountability review's answer: findings gathered, scoped, given their covering leader and ordered (see
// accountability_review.h).
#include "domain/projections/accountability_review.h"

#include <algorithm>
#include <tuple>

#include "domain/duration.h"
#include "domain/escalation_ladder.h"

namespace qingling::domain::projections {

AccountabilityReview::AccountabilityReview(ReviewScope scope, const Directory& directory)
    : scope_(std::move(scope)), directory_(directory) {
  if (scope_.backdatedThreshold <= 0) scope_.backdatedThreshold = 3 * kMicrosPerDay;
}

std::string AccountabilityReview::aboutOf(const std::string& id) const {
  if (auto d = dispatches_.dispatches().find(id); d != dispatches_.dispatches().end()) return d->second.assignee;
  if (auto h = hazards_.hazards().find(id); h != hazards_.hazards().end()) return h->second.enterprise;
  return {};
}

bool AccountabilityReview::inScope(const Finding& f) const {
  if (!scope_.campaign.empty()) return f.campaign == scope_.campaign;
  if (!scope_.unit.empty()) {
    return directory_.isWithin(f.responsible, scope_.unit) || directory_.isWithin(f.about, scope_.unit);
  }
  return f.about == scope_.enterprise || f.responsible == scope_.enterprise;
}

std::string AccountabilityReview::coveringLeaderOf(const Finding& f) const {
  auto c = campaigns_.find(f.campaign);
  if (c == campaigns_.end()) return {};
  auto campaign = c->second->getRoot<schema::Campaign>().asReader();
  // With no issuer to fall back on, nobody covering the unit reads as nobody.
  return addresseeOf(schema::EscalationTarget::COVERING_LEADER, Answerable{f.responsible, "", campaign}, directory_);
}

std::vector<Finding> AccountabilityReview::findings(int64_t asOf) const {
  std::vector<Finding> all = eventFindings_;
  dispatchFindings(asOf, all);
  escalationFindings(asOf, all);
  hazardFindings(asOf, all);
  missedFindings(all);
  std::vector<Finding> out;
  for (auto& f : all) {
    if (!inScope(f)) continue;
    f.coveringLeader = coveringLeaderOf(f);
    std::sort(f.evidence.begin(), f.evidence.end(),
              [](const Evidence& a, const Evidence& b) { return a.position < b.position; });
    out.push_back(std::move(f));
  }
  auto key = [](const Finding& f) {
    return std::make_tuple(std::cref(f.responsible), f.kind, std::cref(f.subject),
                           f.evidence.empty() ? 0 : f.evidence.front().position);
  };
  std::sort(out.begin(), out.end(), [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
  return out;
}

void AccountabilityReview::write(schema::AccountabilityReview::Builder out, int64_t asOf) const {
  if (!scope_.campaign.empty()) {
    out.setScope("campaign " + scope_.campaign);
  } else if (!scope_.unit.empty()) {
    out.setScope("unit " + scope_.unit);
  } else {
    out.setScope("enterprise " + scope_.enterprise);
  }
  out.setAsOf(asOf);
  out.setBackdatedThreshold(scope_.backdatedThreshold);
  auto found = findings(asOf);
  auto list = out.initFindings(static_cast<unsigned>(found.size()));
  for (unsigned i = 0; i < found.size(); ++i) {
    const Finding& f = found[i];
    auto row = list[i];
    row.setKind(f.kind);
    row.setSubject(f.subject);
    row.setCampaignId(f.campaign);
    row.setResponsibleUnit(f.responsible);
    row.setCoveringLeader(f.coveringLeader);
    row.setAt(f.at);
    row.setDueAt(f.dueAt);
    row.setLateBySeconds(f.lateBy / kMicrosPerSecond);
    row.setDescription(f.description);
    auto evidence = row.initEvidence(static_cast<unsigned>(f.evidence.size()));
    for (unsigned j = 0; j < f.evidence.size(); ++j) {
      const Evidence& e = f.evidence[j];
      auto ev = evidence[j];
      ev.setPosition(e.position);
      ev.setRecordedAt(e.recordedAt);
      ev.setOccurredAt(e.occurredAt);
      auto actor = ev.initActor();
      actor.setUser(e.user);
      actor.setUnit(e.unit);
      actor.setRole(e.role);
      ev.setType(e.type);
      ev.setHash(capnp::Data::Reader(reinterpret_cast<const kj::byte*>(e.hash.data()), e.hash.size()));
    }
  }
}

}  // namespace qingling::domain::projections
