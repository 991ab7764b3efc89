// Measures a projection replay for the asker's progress display (issue 5: a replay over a large log shows progress
// when it takes more than a second). The query's fold tells the meter after each page how far it has come; the
// meter reports once `after` has passed since it was made, then at most once a second. Time is the steady clock of
// the process, not the server's Clock: a simulated clock stands still while a replay runs.
//
// A default-made meter reports nothing (the asker did not ask for progress). Not thread-safe: one per query.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace qingling::server {

struct ReplayProgress {
  uint64_t folded = 0;    // events folded so far
  uint64_t position = 0;  // the log position reached
  uint64_t head = 0;      // the log's head when the query began
};

class ReplayMeter {
 public:
  using Report = std::function<void(const ReplayProgress&)>;

  ReplayMeter() = default;
  ReplayMeter(std::chrono::milliseconds after, uint64_t head, Report report);

  // After a page of `events` events ending at `position` was folded.
  void folded(uint64_t events, uint64_t position);

 private:
  using Clock = std::chrono::steady_clock;

  Report report_;
  Clock::time_point due_{};  // the next report is due then
  ReplayProgress progress_;
};

}  // namespace qingling::server
