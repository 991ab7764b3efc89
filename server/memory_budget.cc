#include "server/memory_budget.h"

#include <vector>

#include <spdlog/spdlog.h>

namespace qingling::server {

void MemoryBudget::take(uint64_t bytes, std::function<void()> granted) {
  {
    std::lock_guard lock(mutex_);
    if (!waiting_.empty() || used_ + bytes > limit_) {
      if (waiting_.empty()) {
        spdlog::warn("max-buffered-bytes ({}) spent: connections wait to read until answers are written", limit_);
      }
      waiting_.push_back(Waiter{bytes, std::move(granted)});
      return;
    }
    used_ += bytes;
  }
  granted();
}

void MemoryBudget::charge(uint64_t bytes) {
  std::lock_guard lock(mutex_);
  used_ += bytes;
}

void MemoryBudget::release(uint64_t bytes) {
  std::vector<std::function<void()>> granted;
  {
    std::lock_guard lock(mutex_);
    used_ -= bytes;
    while (!waiting_.empty() && used_ + waiting_.front().bytes <= limit_) {
      used_ += waiting_.front().bytes;
      granted.push_back(std::move(waiting_.front().granted));
      waiting_.pop_front();
    }
  }
  for (auto& grant : granted) grant();
}

}  // namespace qingling::server
