// A Subscription's thread alternates between catching up (reading pages through readAll with the filter) and
// sleeping until a commit watch reports a head beyond what it has scanned. Progress is tracked as the scanned
// position, not the last matching event, so waitUntil works for positions the filter skips.
#include "store/subscription.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/thread_annotations.h"

namespace qingling::store {
namespace {
constexpr size_t kPage = 1000;
}  // namespace

class Subscription::Impl {
 public:
  Impl(EventLog& log, uint64_t fromPosition, EventFilter filter, std::function<void(const RecordedEvent&)> handler)
      : log_(log), filter_(std::move(filter)), handler_(std::move(handler)) {
    watch_ = log_.watch([this](uint64_t head) {
      std::lock_guard lock(mutex_);
      committed_ = std::max(committed_, head);
      changed_.notify_all();
    });
    {
      // After the watch exists, so that no commit falls between reading the head and watching.
      const uint64_t head = log_.head().position;
      std::lock_guard lock(mutex_);
      committed_ = std::max(committed_, head);
      scanned_ = std::max<uint64_t>(fromPosition, 1) - 1;
    }
    thread_ = std::thread([this] { run(); });
  }

  ~Impl() {
    watch_.reset();
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  void waitUntil(uint64_t position) EXCLUDES(mutex_) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return scanned_ >= position || error_ || stopping_; });
  }

  std::optional<StoreError> error() const EXCLUDES(mutex_) {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  void run() EXCLUDES(mutex_) {
    uint64_t scanned;
    {
      std::unique_lock lock(mutex_);
      scanned = scanned_;
    }
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || committed_ > scanned; });
        if (stopping_) return;
      }
      if (!catchUp(scanned)) return;
    }
  }

  // Delivers everything committed after `scanned`; false once stopping or failed.
  bool catchUp(uint64_t& scanned) EXCLUDES(mutex_) {
    for (;;) {
      // Read before the page: an empty page then proves nothing matched up to at least this head.
      const uint64_t head = log_.head().position;
      auto page = log_.readAll(scanned + 1, kPage, filter_);
      if (!page) {
        std::lock_guard lock(mutex_);
        error_ = page.error();
        changed_.notify_all();
        return false;
      }
      if (page->empty()) {
        advance(scanned, std::max(scanned, head));
        return true;
      }
      for (const RecordedEvent& event : page.value()) {
        if (stopping()) return false;
        handler_(event);
        advance(scanned, event.position());
      }
    }
  }

  void advance(uint64_t& scanned, uint64_t position) EXCLUDES(mutex_) {
    scanned = position;
    std::lock_guard lock(mutex_);
    scanned_ = position;
    changed_.notify_all();
  }

  bool stopping() const EXCLUDES(mutex_) {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  EventLog& log_;
  const EventFilter filter_;
  const std::function<void(const RecordedEvent&)> handler_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;            // a commit, progress, an error or stop
  uint64_t committed_ GUARDED_BY(mutex_) = 0;  // newest head reported by the watch
  uint64_t scanned_ GUARDED_BY(mutex_) = 0;    // every event up to here was delivered or did not match
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::optional<StoreError> error_ GUARDED_BY(mutex_);

  std::unique_ptr<EventLog::Watch> watch_;
  std::thread thread_;
};

Subscription::Subscription(EventLog& log, uint64_t fromPosition, EventFilter filter,
                           std::function<void(const RecordedEvent&)> handler)
    : impl_(std::make_unique<Impl>(log, fromPosition, std::move(filter), std::move(handler))) {}

Subscription::~Subscription() = default;

void Subscription::waitUntil(uint64_t position) { impl_->waitUntil(position); }

std::optional<StoreError> Subscription::error() const { return impl_->error(); }

}  // namespace qingling::store
