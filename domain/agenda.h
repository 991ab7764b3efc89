// The agenda: every dispatch and every escalation step the scheduler owes, computed from the log (DOMAIN.md,
// Tasks and dispatch; Escalation). Pure: the server's scheduler (server/scheduler.h) folds events into it, asks
// which jobs are due up to an instant, and appends what decideJob() yields, stamped at each job's own instant.
//
// Dispatch jobs: an issued campaign's task opens when the campaign is issued (a task without phase) or when its
// phase starts; it then yields one job per occurrence (domain/occurrences.h over the phase's planned span, else
// the campaign's) and recipient (the assignees' Directory::recipients), at max(open instant, start of the
// occurrence's period). A closed phase or campaign yields only the jobs whose time came by its close. A unit
// receives an occurrence only if it held its place in the tree by the job's time: members registered later
// join from the next occurrence on.
//
// Escalation jobs: for each dispatch with a deadline that is not completed or accepted, each step of the
// campaign's ladder (domain/escalation_ladder.h) at deadline + step.after — never before the dispatch itself fell
// due. A step already raised is never due again; a step skipped while the dispatch was completed falls due as
// soon as the dispatch is returned. A closed campaign owes only the steps that fell due by its close.
//
// Ids are deterministic, so two schedulers (or one after a crash) compute the same jobs and the store's
// noStream expectation lets only one of them through.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "domain/campaign.h"
#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/dispatch.h"
#include "domain/escalation_ladder.h"
#include "schemas/events.capnp.h"

namespace qingling::domain {

enum class JobKind { dispatch, escalation };  // in this order when two jobs fall due at the same instant

struct Job {
  JobKind kind = JobKind::dispatch;
  int64_t at = 0;  // the instant the job falls due; its events are recorded then
  std::string id;  // dispatch id, or escalation id "<dispatchId>#<step>"
  std::string campaignId;
  std::string issuer;  // the campaign's issuing unit: reviewer of its dispatches

  // A dispatch job: one occurrence of a task for one recipient.
  std::string taskKey;
  std::string title;
  std::string recipient;
  uint32_t occurrence = 0;  // 1-based
  std::string periodStart;  // empty for a continuous task
  std::string periodEnd;
  int64_t dueAt = 0;                                      // the deadline; 0 = continuous
  std::vector<std::pair<std::string, uint32_t>> targets;  // metric, atLeast

  // An escalation job: one step of the ladder for one dispatch.
  std::string dispatchId;
  std::string assignee;
  uint32_t step = 0;  // index in the ladder
  schema::EscalationAction action = schema::EscalationAction::REMIND;
  std::string addressee;

  std::string streamId() const;  // the stream its event opens
};

// Orders by (at, kind, id): the order the scheduler runs jobs in.
bool jobBefore(const Job& a, const Job& b);

class Agenda {
 public:
  // Folds one event; events of other types are ignored.
  void apply(schema::EventEnvelope::Reader event);
  // The event types apply() needs, for reading them through the log's type index.
  static std::vector<uint16_t> eventTypes();

  // Every job with at <= t not yet done, ordered by jobBefore.
  std::vector<Job> dueUpTo(int64_t t, const Directory& dir) const;
  // The earliest instant after t at which a job falls due, if any.
  std::optional<int64_t> nextAfter(int64_t t, const Directory& dir) const;
  // The escalation steps of one dispatch not yet raised (any time), ordered by jobBefore.
  std::vector<Job> escalationsOf(const std::string& dispatchId, const Directory& dir) const;
  // False once the job is done (dispatched, raised) or moot (the dispatch completed, the campaign closed).
  bool stillDue(const Job& job) const;

  size_t dispatchCount() const { return dispatches_.size(); }

 private:
  struct CampaignEntry {
    CampaignState state;
    int64_t closedAt = 0;
  };
  struct DispatchEntry {
    DispatchState state;
    // occurredAt of taskDispatched: the instant the job was due even if it ran late (a server down for days
    // dispatches with late stamps, but its steps keep their own instants), else recordedAt.
    int64_t dispatchedAt = 0;
    // recordedAt of the latest return (退回): a step skipped while the work stood completed falls due then.
    int64_t returnedAt = 0;
  };
  struct Placement {
    std::string parent;
    int64_t since = 0;  // recordedAt of the registration or of the amendment that moved it
  };

  void dispatchJobs(const std::string& id, const CampaignEntry& c, const Directory& dir, std::vector<Job>& out) const;
  void escalationJobs(const DispatchEntry& d, const Directory& dir, std::vector<Job>& out) const;
  bool placedBy(const std::string& recipient, const std::string& assignee, int64_t at) const;
  std::vector<Job> allPending(const Directory& dir) const;

  std::map<std::string, CampaignEntry> campaigns_;
  std::map<std::string, DispatchEntry> dispatches_;
  std::set<std::pair<std::string, uint32_t>> raised_;  // (dispatch id, step)
  std::map<std::string, Placement> placements_;
};

// The events of a job: a dispatch job opens "dispatch-<id>" with taskDispatched, an escalation job opens
// "escalation-<dispatchId>-<step>" with escalationRaised (both expect noStream, so neither can happen twice).
// `late`: the job runs past its instant (the server was down or stalled).
Emitted decideJob(const Job& job, bool late);

}  // namespace qingling::domain
