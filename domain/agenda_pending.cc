// The agenda's pending jobs, cached per subject (see agenda.h): apply() marks what an event touched, the first
// question after it recomputes only those subjects, and the time index answers "due by t" and "next after t"
// without walking every campaign, dispatch, hazard and tip.
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
  byTime_.erase(*job);
  orders.erase(job);
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
  auto orderOf = [](const Job& job) { return JobOrder{job.at, job.kind, job.id}; };
  if (dir.unitsGeneration() != unitsGeneration_) {
    allStale_ = true;
    unitsGeneration_ = dir.unitsGeneration();
  }
  if (allStale_) {
    pending_.clear();
    byTime_.clear();
    stale_.clear();
    for (const auto& [id, c] : campaigns_) stale_.insert({true, schema::SubjectRef::DISPATCH, id});
    for (const auto& [id, d] : dispatches_) stale_.insert({false, schema::SubjectRef::DISPATCH, id});
    for (const auto& [id, h] : hazards_) stale_.insert({false, schema::SubjectRef::HAZARD, id});
    for (const auto& [id, t] : tips_) stale_.insert({false, schema::SubjectRef::TIP, id});
    allStale_ = false;
  }
  for (const SubjectKey& key : stale_) {
    if (auto old = pending_.find(key); old != pending_.end()) {
      for (const JobOrder& order : old->second) byTime_.erase(order);
      pending_.erase(old);
    }
    std::vector<JobOrder> orders;
    for (const Job& job : jobsOf(key, dir)) {
      orders.push_back(orderOf(job));
      byTime_.emplace(orders.back(), key);
    }
    if (!orders.empty()) pending_[key] = std::move(orders);
  }
  stale_.clear();
}

std::vector<Job> Agenda::dueUpTo(int64_t t, const Directory& dir) const {
  refresh(dir);
  // The due jobs' subjects, each computed once, then the jobs taken in the index's order.
  std::map<SubjectKey, std::map<std::string, Job>> computed;
  std::vector<Job> out;
  for (auto it = byTime_.begin(); it != byTime_.end() && std::get<0>(it->first) <= t; ++it) {
    auto [slot, fresh] = computed.try_emplace(it->second);
    if (fresh) {
      for (Job& job : jobsOf(it->second, dir)) slot->second.emplace(job.id, std::move(job));
    }
    if (auto job = slot->second.find(std::get<2>(it->first)); job != slot->second.end()) out.push_back(job->second);
  }
  return out;
}

std::optional<int64_t> Agenda::nextAfter(int64_t t, const Directory& dir) const {
  refresh(dir);
  auto it = byTime_.lower_bound(JobOrder{t + 1, JobKind::dispatch, ""});
  if (it == byTime_.end()) return std::nullopt;
  return std::get<0>(it->first);
}

size_t Agenda::owed(const Directory& dir) const {
  refresh(dir);
  return byTime_.size();
}

}  // namespace qingling::domain
