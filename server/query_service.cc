#include "server/query_service.h"

#include <set>

#include <capnp/dynamic.h>

#include "domain/campaign.h"
#include "domain/campaign_keys.h"
#include "domain/projections/campaign_progress.h"
#include "domain/projections/dispatch_state.h"
#include "domain/projections/dispatch_table.h"
#include "domain/projections/duty_compliance.h"
#include "domain/projections/enterprise_profile.h"
#include "domain/projections/escalation_board.h"
#include "domain/projections/hazard_ledger.h"
#include "domain/projections/task_list.h"
#include "domain/projections/task_targets.h"
#include "server/replay_meter.h"
#include "server/review_query.h"

namespace qingling::server {
namespace {

using schema::ErrorCode;

// One query's replay: its bitemporal cut (query_service.h) and the meter its folds report progress to.
struct Replay {
  int64_t asOf;     // recordedAt cut
  int64_t validAt;  // occurredAt cut; 0 = none
  ReplayMeter& meter;

  // The instant the view stands at: what "overdue", ages and periods begun are measured against.
  int64_t now() const { return validAt != 0 ? validAt : asOf; }
  bool occurredByValidAt(schema::EventEnvelope::Reader e) const { return validAt == 0 || e.getOccurredAt() <= validAt; }
};

// Feeds every event selected by `filter` with recordedAt <= asOf — and, with a business-time cut, occurredAt <=
// validAt — to `projection`, in log order, streamed from the store (EventLog::scan). recordedAt never decreases
// along positions, so the first later event ends the walk; occurredAt may, so a business-time cut skips events
// without ending it. Every projection's events pass here: the cut is made once, for all of them. The meter hears
// of every kMeterEvery events.
template <class Projection>
std::optional<Failure> fold(store::EventLog& log, const store::EventFilter& filter, const Replay& replay,
                            Projection& projection) {
  constexpr uint64_t kMeterEvery = 10000;
  uint64_t scanned = 0, folded = 0, last = 0;
  auto failed = log.scan(1, filter, [&](uint64_t position, schema::EventEnvelope::Reader event) {
    last = position;
    if (event.getRecordedAt() > replay.asOf) return false;
    if (replay.occurredByValidAt(event)) {
      projection.apply(event);
      ++folded;
    }
    if (++scanned % kMeterEvery == 0) {
      replay.meter.folded(folded, position);
      folded = 0;
    }
    return true;
  });
  if (failed) return Failure{errorCodeFor(failed->code), failed->message, {}};
  replay.meter.folded(folded, last);
  return std::nullopt;
}

std::vector<std::string> subtree(const domain::Directory& dir, const std::string& root) {
  std::vector<std::string> out{root};
  for (size_t i = 0; i < out.size(); ++i) {
    for (auto& child : dir.children(out[i])) out.push_back(std::move(child));
  }
  return out;
}

std::optional<Failure> requireReach(const domain::Directory& dir, const domain::Principal& who, const std::string& unit,
                                    const char* what) {
  if (dir.unit(unit) == nullptr) return Failure{ErrorCode::NOT_FOUND, "unit '" + unit + "' is not registered", "unit"};
  if (dir.isWithin(unit, who.unit)) return std::nullopt;
  return Failure{
      ErrorCode::FORBIDDEN,
      std::string(what) + " of '" + unit + "' is outside the reach of " + who.user + " (unit '" + who.unit + "')",
      "unit"};
}

// A campaign's figures are for the leadership of its issuing unit and those above it (and their auditors).
std::optional<Failure> requireCampaignReach(store::EventLog& log, DirectoryView& directory,
                                            const domain::Principal& who, const std::string& campaignId) {
  domain::CampaignState state;
  auto page = log.readStream(domain::campaignStream(campaignId), 1, false, 1);
  if (!page.ok()) return Failure{errorCodeFor(page.error().code), page.error().message, {}};
  if (page->empty()) {
    return Failure{ErrorCode::NOT_FOUND, "campaign '" + campaignId + "' does not exist", "campaignId"};
  }
  domain::evolve(state, page->front().envelope());
  std::string issuer = state.campaign().getIssuer();
  return directory.read([&](const auto& dir) { return requireReach(dir, who, issuer, "campaign"); });
}

store::EventFilter byKeys(std::vector<std::string> keys) { return store::EventFilter{{}, std::move(keys)}; }

// The events about a unit's subtree, through the unit index — unless the subtree holds half the directory or
// more (a province's root): then one sequential pass over the whole log beats a random read per event behind a
// merge of that many cursors. Either way the projections keep only their unit's subtree (they check reach when
// they write), so the two reads give the same answer.
store::EventFilter bySubtree(const domain::Directory& dir, const std::string& unit) {
  auto units = subtree(dir, unit);
  if (units.size() * 2 >= dir.unitCount()) return {};
  return byKeys(std::move(units));
}

// The index keys whose events a target check needs: the campaign's (its dispatches, tagged facts) and those of
// every unit below an assignee (untagged facts, inspections by the assignee's units) — learnt from a first fold.
std::optional<Failure> targetKeys(store::EventLog& log, const domain::Directory& dir, const std::string& campaign,
                                  const std::string& unit, const Replay& replay, std::vector<std::string>& keys) {
  domain::projections::DispatchBook book(campaign);
  if (auto f = fold(log, byKeys({domain::campaignKey(campaign)}), replay, book)) return f;
  if (book.campaign(campaign) == nullptr) {
    return Failure{ErrorCode::NOT_FOUND, "campaign '" + campaign + "' does not exist", "campaignId"};
  }
  std::set<std::string> units{domain::campaignKey(campaign)};
  for (const auto& [id, d] : book.dispatches()) {
    if (!unit.empty() && !dir.isWithin(d.assignee, unit)) continue;
    for (auto& u : subtree(dir, d.assignee)) units.insert(std::move(u));
  }
  keys.assign(units.begin(), units.end());
  return std::nullopt;
}

// Each answer's own asOf states the recordedAt cut, whichever instant the projection measured against.
void stampAsOf(schema::Projection::Builder out, int64_t asOf) {
  auto answer = capnp::toDynamic(out);
  KJ_IF_MAYBE (member, answer.which()) {
    auto inner = answer.get(*member).as<capnp::DynamicStruct>();
    KJ_IF_MAYBE (field, inner.getSchema().findFieldByName("asOf")) {
      inner.set(*field, asOf);
    }
  }
}

std::optional<Failure> answer(store::EventLog& log, DirectoryView& directory, const domain::Principal& who,
                              schema::Query::Reader query, const Replay& replay, schema::Projection::Builder out) {
  const int64_t now = replay.now();
  auto body = query.getBody();
  switch (body.which()) {
    case schema::Query::Body::TASK_LIST: {
      std::string unit = body.getTaskList();
      return directory.read([&](const auto& dir) -> std::optional<Failure> {
        if (auto f = requireReach(dir, who, unit, "the task list")) return f;
        domain::projections::TaskList projection(unit, dir);
        if (auto f = fold(log, bySubtree(dir, unit), replay, projection)) return f;
        projection.write(out.initTaskList(), now);
        return std::nullopt;
      });
    }
    case schema::Query::Body::CAMPAIGN_PROGRESS: {
      std::string campaign = body.getCampaignProgress();
      if (auto f = requireCampaignReach(log, directory, who, campaign)) return f;
      domain::projections::CampaignProgress projection(campaign);
      if (auto f = fold(log, byKeys({domain::campaignKey(campaign)}), replay, projection)) return f;
      projection.write(out.initCampaignProgress(), now);
      return std::nullopt;
    }
    case schema::Query::Body::ESCALATION_BOARD: {
      auto board = body.getEscalationBoard();
      std::string campaign = board.getCampaignId();
      std::string unit = board.getUnit().size() > 0 ? std::string(board.getUnit().cStr()) : who.unit;
      return directory.read([&](const auto& dir) -> std::optional<Failure> {
        if (auto f = requireReach(dir, who, unit, "the escalation board")) return f;
        domain::projections::EscalationBoard projection(campaign, unit, dir);
        auto keys = campaign.empty() ? bySubtree(dir, unit) : byKeys({domain::campaignKey(campaign)});
        if (auto f = fold(log, keys, replay, projection)) return f;
        projection.write(out.initEscalationBoard(), now);
        return std::nullopt;
      });
    }
    case schema::Query::Body::DUTY_COMPLIANCE: {
      std::string campaign = body.getDutyCompliance();
      if (auto f = requireCampaignReach(log, directory, who, campaign)) return f;
      domain::projections::DutyCompliance projection(campaign);
      if (auto f = fold(log, byKeys({domain::campaignKey(campaign)}), replay, projection)) return f;
      projection.write(out.initDutyCompliance(), now);
      return std::nullopt;
    }
    case schema::Query::Body::HAZARD_LEDGER: {
      auto q = body.getHazardLedger();
      domain::projections::HazardLedgerFilter filter;
      filter.unit = q.getUnit().size() > 0 ? std::string(q.getUnit().cStr()) : who.unit;
      filter.campaign = q.getCampaignId();
      if (q.getFilterGrade()) filter.grade = q.getGrade();
      if (q.getFilterSource()) filter.source = q.getSource();
      filter.status = q.getStatus();
      filter.overdueOnly = q.getOverdueOnly();
      return directory.read([&](const auto& dir) -> std::optional<Failure> {
        if (auto f = requireReach(dir, who, filter.unit, "the hazard ledger")) return f;
        auto keys = bySubtree(dir, filter.unit);
        domain::projections::HazardLedger projection(std::move(filter), dir);
        if (auto f = fold(log, keys, replay, projection)) return f;
        projection.write(out.initHazardLedger(), now);
        return std::nullopt;
      });
    }
    case schema::Query::Body::DISPATCH_TABLE: {
      auto q = body.getDispatchTable();
      std::string unit = q.getUnit().size() > 0 ? std::string(q.getUnit().cStr()) : who.unit;
      std::string campaign = q.getCampaignId();
      return directory.read([&](const auto& dir) -> std::optional<Failure> {
        if (auto f = requireReach(dir, who, unit, "the dispatch table")) return f;
        domain::projections::DispatchTable projection(unit, q.getMonth(), campaign, dir);
        auto keys = bySubtree(dir, unit);
        if (!campaign.empty() && !keys.units.empty()) keys.units.push_back(domain::campaignKey(campaign));  // its start
        if (auto f = fold(log, keys, replay, projection)) return f;
        projection.write(out.initDispatchTable(), now);
        return std::nullopt;
      });
    }
    case schema::Query::Body::ENTERPRISE_PROFILE: {
      std::string enterprise = body.getEnterpriseProfile();
      bool ownUser = false;  // the enterprise's own users get no tip figures
      auto refused = directory.read([&](const auto& dir) -> std::optional<Failure> {
        if (auto f = requireReach(dir, who, enterprise, "the enterprise profile")) return f;
        ownUser = dir.isWithin(who.unit, enterprise);
        if (dir.unit(enterprise)->kind == schema::UnitKind::ENTERPRISE) return std::nullopt;
        return Failure{ErrorCode::BAD_REQUEST, "'" + enterprise + "' is not an enterprise: profiles are of enterprises",
                       "enterpriseProfile"};
      });
      if (refused) return refused;
      domain::projections::EnterpriseProfile projection(enterprise, !ownUser);
      if (auto f = fold(log, byKeys({enterprise}), replay, projection)) return f;
      projection.write(out.initEnterpriseProfile(), now);
      return std::nullopt;
    }
    case schema::Query::Body::TASK_TARGETS: {
      auto q = body.getTaskTargets();
      std::string campaign = q.getCampaignId();
      std::string unit = q.getUnit();
      // Without a unit the whole campaign is asked for: its issuer's leadership; with one, whoever reaches it.
      if (unit.empty()) {
        if (auto f = requireCampaignReach(log, directory, who, campaign)) return f;
      }
      return directory.read([&](const auto& dir) -> std::optional<Failure> {
        if (!unit.empty()) {
          if (auto f = requireReach(dir, who, unit, "the task targets")) return f;
        }
        std::vector<std::string> keys;
        if (auto f = targetKeys(log, dir, campaign, unit, replay, keys)) return f;
        domain::projections::TaskTargets projection(campaign, unit, dir);
        if (auto f = fold(log, byKeys(std::move(keys)), replay, projection)) return f;
        projection.write(out.initTaskTargets(), now);
        return std::nullopt;
      });
    }
    case schema::Query::Body::ACCOUNTABILITY_REVIEW: {
      ReviewRequest review(body.getAccountabilityReview());
      if (auto f = directory.read([&](const auto& dir) { return review.check(dir); })) return f;
      if (review.byCampaign()) {
        if (auto f = requireCampaignReach(log, directory, who, review.campaign())) return f;
      }
      return directory.read([&](const auto& dir) -> std::optional<Failure> {
        if (!review.byCampaign()) {
          if (auto f = requireReach(dir, who, review.unit(), "the accountability review")) return f;
        }
        auto projection = review.projection(dir);
        auto units = review.byCampaign() ? std::vector<std::string>{} : subtree(dir, review.unit());
        if (auto f = fold(log, review.filter(std::move(units)), replay, projection)) return f;
        projection.write(out.initAccountabilityReview(), now);
        return ReviewRequest::stampHashes(log, out.getAccountabilityReview());
      });
    }
  }
  return Failure{ErrorCode::BAD_REQUEST, "unknown query: the client is newer than this server", {}};
}

}  // namespace

std::optional<Failure> answerQuery(store::EventLog& log, DirectoryView& directory, const domain::Principal& who,
                                   schema::Query::Reader query, int64_t clockNow, schema::Projection::Builder out,
                                   ReplayMeter* meter) {
  ReplayMeter silent;
  const Replay replay{query.getAsOf() == 0 ? clockNow : query.getAsOf(), query.getValidAt(),
                      meter != nullptr ? *meter : silent};
  if (auto failure = answer(log, directory, who, query, replay, out)) return failure;
  if (replay.validAt != 0) stampAsOf(out, replay.asOf);
  out.setValidAt(replay.validAt);
  return std::nullopt;
}

}  // namespace qingling::server
