// The agenda: every dispatch and every escalation step the scheduler owes, computed from the log (DOMAIN.md,
// Tasks and dispatch; Hazards; Escalation). Pure: the server's scheduler (server/scheduler.h) folds events into it,
// asks which jobs are due up to an instant, and appends what decideJob() yields, stamped at each job's own instant.
//
// Dispatch jobs: an issued campaign's task opens when the campaign is issued (a task without phase) or when its
// phase starts; it then yields one job per occurrence (domain/occurrences.h over the phase's planned span, else
// the campaign's) and recipient (the assignees' Directory::recipients), at max(open instant, start of the
// occurrence's period). A closed phase or campaign yields only the jobs whose time came by its close. A unit
// receives an occurrence only if it held its place in the tree by the job's time: members registered later
// join from the next occurrence on.
//
// Escalation jobs: every watched deadline gets the steps of a ladder (domain/escalation_ladder.h), step i at
// deadline + step.after — never before the watch began, and a step skipped while the work stood done falls due
// as soon as the work is undone. A step already raised is never due again; a deadline moved (an extension, a new
// rectification plan) moves the steps not yet raised. The watched deadlines:
// - a dispatch with a deadline, not completed or accepted: its campaign's ladder; it begins when the dispatch was
//   due; a return (退回) undoes the work. A closed campaign owes only the steps that fell due by its close.
// - a hazard's rectification deadline (HazardState.deadlineAt, folded by evolve(HazardState&)) while it is not
//   rectified, verified or closed: the ladder of the campaign it names, else the default one; it begins when the
//   hazard was recorded; a failed verification or a reopening undoes the work. A hazard outlives its campaign:
//   the campaign's close does not end its steps. No deadline, or an enterprise the directory does not hold: none.
// - each listing (挂牌督办) starts a fresh round of the same ladder against the listing deadline, beginning at the
//   listing; the round before it owes only the steps that fell due by the listing (the authority's deadline
//   supersedes the enterprise's own).
// - a tip's verification deadline (TipState.verifyBy) until it is verified: the default ladder, from receipt.
// Addressees: a dispatch's steps as escalation_ladder.h says for its assignee. A hazard's assignee is its
// enterprise, and its issuer is the campaign's issuer when it names a known campaign, else its listing authority
// (kept after delisting), else the unit that found it. A tip's are the receiving unit's (tipAddresseeOf).
//
// Ids are deterministic, so two schedulers (or one after a crash) compute the same jobs and the store's
// noStream expectation lets only one of them through. An escalation's key names its deadline:
//   dispatch                  "<dispatchId>"             e.g. "cmp.T1.town-a.2", "cmp.T1.town.1/ent"
//   hazard, rectification     "hazard:<hazardId>"
//   hazard, n-th listing      "hazard-listed:<hazardId>" (n = 1), "hazard-listed<n>:<hazardId>" (n > 1)
//   tip, verification         "tip:<tipId>"
// Its id is "<key>#<step>" and its stream "escalation-<key>-<step>". Campaign ids hold no ':' (a-z 0-9 -), so a
// dispatch key never holds ':' before its first '.', while the other keys hold ':' right after a tag without '.':
// no two kinds share a key. Within a kind the tag ends at the first ':' and the step starts after the last '-'
// (digits only), so a hazard or tip id may hold any character without two keys meeting.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/campaign.h"
#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/dispatch.h"
#include "domain/escalation_ladder.h"
#include "domain/hazard.h"
#include "domain/tip.h"
#include "schemas/events.capnp.h"

namespace qingling::domain {

enum class JobKind { dispatch, escalation };  // in this order when two jobs fall due at the same instant

struct Job {
  JobKind kind = JobKind::dispatch;
  int64_t at = 0;  // the instant the job falls due; its events are recorded then
  std::string id;  // dispatch id, or escalation id "<key>#<step>"
  std::string campaignId;
  std::string issuer;  // dispatch: the campaign's issuing unit, reviewer of its dispatches; escalation: the
                       // unit the scheduler acts for (the ladder's issuer, a tip's receiving unit)

  // A dispatch job: one occurrence of a task for one recipient.
  std::string taskKey;
  std::string title;
  std::string recipient;
  uint32_t occurrence = 0;  // 1-based
  std::string periodStart;  // empty for a continuous task
  std::string periodEnd;
  int64_t dueAt = 0;                                      // the deadline; 0 = continuous
  std::vector<std::pair<std::string, uint32_t>> targets;  // metric, atLeast

  // An escalation job: one step of the ladder against one deadline of a subject.
  schema::SubjectRef::Which subjectKind = schema::SubjectRef::DISPATCH;
  std::string subject;  // the dispatch, hazard or tip id
  uint32_t round = 0;   // hazards: 0 = the rectification deadline, n = the n-th listing's deadline
  std::string assignee;
  uint32_t step = 0;  // index in the ladder
  schema::EscalationAction action = schema::EscalationAction::REMIND;
  std::string addressee;

  std::string streamId() const;  // the stream its event opens
};

// The key of an escalation's deadline (see the file comment): ids "<key>#<step>", streams "escalation-<key>-<step>".
std::string escalationKey(schema::SubjectRef::Which kind, const std::string& subject, uint32_t round);

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
  // The same for a hazard (every round still owing steps) or a tip.
  std::vector<Job> escalationsOf(schema::SubjectRef::Which kind, const std::string& subject,
                                 const Directory& dir) const;
  // False once the job is done (dispatched, raised), moot (the work done, the campaign closed, the round
  // superseded) or moved later (its deadline extended).
  bool stillDue(const Job& job) const;

  size_t dispatchCount() const { return dispatches_.size(); }
  // How many jobs are owed, due or not: what the scheduler keeps indexed by time.
  size_t owed(const Directory& dir) const;

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
  // A hazard round superseded by a listing: its deadline as it stood then.
  struct SupersededRound {
    int64_t openedAt = 0;
    int64_t deadlineAt = 0;
    int64_t closedAt = 0;  // recordedAt of the listing
  };
  struct HazardEntry {
    HazardState state;  // every hazard event folded by evolve(HazardState&)
    std::string foundBy;
    int64_t roundOpenedAt = 0;                // recordedAt of hazardRecorded, then of the latest listing
    int64_t resumedAt = 0;                    // recordedAt of the latest fall back from rectified/verified/closed
    std::vector<SupersededRound> superseded;  // round i, for i < superseded.size(); the current round is next
  };
  struct TipEntry {
    TipState state;
    std::string receivedBy;  // the unit of the user who received it (tipReceived's actor)
    int64_t receivedAt = 0;
  };
  struct Placement {
    std::string parent;
    int64_t since = 0;  // recordedAt of the registration or of the amendment that moved it
  };
  // One watched deadline and what its steps need (see the file comment).
  struct Watch {
    schema::SubjectRef::Which kind = schema::SubjectRef::DISPATCH;
    std::string subject;
    uint32_t round = 0;
    int64_t deadlineAt = 0;
    int64_t notBefore = 0;  // no step falls due earlier: the watch's start, the latest undoing of the work
    int64_t until = 0;      // 0 = open; else only the steps due by then are owed
    std::vector<LadderStep> ladder;
    std::string campaignId;
    std::string taskKey;
    Answerable who;
    bool tip = false;  // addressed by tipAddresseeOf
  };

  // agenda_fold.cc: the fold.
  void foldHazard(HazardEntry& h, schema::EventEnvelope::Reader event);
  // agenda.cc: dispatch jobs.
  void dispatchJobs(const std::string& id, const CampaignEntry& c, const Directory& dir, std::vector<Job>& out) const;
  bool placedBy(const std::string& recipient, const std::string& assignee, int64_t at) const;

  // agenda_pending.cc: the pending jobs, kept per subject so that a fold recomputes only what it touched — a
  // command about one hazard costs one hazard's steps, not the whole agenda's. A subject is a campaign (its
  // dispatch jobs) or a dispatch, hazard or tip (its escalation steps).
  struct SubjectKey {
    bool campaign = false;
    schema::SubjectRef::Which kind = schema::SubjectRef::DISPATCH;
    std::string id;
    auto operator<=>(const SubjectKey&) const = default;
  };
  using JobOrder = std::tuple<int64_t, JobKind, std::string>;  // jobBefore's order; ids are unique
  void touch(SubjectKey key) {
    if (!allStale_) stale_.insert(std::move(key));  // all stale (a first fold): everything is recomputed anyway
  }
  // A campaign's change reaches its dispatch jobs and the ladders of its dispatches and of the hazards naming it.
  void touchCampaign(const std::string& id);
  // A dispatch made takes its one job off its campaign's pending jobs; the campaign's other jobs stay as they
  // were (recomputing a campaign's jobs at each of the hundreds of dispatches of a midnight run is quadratic).
  void dropDispatchJob(const std::string& campaignId, const std::string& dispatchId);
  // A unit's change reaches every recipient and addressee: all is stale.
  void touchAll() { allStale_ = true; }
  std::vector<Job> jobsOf(const SubjectKey& key, const Directory& dir) const;
  void refresh(const Directory& dir) const;  // brings the cache up to what was folded and to `dir`'s units

  // agenda_watch.cc: the watched deadlines and their steps.
  // Rectified, verified or closed: the hazard owes no step while it stands so.
  static bool hazardWorkDone(const HazardState& h);
  const CampaignState* campaignOf(const std::string& id) const;
  void dispatchWatch(const DispatchEntry& d, std::vector<Watch>& out) const;
  void hazardWatches(const HazardEntry& h, std::vector<Watch>& out) const;
  void tipWatch(const TipEntry& t, std::vector<Watch>& out) const;
  std::vector<Watch> watchesOf(schema::SubjectRef::Which kind, const std::string& subject) const;
  std::optional<int64_t> stepAt(const Watch& w, uint32_t step) const;  // nullopt: raised, unreadable or not owed
  void escalationJobs(const Watch& w, const Directory& dir, std::vector<Job>& out) const;

  std::map<std::string, CampaignEntry> campaigns_;
  std::map<std::string, DispatchEntry> dispatches_;
  std::map<std::string, HazardEntry> hazards_;
  std::map<std::string, TipEntry> tips_;
  std::set<std::string> raised_;  // escalation ids raised by the scheduler (manual ones are not steps)
  std::map<std::string, Placement> placements_;

  // The cache (mutable: a pure function of the fold and the directory, computed when first asked for).
  // Only each job's order is kept, not the job: a province owes hundreds of thousands of steps, and a Job is a
  // kilobyte of strings. The few jobs a run takes are recomputed from their subjects.
  mutable std::map<SubjectKey, std::vector<JobOrder>> pending_;  // each sorted; no empty vector
  mutable std::map<JobOrder, SubjectKey> byTime_;                // each subject's first job of pending_
  mutable size_t owedCount_ = 0;                                 // the jobs of pending_
  mutable std::set<SubjectKey> stale_;
  std::map<std::string, std::vector<SubjectKey>> ofCampaign_;  // the dispatches and hazards naming each campaign
  mutable bool allStale_ = true;
  mutable uint64_t unitsGeneration_ = 0;  // the directory's, when pending_ was computed
};

// The events of a job: a dispatch job opens "dispatch-<id>" with taskDispatched, an escalation job opens
// "escalation-<key>-<step>" with escalationRaised (both expect noStream, so neither can happen twice).
// `late`: the job runs past its instant (the server was down or stalled).
Emitted decideJob(const Job& job, bool late);

}  // namespace qingling::domain
