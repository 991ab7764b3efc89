// Stages one group commit. Each append is checked in arrival order against the durable log plus the appends
// staged before it (so two appends to one stream in one batch see each other), then gets its positions, its
// envelope fields and its hashes, and all its keys go into one WriteBatch. Nothing is visible until the
// writer writes batch() and calls publish(); dropping the stager instead is the rollback.
//
// Thread-safety: used by the writer thread only, like the StreamVersionCache it updates.
#pragma once

#include <rocksdb/write_batch.h>

#include <string>
#include <unordered_map>

#include "store/event_log.h"
#include "store/event_reader.h"
#include "store/log_db.h"

namespace qingling::store {

// Durable stream versions already read from the streams family, so a hot stream costs no read per append.
class StreamVersionCache {
 public:
  Result<uint64_t> get(const LogDb& db, const std::string& streamId);
  void set(const std::string& streamId, uint64_t version);

 private:
  // Bounds memory on a log with millions of streams; a cleared entry is just read again.
  static constexpr size_t kMaxEntries = 100000;
  std::unordered_map<std::string, uint64_t> versions_;
};

struct StagedAnswer {
  Result<AppendResult> result;
  bool needsWrite;  // the answer holds only if the batch becomes durable
};

class BatchStager {
 public:
  BatchStager(const LogDb& db, const LogHead& head, StreamVersionCache& cache);

  // Consumes the request's messages when it is accepted (their envelopes are filled in).
  StagedAnswer stage(AppendRequest& request);

  rocksdb::WriteBatch* batch() { return &batch_; }
  const LogHead& head() const { return head_; }  // the head once the batch is durable
  uint64_t events() const { return events_; }
  void publish();  // after the durable write: the cache learns the new stream versions

 private:
  Result<uint64_t> currentVersion(const std::string& streamId);
  // Stages one stream's events after `version`, advancing head_ and events_; the caller rolls back on error.
  std::optional<StoreError> stageEvents(const AppendRequest& request, const std::string& streamId,
                                        std::vector<NewEvent>& events, uint64_t version, int64_t recordedAt);

  const LogDb& db_;
  StreamVersionCache& cache_;
  LogHead head_;
  rocksdb::WriteBatch batch_;
  std::unordered_map<std::string, uint64_t> versions_;      // streams touched by this batch
  std::unordered_map<std::string, AppendResult> commands_;  // command ids accepted in this batch
  uint64_t events_ = 0;
};

}  // namespace qingling::store
