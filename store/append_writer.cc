// The writer loop and one group commit (see append_writer.h).
#include "store/append_writer.h"

#include <algorithm>

namespace qingling::store {

AppendWriter::AppendWriter(const LogDb& db, const LogOptions& options, const LogHead& head,
                           std::shared_ptr<WatchRegistry> watches)
    : db_(db),
      maxBatch_(std::max<size_t>(options.maxBatchAppends, 1)),
      sync_(options.sync),
      watches_(std::move(watches)),
      head_(head),
      onWriteState_(options.onWriteState),
      thread_([this] { run(); }) {}

AppendWriter::~AppendWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void AppendWriter::submit(AppendRequest request, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back({std::move(request), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  if (done) done(StoreError{StoreErrc::closed, "the event log at " + db_.path() + " is closing; append refused"});
}

Digest AppendWriter::head() const {
  std::lock_guard lock(headMutex_);
  return {head_.position, head_.hash};
}

LogStats AppendWriter::stats() const {
  LogStats stats;
  stats.appends = appends_.load();
  stats.events = events_.load();
  stats.batches = batches_.load();
  return stats;
}

void AppendWriter::run() {
  std::vector<Pending> group;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been answered
      size_t take = std::min(queue_.size(), maxBatch_);
      for (size_t i = 0; i < take; ++i) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit(group);
    group.clear();  // frees the requests' messages before waiting again
  }
}

void AppendWriter::commit(std::vector<Pending>& group) {
  LogHead start;
  {
    std::lock_guard lock(headMutex_);
    start = head_;
  }
  BatchStager stager(db_, start, versions_);
  std::vector<StagedAnswer> answers;
  answers.reserve(group.size());
  for (Pending& pending : group) answers.push_back(stager.stage(pending.request));

  bool wrote = false;
  if (stager.events() > 0) {
    if (std::optional<StoreError> error = write(*stager.batch())) {
      // Head and stream cache stay as they were before this batch: the stager is simply dropped.
      for (StagedAnswer& answer : answers) {
        if (answer.needsWrite) answer.result = *error;
      }
    } else {
      stager.publish();
      std::lock_guard lock(headMutex_);
      head_ = stager.head();
      wrote = true;
    }
  }
  appends_ += group.size();
  if (wrote) {
    events_ += stager.events();
    ++batches_;
  }
  for (size_t i = 0; i < group.size(); ++i) {
    if (group[i].done) group[i].done(std::move(answers[i].result));
  }
  if (wrote) watches_->notify(stager.head().position);
}

}  // namespace qingling::store

namespace qingling::store {

std::optional<StoreError> AppendWriter::write(rocksdb::WriteBatch& batch) {
  std::optional<StoreError> error = resume();
  if (!error) {
    rocksdb::WriteOptions options;
    options.sync = sync_;
    rocksdb::Status status = db_.db().Write(options, &batch);
    if (status.ok()) {
      reportState(nullptr);
      return std::nullopt;
    }
    resumeFirst_ = true;
    error = statusError(status, "appending to the event log", db_.path());
  }
  if (error->code == StoreErrc::storageFull) {
    error->message += ", writes resume automatically; reads keep working and retrying with the same commandId is safe";
  }
  reportState(&*error);
  return error;
}

// DB::Resume() flushes every memtable and starts a new WAL, so the WAL holding the failed record (possibly torn,
// possibly whole but unsynced) is retired and never replayed: the failed batch cannot reappear, and its positions
// may be handed out again. The head is read back to be sure of that before any position is reused. While the
// disk is still full, the flush fails and Resume() returns the no-space error again (nothing is left behind).
std::optional<StoreError> AppendWriter::resume() {
  if (broken_) return broken_;
  if (!resumeFirst_) return std::nullopt;
  rocksdb::Status status = db_.db().Resume();
  if (!status.ok()) return statusError(status, "resuming writes to the event log", db_.path());
  auto durable = recoverHead(db_);
  if (!durable.ok()) return durable.error();
  uint64_t expected = head().position;
  if (durable->position != expected) {
    broken_ = StoreError{StoreErrc::ioError,
                         "after a failed write the event log at " + db_.path() + " ends at position " +
                             std::to_string(durable->position) + ", not at " + std::to_string(expected) +
                             " as the writer believed: appends are refused until qinglingd is restarted (it re-reads "
                             "the log; nothing acknowledged is lost)"};
    return broken_;
  }
  resumeFirst_ = false;
  return std::nullopt;
}

void AppendWriter::reportState(const StoreError* fault) {
  std::optional<StoreErrc> now;
  if (fault) now = fault->code;
  if (now == reportedFault_) return;
  reportedFault_ = now;
  if (onWriteState_) onWriteState_(fault);
}

}  // namespace qingling::store
