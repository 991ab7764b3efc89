// The agenda's pending jobs, cached per subject (see agenda.h): apply() marks what an event touched, the first
// question after it recomputes only those subjects, and the time index answers "due by t" and "next after t"
// without walking every campaign, dispatch, hazard and tip. The index holds each subject's first job only: one
// entry per subject however many steps or occurrences it owes, so folding a command costs one index insert.
#include <algorithm>

#include "domain/agenda.h"

namespace qingling::domain {

void Agenda::touchCampaign(const std::string& id) {
  if (allStale_) return;
  touch({true, schema::SubjectRef::DISPATCH, id});
  if (auto named = ofCampaign_.find(id); named != ofCampaign_.end()) {
    for (const SubjectKey& key : named->second) touch(key);
  }
}

void Agenda::dropDispatchJob(const std::string& campaignId, const std::string& dispatchId) {
  const SubjectKey key{true, schema::SubjectRef::DISPATCH, campaignId};
  if (allStale_ || stale_.count(key)) return;  // to be recomputed whole, and then without it
  auto pending = pending_.find(key);
  if (pending == pending_.end()) return;
  std::vector<JobOrder>& orders = pending->second;
  auto job =
      std::find_if(orders.begin(), orders.end(), [&](const JobOrder& o) { return std::get<2>(o) == dispatchId; });
  if (job == orders.end()) return;  // not one of its scheduled jobs (a delegated or late dispatch)
  if (job == orders.begin()) {
    byTime_.erase(orders.front());
    if (orders.size() > 1) byTime_.emplace(orders[1], key);
  }
  orders.erase(job);
  --owedCount_;
  if (orders.empty()) pending_.erase(pending);
}

std::vector<Job> Agenda::jobsOf(const SubjectKey& key, const Directory& dir) const {
  std::vector<Job> out;
  if (key.campaign) {
    if (auto c = campaigns_.find(key.id); c != campaigns_.end()) dispatchJobs(key.id, c->second, dir, out);
    return out;
  }
  for (const auto& w : watchesOf(key.kind, key.id)) escalationJobs(w, dir, out);
  return out;
}

void Agenda::refresh(const Directory& dir) const {
  if (dir.unitsGeneration() != unitsGeneration_) {
    allStale_ = true;
    unitsGeneration_ = dir.unitsGeneration();
  }
  if (allStale_) {
    pending_.clear();
    byTime_.clear();
    owedCount_ = 0;
    stale_.clear();
    for (const auto& [id, c] : campaigns_) stale_.insert({true, schema::SubjectRef::DISPATCH, id});
    for (const auto& [id, d] : dispatches_) stale_.insert({false, schema::SubjectRef::DISPATCH, id});
    for (const auto& [id, h] : hazards_) stale_.insert({false, schema::SubjectRef::HAZARD, id});
    for (const auto& [id, t] : tips_) stale_.insert({false, schema::SubjectRef::TIP, id});
    allStale_ = false;
  }
  for (const SubjectKey& key : stale_) {
    if (auto old = pending_.find(key); old != pending_.end()) {
      byTime_.erase(old->second.front());
      owedCount_ -= old->second.size();
      pending_.erase(old);
    }
    std::vector<JobOrder> orders;
    for (const Job& job : jobsOf(key, dir)) orders.emplace_back(job.at, job.kind, job.id);
    if (orders.empty()) continue;
    std::sort(orders.begin(), orders.end());
    owedCount_ += orders.size();
    byTime_.emplace(orders.front(), key);
    pending_.emplace(key, std::move(orders));
  }
  stale_.clear();
}

std::vector<Job> Agenda::dueUpTo(int64_t t, const Directory& dir) const {
  refresh(dir);
  // Every subject whose first job is due, computed once; their due jobs, merged into the order they run in.
  std::vector<Job> out;
  for (auto it = byTime_.begin(); it != byTime_.end() && std::get<0>(it->first) <= t; ++it) {
    for (Job& job : jobsOf(it->second, dir)) {
      if (job.at <= t) out.push_back(std::move(job));
    }
  }
  std::sort(out.begin(), out.end(), jobBefore);
  return out;
}

std::optional<int64_t> Agenda::nextAfter(int64_t t, const Directory& dir) const {
  refresh(dir);
  std::optional<int64_t> next;
  auto it = byTime_.begin();
  // Subjects with jobs due and not yet run may also hold the next one after t.
  for (; it != byTime_.end() && std::get<0>(it->first) <= t; ++it) {
    const std::vector<JobOrder>& orders = pending_.at(it->second);
    auto later =
        std::partition_point(orders.begin(), orders.end(), [t](const JobOrder& o) { return std::get<0>(o) <= t; });
    if (later != orders.end() && (!next || std::get<0>(*later) < *next)) next = std::get<0>(*later);
  }
  if (it != byTime_.end() && (!next || std::get<0>(it->first) < *next)) next = std::get<0>(it->first);
  return next;
}

size_t Agenda::owed(const Directory& dir) const {
  refresh(dir);
  return owedCount_;
}

}  // namespace qingling::domain
