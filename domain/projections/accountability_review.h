// Accountability review (追责问责, DOMAIN.md, Reports and projections): findings about a campaign, a unit subtree or
// an enterprise, each with the events that prove it, owed by a responsible unit and its covering leader (包联).
//
// Finding rules (as of asOf; instants are recordedAt — what the system knew when — unless said otherwise):
// - lateAcknowledgement / lateCompletion: a dispatch with a deadline acknowledged (first 签收) or completed (the
//   standing 办结; a return 退回 withdraws it) after its deadline (an approved extension moves it). Responsible: the
//   assignee. Evidence: taskDispatched and the late act.
// - overdueDispatch: a dispatch with a deadline not completed or accepted by asOf, past it. Evidence: taskDispatched
//   (and the acknowledgement, if any).
// - escalationIgnored: an escalation never acknowledged while the work it is about (a dispatch completed, a hazard
//   rectified/verified/closed, a tip verified) stands undone by asOf, or was done only after a later step about the
//   same subject had been raised. Responsible: its addressee. Evidence: the step and that later step.
// - hazardOverdue: a hazard's rectification deadline (the latest stated: recorded, planned, listed or extended)
//   passed before its standing verification or closure, or it stands unresolved past it. Responsible: the
//   enterprise. Evidence: hazardRecorded, the event that set the deadline, the resolution.
// - verificationFailed: hazardVerified or resumptionReviewed with passed = false. Responsible: the enterprise.
// - hazardReopened: hazardReopened; evidence includes the resolution it undid. Responsible: the enterprise.
// - backdated: an event of a person (not the scheduler, not an admin) whose occurredAt precedes its recordedAt by
//   more than the threshold. Responsible: the actor's unit.
// - missedHazard (应发现未发现): a hazard whose stated occurrence (occurredAt of hazardRecorded) is no later than an
//   inspection of the same enterprise that occurred before the hazard was recorded, was itself recorded before it,
//   covered the hazard's category (its categories list it, or list none = all) and found no hazard of that
//   category. Responsible: the inspecting unit. Evidence: the inspection and the hazard.
// The covering leader is the holder of the first duty of the finding's campaign covering the responsible unit or
// its nearest ancestor (domain/escalation_ladder.h); empty without a campaign or a covering duty.
//
// Scope: campaign C keeps findings whose campaign is C; unit U those whose responsible unit or the unit they are
// about (assignee, enterprise) lies within U; enterprise E those about E or owed by E.
//
// Contract: `apply` takes events in global position order, cut at asOf by the caller; `directory` must outlive
// this. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <capnp/message.h>

#include "domain/directory.h"
#include "domain/projections/dispatch_state.h"
#include "domain/projections/hazard_book.h"
#include "domain/projections/review_evidence.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

struct ReviewScope {
  std::string campaign, unit, enterprise;  // exactly one is set
  int64_t backdatedThreshold = 0;          // microseconds; 0 = P3D
};

struct Finding {
  schema::FindingKind kind = schema::FindingKind::LATE_ACKNOWLEDGEMENT;
  std::string subject, campaign;
  std::string about;  // the unit the finding concerns: assignee, enterprise; scope filters on it
  std::string responsible, coveringLeader;
  int64_t at = 0, dueAt = 0, lateBy = 0;  // microseconds
  std::string description;
  std::vector<Evidence> evidence;  // by position
};

class AccountabilityReview {
 public:
  AccountabilityReview(ReviewScope scope, const Directory& directory);

  void apply(schema::EventEnvelope::Reader event);
  // The findings in scope, by responsible unit, kind, subject and first evidence position.
  std::vector<Finding> findings(int64_t asOf) const;
  void write(schema::AccountabilityReview::Builder out, int64_t asOf) const;

  int64_t backdatedThreshold() const { return scope_.backdatedThreshold; }

 private:
  struct DispatchTrail {
    std::optional<Evidence> dispatched, acknowledged, completed;
  };
  struct HazardTrail {
    Evidence recorded;
    std::optional<Evidence> deadlineSet, resolved;  // resolved: the standing verification or closure
    int64_t workDoneAt = 0;                         // rectified, verified or closed since then; 0 = not
  };
  struct Inspection {
    Evidence recorded;
    std::string id, enterprise, unit, campaign;
    std::vector<std::string> categories, hazards;
  };
  struct Raised {
    Evidence raised;
    std::string id, subject, campaign, addressee;
    schema::SubjectRef::Which kind = schema::SubjectRef::DISPATCH;
    int64_t dueAt = 0;
    bool acknowledged = false;
  };

  // review_events.cc: the fold.
  void dispatchEvent(schema::EventEnvelope::Reader event, const Evidence& evidence);
  void hazardEvent(schema::EventEnvelope::Reader event, const Evidence& evidence);
  void otherEvent(schema::EventEnvelope::Reader event, const Evidence& evidence);
  void backdated(schema::EventEnvelope::Reader event, const Evidence& evidence);

  // review_dispatch.cc, review_hazard.cc: findings from the folded state.
  void dispatchFindings(int64_t asOf, std::vector<Finding>& out) const;
  void escalationFindings(int64_t asOf, std::vector<Finding>& out) const;
  void hazardFindings(int64_t asOf, std::vector<Finding>& out) const;
  void missedFindings(std::vector<Finding>& out) const;
  int64_t workDoneAt(const Raised& r) const;  // 0 = not done

  std::string aboutOf(const std::string& hazardOrDispatch) const;
  bool inScope(const Finding& f) const;
  std::string coveringLeaderOf(const Finding& f) const;

  ReviewScope scope_;
  const Directory& directory_;
  DispatchBook dispatches_;
  HazardBook hazards_;
  std::map<std::string, DispatchTrail> dispatchTrails_;
  std::map<std::string, HazardTrail> hazardTrails_;
  std::vector<Inspection> inspections_;
  std::map<std::string, Raised> escalations_;  // by escalation id
  std::map<std::string, int64_t> tipsVerified_;
  std::map<std::string, std::unique_ptr<capnp::MallocMessageBuilder>> campaigns_;  // Campaign roots, for 包联
  std::vector<Finding> eventFindings_;  // found as events arrive: failed verifications, reopenings, back-dating
};

}  // namespace qingling::domain::projections
