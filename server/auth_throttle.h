// Failed authentications per client address. After `limit` failures within `window`, the address is refused every
// authentication, right or wrong, until the oldest of those failures has left the window: guessing a token's
// secret then costs a window per `limit` guesses, and a refused guess tells nothing, since a right token is
// refused the same way. Successes do not reset the count (a guesser holding one valid token could reset it).
// Time is passed in, so the rule is tested without waiting. Thread-safe: sessions of every I/O thread share one.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace qingling::server {

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  // limit = 0 turns the throttle off.
  AuthThrottle(uint32_t limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

  // How long `address` must still wait before it may authenticate again; zero when it may now.
  std::chrono::seconds blockedFor(const std::string& address, Clock::time_point now);
  // Returns true when this failure is the one that blocks the address (to log it once, not per request).
  bool recordFailure(const std::string& address, Clock::time_point now);

  uint32_t limit() const { return limit_; }
  size_t trackedAddresses();
  std::chrono::seconds window() const { return window_; }

 private:
  void forgetExpired(Clock::time_point now);

  const uint32_t limit_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  // The newest `limit_` failures of each address, oldest first.
  std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;
  // Above this many addresses, those whose failures have all expired are dropped, so that a scan from many
  // addresses cannot grow the table without bound; the bar then doubles past what is left, so that pruning a
  // table of live entries does not repeat on every failure.
  static constexpr size_t kPruneAbove = 4096;
  size_t pruneAbove_ = kPruneAbove;
};

}  // namespace qingling::server
