#include "server/review_query.h"

#include "domain/campaign_keys.h"

namespace qingling::server {

ReviewRequest::ReviewRequest(schema::AccountabilityReviewQuery::Reader query) {
  scope_.campaign = query.getCampaignId();
  scope_.unit = query.getUnit();
  scope_.enterprise = query.getEnterprise();
  scope_.backdatedThreshold = query.getBackdatedThreshold();
}

std::optional<Failure> ReviewRequest::check(const domain::Directory& dir) const {
  int named = !scope_.campaign.empty() + !scope_.unit.empty() + !scope_.enterprise.empty();
  if (named != 1) {
    return Failure{schema::ErrorCode::BAD_REQUEST, "a review names exactly one of a campaign, a unit, an enterprise",
                   "accountabilityReview"};
  }
  if (scope_.backdatedThreshold < 0) {
    return Failure{schema::ErrorCode::BAD_REQUEST, "the back-dating threshold cannot be negative",
                   "backdatedThreshold"};
  }
  if (scope_.enterprise.empty()) return std::nullopt;
  const domain::Unit* u = dir.unit(scope_.enterprise);
  if (u == nullptr || u->kind == schema::UnitKind::ENTERPRISE) return std::nullopt;  // an unknown one: notFound later
  return Failure{schema::ErrorCode::BAD_REQUEST, "'" + scope_.enterprise + "' is not an enterprise", "enterprise"};
}

store::EventFilter ReviewRequest::filter(std::vector<std::string> subtree) const {
  store::EventFilter f{{static_cast<uint16_t>(schema::Event::CAMPAIGN_DRAFTED)}, {}};
  if (byCampaign()) {
    f.units = {domain::campaignKey(scope_.campaign)};
  } else {
    f.units = std::move(subtree);
  }
  return f;
}

std::optional<Failure> ReviewRequest::stampHashes(store::EventLog& log, schema::AccountabilityReview::Builder review) {
  for (auto finding : review.getFindings()) {
    for (auto evidence : finding.getEvidence()) {
      auto page = log.readAll(evidence.getPosition(), 1);
      if (!page.ok()) return Failure{errorCodeFor(page.error().code), page.error().message, {}};
      if (page->empty() || page->front().position() != evidence.getPosition()) continue;
      const store::Hash& hash = page->front().hash();
      evidence.setHash(capnp::Data::Reader(hash.data(), hash.size()));
    }
  }
  return std::nullopt;
}

}  // namespace qingling::server
