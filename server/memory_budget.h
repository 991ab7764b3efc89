// The bytes every connection holds at once (max-buffered-bytes): request frames read and not yet answered, and
// answers queued and not yet written. Per-connection limits (max-in-flight, max-outgoing-bytes) bound one
// connection; this bounds their sum, so max-connections idle-then-busy clients cannot add up past the machine.
//
// A connection takes a frame's bytes before reading it and waits, first come first served, while they do not fit;
// answers are charged without waiting (they are already computed). So when the budget is spent, connections stop
// reading until writes drain or connections close, and memory stays near the budget. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "server/asio.h"

namespace qingling::server {

class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t limit) : limit_(limit) {}

  // Completes, on the handler's executor, once `bytes` (at most the limit) are taken.
  template <class Token>
  auto asyncTake(uint64_t bytes, Token&& token) {
    return asio::async_initiate<Token, void()>(
        [this, bytes](auto handler) { take(bytes, postingTo(std::move(handler))); }, token);
  }
  void charge(uint64_t bytes);
  void release(uint64_t bytes);

 private:
  struct Waiter {
    uint64_t bytes;
    std::function<void()> granted;
  };
  void take(uint64_t bytes, std::function<void()> granted);

  const uint64_t limit_;
  std::mutex mutex_;
  uint64_t used_ = 0;           // guarded by mutex_
  std::deque<Waiter> waiting_;  // guarded by mutex_; in arrival order
};

// Bytes taken from a budget, given back when the last owner lets go.
class BudgetShare {
 public:
  BudgetShare(MemoryBudget& budget, uint64_t bytes) : budget_(budget), bytes_(bytes) {}
  ~BudgetShare() { budget_.release(bytes_); }
  BudgetShare(const BudgetShare&) = delete;
  BudgetShare& operator=(const BudgetShare&) = delete;

 private:
  MemoryBudget& budget_;
  const uint64_t bytes_;
};

}  // namespace qingling::server
