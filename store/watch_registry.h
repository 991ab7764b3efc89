// The commit watches of an EventLog. notify() runs every callback under the registry's mutex, and a Watch's
// destructor takes that mutex, so once a Watch is destroyed its callback is not running and never runs again.
// Consequently a callback must not destroy a Watch. Shared between the log and its Watch handles, so either
// may outlive the other.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "store/event_log.h"
#include "store/thread_annotations.h"

namespace qingling::store {

class WatchRegistry {
 public:
  static std::unique_ptr<EventLog::Watch> add(const std::shared_ptr<WatchRegistry>& registry,
                                              std::function<void(uint64_t head)> onCommit);
  void notify(uint64_t head) EXCLUDES(mutex_);

 private:
  class Handle;
  void remove(uint64_t id) EXCLUDES(mutex_);

  std::mutex mutex_;
  std::map<uint64_t, std::function<void(uint64_t)>> watches_ GUARDED_BY(mutex_);
  uint64_t nextId_ GUARDED_BY(mutex_) = 1;
};

}  // namespace qingling::store
