// The scheduler's runs and its wall-clock timer (see scheduler.h).
#include "server/scheduler.h"

#include "store/catch_up.h"

#include <algorithm>
#include <chrono>
#include <set>

#include <spdlog/spdlog.h>

namespace qingling::server {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kLateAfter = 5 * kSecond;
// The timer wakes at least this often, so a wall clock stepped by the operator is noticed.
constexpr int64_t kMaxWait = 600 * kSecond;
constexpr int64_t kRetryAfterFailure = 5 * kSecond;

// The scheduler acts for the campaign's issuer: it carries out what the issuing leader decided by issuing the
// plan. A named user, not the admin role: admin makes no domain decisions.
const char* const kSchedulerUser = "scheduler";

store::AppendRequest toRequest(domain::Emitted&& emitted, const domain::Job& job, int64_t recordedAt) {
  auto& stream = emitted.streams.front();
  store::AppendRequest request;
  request.streamId = stream.streamId;
  request.expected = store::ExpectedVersion::noStream();
  // Deterministic: a scheduler that retries after a crash, or a second one racing it, is a duplicate.
  request.commandId = "sched:" + stream.streamId;
  request.recordedAt = recordedAt;
  for (auto& draft : stream.events) {
    auto envelope = draft.envelope();
    auto actor = envelope.initActor();
    actor.setUser(kSchedulerUser);
    actor.setUnit(job.issuer);
    actor.setRole(schema::Role::LEADER);
    envelope.setOccurredAt(job.at);
    envelope.setCommandId(request.commandId);
    envelope.setCorrelationId(job.campaignId);
    envelope.setCausationId(request.commandId);
    request.events.push_back(store::NewEvent{std::move(draft.message)});
  }
  return request;
}

}  // namespace

Scheduler::Scheduler(store::EventLog& log, DirectoryView& directory, Clock& clock)
    : log_(log), directory_(directory), clock_(clock) {}

Scheduler::~Scheduler() { stop(); }

bool Scheduler::catchUp(std::string& error) {
  static const store::EventFilter filter{domain::Agenda::eventTypes(), {}};
  if (!directory_.catchUp(error)) return false;
  std::lock_guard lock(mutex_);
  auto failed =
      store::catchUp(log_, filter, foldedUpTo_, [this](schema::EventEnvelope::Reader event) { agenda_.apply(event); });
  if (failed) error = failed->message;
  return !failed;
}

bool Scheduler::runJob(const domain::Job& job, std::string& error) {
  const int64_t now = clock_.now();
  const bool late = !clock_.simulated() && now - job.at > kLateAfter;
  // On time, the job is recorded at its own instant (the store keeps recordedAt from going backwards); late,
  // at the instant it actually ran, which is what the system knew when.
  auto result = log_.append(toRequest(domain::decideJob(job, late), job, late ? now : job.at));
  if (result.ok() || result.error().code == store::StoreErrc::versionConflict) return true;  // conflict: done before
  error = "job " + job.id + ": " + result.error().message;
  return false;
}

SchedulerRun Scheduler::runUpTo(int64_t t) {
  std::lock_guard run(runMutex_);
  SchedulerRun out;
  std::set<std::string> settled;  // jobs run (or found done) in this run: never tried twice
  while (out.ok) {
    if (!catchUp(out.error)) {
      out.ok = false;
      break;
    }
    auto jobs = directory_.read([&](const domain::Directory& dir) {
      std::lock_guard lock(mutex_);
      return agenda_.dueUpTo(t, dir);
    });
    std::erase_if(jobs, [&](const domain::Job& job) { return settled.count(job.id) > 0; });
    if (jobs.empty()) break;
    for (size_t next = 0; next < jobs.size() && out.ok; ++next) {
      const domain::Job job = jobs[next];
      if (!settled.insert(job.id).second) continue;
      // Commands run while this list is worked off: a dispatch completed meanwhile owes no further step.
      bool due = catchUp(out.error) && [&] {
        std::lock_guard lock(mutex_);
        return agenda_.stillDue(job);
      }();
      if (!out.error.empty()) out.ok = false;
      if (!due) continue;
      if (!runJob(job, out.error)) {
        out.ok = false;
        break;
      }
      ++out.jobs;
      if (job.kind != domain::JobKind::dispatch) continue;
      if (!catchUp(out.error)) {
        out.ok = false;
        break;
      }
      // The new dispatch's steps may fall due before the jobs left in the list: merge them in, in order.
      auto steps = directory_.read([&](const domain::Directory& dir) {
        std::lock_guard lock(mutex_);
        return agenda_.escalationsOf(job.id, dir);
      });
      for (auto& step : steps) {
        if (step.at > t) break;
        auto at =
            std::upper_bound(jobs.begin() + static_cast<std::ptrdiff_t>(next) + 1, jobs.end(), step, domain::jobBefore);
        jobs.insert(at, std::move(step));
      }
    }
  }
  if (!out.ok) spdlog::error("scheduler: stopped at a job that could not be recorded, retrying later: {}", out.error);
  if (out.jobs > 0) spdlog::info("scheduler: {} jobs due by {} recorded", out.jobs, formatInstant(t));
  rearm(!out.ok);
  return out;
}

std::optional<int64_t> Scheduler::nextAfter(int64_t t) {
  std::string error;
  if (!catchUp(error)) return std::nullopt;
  return directory_.read([&](const domain::Directory& dir) {
    std::lock_guard lock(mutex_);
    return agenda_.nextAfter(t, dir);
  });
}

void Scheduler::startTimer(const asio::any_io_executor& executor) {
  {
    std::lock_guard lock(timerMutex_);
    if (stopped_ || timer_) return;
    timer_ = std::make_unique<asio::steady_timer>(executor);
  }
  rearm(false);
}

void Scheduler::stop() {
  std::lock_guard lock(timerMutex_);
  stopped_ = true;
  if (timer_) timer_->cancel();
}

void Scheduler::rearm(bool failed) {
  {
    std::lock_guard lock(timerMutex_);
    if (!timer_ || stopped_) return;
  }
  const int64_t now = clock_.now();
  std::optional<int64_t> next = failed ? std::nullopt : nextAfter(now);
  int64_t wait = failed ? kRetryAfterFailure : kMaxWait;
  if (next) wait = std::clamp<int64_t>(*next - now, 0, kMaxWait);
  std::lock_guard lock(timerMutex_);
  if (!timer_ || stopped_) return;
  // Setting the expiry cancels the wait armed before: its handler sees operation_aborted and does nothing.
  timer_->expires_after(std::chrono::microseconds(wait));
  timer_->async_wait([this](const boost::system::error_code& ec) {
    if (!ec) runUpTo(clock_.now());
  });
}

}  // namespace qingling::server
