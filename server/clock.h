// The server's clock seam (Envoy's TimeSource): wall time in production, a simulation clock for drills, tests
// and demos that only an admin command moves. Instants are microseconds since the Unix epoch.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace qingling::server {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now() const = 0;
  virtual bool simulated() const = 0;
};

class WallClock final : public Clock {
 public:
  int64_t now() const override;
  bool simulated() const override { return false; }
};

// Never goes backwards: set() to an earlier instant is refused.
class SimClock final : public Clock {
 public:
  explicit SimClock(int64_t start) : now_(start) {}
  int64_t now() const override { return now_.load(); }
  bool simulated() const override { return true; }
  bool set(int64_t to);  // false if `to` is before now

 private:
  std::atomic<int64_t> now_;
};

// Parses "2023-05-20T08:00+08:00", "2023-05-20T08:00:00Z" or "2023-05-20" (midnight, Asia/Shanghai); nullopt-like
// failure is reported as false.
bool parseInstant(const std::string& text, int64_t& out);
std::string formatInstant(int64_t micros);  // ISO 8601 in +08:00, the campaigns' default zone

}  // namespace qingling::server
