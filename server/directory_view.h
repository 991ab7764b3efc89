// The server's live copy of the domain Directory, folded from the log's directory events (read through the
// type index). catchUp() folds whatever committed since the last call, so a caller that has just appended a
// directory event sees it after catchUp(). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>

#include "domain/directory.h"
#include "store/event_log.h"

namespace qingling::server {

class DirectoryView {
 public:
  explicit DirectoryView(store::EventLog& log) : log_(log) {}

  // Returns false with `error` set if the log could not be read.
  bool catchUp(std::string& error);

  // Runs `f(const Directory&)` under a shared lock.
  template <class F>
  auto read(F&& f) const {
    std::shared_lock lock(mutex_);
    return f(directory_);
  }

 private:
  store::EventLog& log_;
  mutable std::shared_mutex mutex_;
  std::mutex catchUpMutex_;
  domain::Directory directory_;  // guarded by mutex_
  uint64_t foldedUpTo_ = 0;      // guarded by catchUpMutex_
};

}  // namespace qingling::server
