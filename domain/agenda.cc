// The agenda's fold and its jobs (see agenda.h for the rules).
#include "domain/agenda.h"

#include <algorithm>
#include <tuple>

#include "domain/campaign_keys.h"
#include "domain/local_date.h"
#include "domain/occurrences.h"

namespace qingling::domain {
namespace {

using W = schema::Event::Which;
std::optional<std::string> campaignIdOf(schema::Event::Reader p) {
  switch (p.which()) {
    case W::CAMPAIGN_DRAFTED:
      return std::string(p.getCampaignDrafted().getCampaign().getId());
    case W::CAMPAIGN_ISSUED:
      return std::string(p.getCampaignIssued().getCampaignId());
    case W::PHASE_STARTED:
      return std::string(p.getPhaseStarted().getCampaignId());
    case W::PHASE_CLOSED:
      return std::string(p.getPhaseClosed().getCampaignId());
    case W::CAMPAIGN_CLOSED:
      return std::string(p.getCampaignClosed().getCampaignId());
    case W::TASK_ADDED:
      return std::string(p.getTaskAdded().getCampaignId());
    default:
      return std::nullopt;
  }
}

std::optional<std::string> dispatchIdOf(schema::Event::Reader p) {
  switch (p.which()) {
    case W::TASK_DISPATCHED:
      return std::string(p.getTaskDispatched().getDispatchId());
    case W::DISPATCH_COMPLETED:
      return std::string(p.getDispatchCompleted().getDispatchId());
    case W::DISPATCH_ACCEPTED:
      return std::string(p.getDispatchAccepted().getDispatchId());
    case W::DISPATCH_RETURNED:
      return std::string(p.getDispatchReturned().getDispatchId());
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string Job::streamId() const {
  if (kind == JobKind::dispatch) return dispatchStream(id);
  return "escalation-" + dispatchId + "-" + std::to_string(step);
}

bool jobBefore(const Job& a, const Job& b) { return std::tie(a.at, a.kind, a.id) < std::tie(b.at, b.kind, b.id); }

void Agenda::apply(schema::EventEnvelope::Reader event) {
  auto payload = event.getPayload();
  const int64_t at = event.getRecordedAt();
  if (auto id = campaignIdOf(payload)) {
    CampaignEntry& c = campaigns_[*id];
    evolve(c.state, event);
    if (payload.isCampaignClosed()) c.closedAt = at;
  } else if (auto dispatchId = dispatchIdOf(payload)) {
    DispatchEntry& d = dispatches_[*dispatchId];
    // Only taskDispatched and the events that make done() true or false again are folded: status is exact as
    // far as done() goes, version is not.
    evolve(d.state, event);
    if (payload.isTaskDispatched()) d.dispatchedAt = event.getOccurredAt() != 0 ? event.getOccurredAt() : at;
    if (payload.isDispatchReturned()) d.returnedAt = at;
  } else if (payload.isEscalationRaised()) {
    auto e = payload.getEscalationRaised();
    if (!e.getManual() && e.getSubject().isDispatch()) raised_.emplace(e.getSubject().getDispatch(), e.getStep());
  } else if (payload.isUnitRegistered()) {
    auto unit = payload.getUnitRegistered().getUnit();
    placements_[unit.getId()] = Placement{unit.getParent(), at};
  } else if (payload.isUnitAmended()) {
    auto amended = payload.getUnitAmended();
    Placement& p = placements_[amended.getUnitId()];
    if (amended.getParent().size() != 0 && p.parent != amended.getParent().cStr()) {
      p = Placement{amended.getParent(), at};
    }
  }
}

std::vector<uint16_t> Agenda::eventTypes() {
  std::vector<W> types = {W::CAMPAIGN_DRAFTED,  W::CAMPAIGN_ISSUED,   W::PHASE_STARTED,     W::PHASE_CLOSED,
                          W::CAMPAIGN_CLOSED,   W::TASK_ADDED,        W::TASK_DISPATCHED,   W::DISPATCH_COMPLETED,
                          W::DISPATCH_ACCEPTED, W::DISPATCH_RETURNED, W::ESCALATION_RAISED, W::UNIT_REGISTERED,
                          W::UNIT_AMENDED};
  std::vector<uint16_t> out;
  for (auto t : types) out.push_back(static_cast<uint16_t>(t));
  return out;
}

bool Agenda::placedBy(const std::string& recipient, const std::string& assignee, int64_t at) const {
  std::string current = recipient;
  for (size_t depth = 0; depth <= placements_.size() && !current.empty(); ++depth) {
    auto it = placements_.find(current);
    if (it == placements_.end()) return true;  // not registered through the log we folded: nothing to hold against it
    if (it->second.since > at) return false;
    if (current == assignee) return true;
    current = it->second.parent;
  }
  return true;
}

void Agenda::dispatchJobs(const std::string& id, const CampaignEntry& c, const Directory& dir,
                          std::vector<Job>& out) const {
  const CampaignState& s = c.state;
  if (s.issuedAt == 0 || (s.status != CampaignStatus::issued && s.status != CampaignStatus::closed)) return;
  auto campaign = s.campaign();
  const int32_t tz = s.timezoneOffset();
  const std::string issuer = campaign.getIssuer();
  for (auto task : s.tasks()) {
    auto spanStart = LocalDate::parse(campaign.getStart().cStr());
    auto spanEnd = LocalDate::parse(campaign.getEnd().cStr());
    int64_t open = s.issuedAt, close = c.closedAt;  // close 0 = still open
    std::string phaseKey = task.getPhase();
    if (!phaseKey.empty()) {
      auto phase = s.phases.find(phaseKey);
      if (phase == s.phases.end() || phase->second.status == PhaseStatus::pending) continue;
      open = phase->second.startedAt;
      if (phase->second.status == PhaseStatus::closed) {
        close = close == 0 ? phase->second.closedAt : std::min(close, phase->second.closedAt);
      }
      for (auto planned : campaign.getPhases()) {
        if (planned.getKey() != phaseKey) continue;
        spanStart = LocalDate::parse(planned.getStart().cStr());
        spanEnd = LocalDate::parse(planned.getEnd().cStr());
      }
    }
    if (!spanStart || !spanEnd) continue;
    const std::string taskKey = task.getKey();
    const bool continuous = task.getDue().isContinuous();
    for (const auto& occurrence : occurrences(task.getDue(), *spanStart, *spanEnd)) {
      const int64_t at = std::max(open, startOfLocalDay(occurrence.periodStart, tz));
      if (close != 0 && at > close) continue;  // the jobs that fell due by the close still run
      std::set<std::string> seen;              // a unit named twice (directly and through a group) gets one dispatch
      for (auto assignee : task.getAssignees()) {
        for (const auto& recipient : dir.recipients(assignee)) {
          if (!seen.insert(recipient).second || !placedBy(recipient, assignee, at)) continue;
          std::string dispatchId = id + "." + taskKey + "." + recipient + "." + std::to_string(occurrence.index);
          if (dispatches_.count(dispatchId)) continue;
          Job job;
          job.kind = JobKind::dispatch;
          job.at = at;
          job.id = std::move(dispatchId);
          job.campaignId = id;
          job.issuer = issuer;
          job.taskKey = taskKey;
          job.title = task.getTitle();
          job.recipient = recipient;
          job.occurrence = occurrence.index;
          job.periodStart = continuous ? "" : occurrence.periodStart.str();
          job.periodEnd = occurrence.periodEnd.str();
          job.dueAt = occurrence.due ? endOfLocalDay(*occurrence.due, tz) : 0;
          for (auto target : task.getTargets()) job.targets.emplace_back(target.getMetric(), target.getAtLeast());
          out.push_back(std::move(job));
        }
      }
    }
  }
}

void Agenda::escalationJobs(const DispatchEntry& d, const Directory& dir, std::vector<Job>& out) const {
  const DispatchState& ds = d.state;
  if (ds.dueAt == 0 || ds.done() || ds.id.empty()) return;
  auto c = campaigns_.find(ds.campaignId);
  if (c == campaigns_.end() || c->second.state.status == CampaignStatus::none) return;
  auto campaign = c->second.state.campaign();
  auto steps = ladderOf(campaign);
  for (uint32_t i = 0; i < steps.size(); ++i) {
    if (!steps[i].after || raised_.count({ds.id, i})) continue;
    // A step never precedes its dispatch (a phase started late): it falls due when the dispatch was due. A step
    // not raised whose instant precedes the latest return was skipped while the work stood completed: it falls
    // due at the return.
    const int64_t at = std::max({ds.dueAt + *steps[i].after, d.dispatchedAt, d.returnedAt});
    if (c->second.closedAt != 0 && at > c->second.closedAt) continue;
    Job job;
    job.kind = JobKind::escalation;
    job.at = at;
    job.id = ds.id + "#" + std::to_string(i);
    job.campaignId = ds.campaignId;
    job.issuer = campaign.getIssuer();
    job.taskKey = ds.taskKey;
    job.dueAt = ds.dueAt;
    job.dispatchId = ds.id;
    job.assignee = ds.assignee;
    job.step = i;
    job.action = steps[i].action;
    job.addressee = addresseeOf(steps[i].to, ds.assignee, campaign, dir);
    out.push_back(std::move(job));
  }
}

std::vector<Job> Agenda::allPending(const Directory& dir) const {
  std::vector<Job> out;
  for (const auto& [id, c] : campaigns_) dispatchJobs(id, c, dir, out);
  for (const auto& [id, d] : dispatches_) escalationJobs(d, dir, out);
  return out;
}

std::vector<Job> Agenda::dueUpTo(int64_t t, const Directory& dir) const {
  std::vector<Job> out = allPending(dir);
  std::erase_if(out, [t](const Job& job) { return job.at > t; });
  std::sort(out.begin(), out.end(), jobBefore);
  return out;
}

std::optional<int64_t> Agenda::nextAfter(int64_t t, const Directory& dir) const {
  std::optional<int64_t> next;
  for (const auto& job : allPending(dir)) {
    if (job.at > t && (!next || job.at < *next)) next = job.at;
  }
  return next;
}

std::vector<Job> Agenda::escalationsOf(const std::string& dispatchId, const Directory& dir) const {
  std::vector<Job> out;
  auto it = dispatches_.find(dispatchId);
  if (it != dispatches_.end()) escalationJobs(it->second, dir, out);
  std::sort(out.begin(), out.end(), jobBefore);
  return out;
}

bool Agenda::stillDue(const Job& job) const {
  if (job.kind == JobKind::dispatch) return !dispatches_.count(job.id);
  auto d = dispatches_.find(job.dispatchId);
  if (d == dispatches_.end() || d->second.state.done() || raised_.count({job.dispatchId, job.step})) return false;
  auto c = campaigns_.find(job.campaignId);
  return c != campaigns_.end() && (c->second.closedAt == 0 || job.at <= c->second.closedAt);
}

}  // namespace qingling::domain
