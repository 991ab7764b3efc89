// The accountability review query (追责问责, schemas/projections.capnp AccountabilityReviewQuery): which scope it
// names, what the asker must reach, and which events the review needs — read through the unit index, cut at asOf
// by server/query_service.cc like every projection.
//
// Events read: a campaign's index key for a campaign; the unit's subtree for a unit or an enterprise. Campaign
// definitions (for the covering leader, 包联) are read by type in every case, since a unit below the issuer does
// not carry them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/directory.h"
#include "domain/projections/accountability_review.h"
#include "schemas/projections.capnp.h"
#include "server/outcome.h"
#include "store/event_log.h"

namespace qingling::server {

class ReviewRequest {
 public:
  explicit ReviewRequest(schema::AccountabilityReviewQuery::Reader query);

  // badRequest unless exactly one of campaign, unit, enterprise is named, or an enterprise that is not one.
  std::optional<Failure> check(const domain::Directory& dir) const;
  bool byCampaign() const { return !scope_.campaign.empty(); }
  const std::string& campaign() const { return scope_.campaign; }
  // The unit (or enterprise) whose reach the asker needs; empty for a campaign.
  const std::string& unit() const { return scope_.unit.empty() ? scope_.enterprise : scope_.unit; }

  // The events to fold; `subtree` is unit()'s subtree (empty, and unused, for a campaign).
  store::EventFilter filter(std::vector<std::string> subtree) const;
  domain::projections::AccountabilityReview projection(const domain::Directory& dir) const {
    return domain::projections::AccountabilityReview(scope_, dir);
  }
  // Sets each evidence event's chain hash: the store keeps it beside the envelope, which is all a fold sees.
  static std::optional<Failure> stampHashes(store::EventLog& log, schema::AccountabilityReview::Builder review);

 private:
  domain::projections::ReviewScope scope_;
};

}  // namespace qingling::server
