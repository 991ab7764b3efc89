// The agenda's dispatch jobs and its queries (see agenda.h for the rules; agenda_fold.cc folds the log into it,
// agenda_watch.cc holds the watched deadlines and their escalation steps).
#include "domain/agenda.h"

#include <algorithm>
#include <tuple>

#include "domain/local_date.h"
#include "domain/occurrences.h"

namespace qingling::domain {

std::string Job::streamId() const {
  if (kind == JobKind::dispatch) return dispatchStream(id);
  return "escalation-" + escalationKey(subjectKind, subject, round) + "-" + std::to_string(step);
}

bool jobBefore(const Job& a, const Job& b) { return std::tie(a.at, a.kind, a.id) < std::tie(b.at, b.kind, b.id); }

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

std::vector<Job> Agenda::escalationsOf(const std::string& dispatchId, const Directory& dir) const {
  return escalationsOf(schema::SubjectRef::DISPATCH, dispatchId, dir);
}

std::vector<Job> Agenda::escalationsOf(schema::SubjectRef::Which kind, const std::string& subject,
                                       const Directory& dir) const {
  std::vector<Job> out;
  for (const auto& w : watchesOf(kind, subject)) escalationJobs(w, dir, out);
  std::sort(out.begin(), out.end(), jobBefore);
  return out;
}

bool Agenda::stillDue(const Job& job) const {
  if (job.kind == JobKind::dispatch) return !dispatches_.count(job.id);
  for (const auto& w : watchesOf(job.subjectKind, job.subject)) {
    if (w.round != job.round) continue;
    auto at = stepAt(w, job.step);
    return at && *at <= job.at;
  }
  return false;
}

}  // namespace qingling::domain
