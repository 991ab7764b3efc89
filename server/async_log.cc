#include "server/async_log.h"

namespace qingling::server {

HeadSignal::HeadSignal(store::EventLog& log) : log_(log), head_(log.head().position) {
  watch_ = log_.watch([this](uint64_t head) { onCommit(head); });
}

HeadSignal::~HeadSignal() {
  watch_.reset();
  stop();
}

void HeadSignal::addWaiter(uint64_t position, std::function<void()> wake) {
  std::unique_lock lock(mutex_);
  if (stopped_ || head_ > position) {
    lock.unlock();
    wake();
    return;
  }
  waiters_.push_back(std::move(wake));
}

void HeadSignal::onCommit(uint64_t head) {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(mutex_);
    head_ = head;
    ready.swap(waiters_);
  }
  for (auto& wake : ready) wake();
}

void HeadSignal::stop() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  wakeAll();
}

void HeadSignal::wakeAll() {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(mutex_);
    ready.swap(waiters_);
  }
  for (auto& wake : ready) wake();
}

}  // namespace qingling::server
