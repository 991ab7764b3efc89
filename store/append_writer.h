// The single writer thread of the event log and its group commit (LevelDB's BuildBatchGroup): appenders queue
// requests; the writer takes every request waiting at that moment (up to maxBatchAppends), stages them into
// one WriteBatch, writes it with one sync, and only then answers them and notifies the watches. With one
// writer, positions, the hash chain and stream versions need no lock beyond the queue's.
//
// A failed write (a full disk, an I/O error) answers every request of its batch with the error and leaves the
// head and the version cache as they were. RocksDB then refuses writes until DB::Resume(); the writer calls it
// before the next batch, so writes come back by themselves once the cause is gone (space freed), without a
// restart, and reads never stop.
//
// Thread-safety: submit(), head() and stats() from any thread. Callbacks run on the writer thread; one that
// calls EventLog::append (blocking) would deadlock, appendAsync is fine.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "store/append_batch.h"
#include "store/event_log.h"
#include "store/event_reader.h"
#include "store/log_db.h"
#include "store/thread_annotations.h"
#include "store/watch_registry.h"

namespace qingling::store {

class AppendWriter {
 public:
  using Done = std::function<void(Result<AppendResult>)>;

  // `db` and `watches` must outlive the writer.
  AppendWriter(const LogDb& db, const LogOptions& options, const LogHead& head, std::shared_ptr<WatchRegistry> watches);
  ~AppendWriter();  // answers everything already queued, then stops the thread
  AppendWriter(const AppendWriter&) = delete;
  AppendWriter& operator=(const AppendWriter&) = delete;

  void submit(AppendRequest request, Done done) EXCLUDES(mutex_);
  Digest head() const EXCLUDES(headMutex_);
  LogStats stats() const;

 private:
  struct Pending {
    AppendRequest request;
    Done done;
  };

  void run() EXCLUDES(mutex_);
  void commit(std::vector<Pending>& group) EXCLUDES(mutex_, headMutex_);
  // Writes one staged batch, resuming RocksDB first if the previous write failed; the error for its requests.
  std::optional<StoreError> write(rocksdb::WriteBatch& batch) EXCLUDES(headMutex_);
  std::optional<StoreError> resume() EXCLUDES(headMutex_);
  void reportState(const StoreError* fault);

  const LogDb& db_;
  const size_t maxBatch_;
  const bool sync_;
  const std::shared_ptr<WatchRegistry> watches_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;

  mutable std::mutex headMutex_;
  LogHead head_ GUARDED_BY(headMutex_);  // durable head; written only by the writer thread
  StreamVersionCache versions_;          // writer thread only
  const std::function<void(const StoreError*)> onWriteState_;
  bool resumeFirst_ = false;                // writer thread only: the last write failed, RocksDB may be stopped
  std::optional<StoreError> broken_;        // writer thread only: resuming is not safe, only a reopen is
  std::optional<StoreErrc> reportedFault_;  // writer thread only: the state last given to onWriteState_

  std::atomic<uint64_t> appends_{0};
  std::atomic<uint64_t> events_{0};
  std::atomic<uint64_t> batches_{0};

  std::thread thread_;  // last: starts once every member above exists
};

}  // namespace qingling::store
