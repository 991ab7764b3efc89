#include "server/auth_throttle.h"

#include <algorithm>

namespace qingling::server {

std::chrono::seconds AuthThrottle::blockedFor(const std::string& address, Clock::time_point now) {
  if (limit_ == 0) return std::chrono::seconds(0);
  std::lock_guard lock(mutex_);
  auto it = failures_.find(address);
  if (it == failures_.end() || it->second.size() < limit_) return std::chrono::seconds(0);
  const Clock::time_point until = it->second.front() + window_;
  if (until <= now) return std::chrono::seconds(0);
  // Rounded up: "try again in 0 s" while still refused would mislead.
  return std::chrono::ceil<std::chrono::seconds>(until - now);
}

bool AuthThrottle::recordFailure(const std::string& address, Clock::time_point now) {
  if (limit_ == 0) return false;
  std::lock_guard lock(mutex_);
  if (failures_.size() > pruneAbove_) {
    forgetExpired(now);
    pruneAbove_ = std::max(kPruneAbove, 2 * failures_.size());
  }
  auto& times = failures_[address];
  times.push_back(now);
  if (times.size() > limit_) times.pop_front();
  return times.size() == limit_ && times.front() + window_ > now;
}

size_t AuthThrottle::trackedAddresses() {
  std::lock_guard lock(mutex_);
  return failures_.size();
}

void AuthThrottle::forgetExpired(Clock::time_point now) {
  std::erase_if(failures_, [&](const auto& entry) { return entry.second.back() + window_ <= now; });
}

}  // namespace qingling::server
