#include "server/replay_meter.h"

namespace qingling::server {

namespace {
constexpr std::chrono::seconds kInterval{1};
}  // namespace

ReplayMeter::ReplayMeter(std::chrono::milliseconds after, uint64_t head, Report report)
    : report_(std::move(report)), due_(Clock::now() + after) {
  progress_.head = head;
}

void ReplayMeter::folded(uint64_t events, uint64_t position) {
  progress_.folded += events;
  progress_.position = position;
  if (!report_) return;
  auto now = Clock::now();
  if (now < due_) return;
  due_ = now + kInterval;
  report_(progress_);
}

}  // namespace qingling::server
