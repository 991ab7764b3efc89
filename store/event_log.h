// The durable, totally ordered event log on RocksDB (layout: store/key_format.h).
//
// Appends go to one stream at a time, atomically, with an expected version; every event also gets a dense
// global position and joins the SHA-256 hash chain. A single writer thread packs all appends waiting at that
// moment into one synced WriteBatch (group commit), so many concurrent appenders share one fdatasync. An append
// is answered only after its batch is durable; a crash loses nothing answered and exposes nothing half-written.
//
// Thread-safety: every member may be called from any thread. Reads see only durable, committed events.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <capnp/message.h>

#include "store/recorded_event.h"
#include "store/store_error.h"

namespace qingling::store {

struct ExpectedVersion {
  enum class Kind { any, noStream, exact };
  Kind kind = Kind::any;
  uint64_t version = 0;  // for exact: the stream's current version (its last event's version)

  static ExpectedVersion anyVersion() { return {}; }
  static ExpectedVersion noStream() { return {Kind::noStream, 0}; }
  static ExpectedVersion exact(uint64_t v) { return {Kind::exact, v}; }
};

// One event to append. The message's root is a schema::EventEnvelope with payload, occurredAt, actor, commandId,
// correlationId, causationId and units already set; the log fills in position, streamId, streamVersion,
// recordedAt and prevHash.
struct NewEvent {
  std::unique_ptr<capnp::MallocMessageBuilder> message;
};

// Events for one more stream of a multi-stream append (see AppendRequest::more).
struct StreamAppend {
  std::string streamId;
  ExpectedVersion expected;
  std::vector<NewEvent> events;  // at least one
};

struct AppendRequest {
  std::string streamId;
  ExpectedVersion expected;
  std::string commandId;   // empty = not idempotent; else a retry with the same id returns the first result
  int64_t recordedAt = 0;  // the server clock; raised to the previous event's recordedAt if the clock stepped back
  std::vector<NewEvent> events;  // at least one
  // Further streams written in the same atomic batch, each checked against its own expected version: every
  // stream of the request is appended, or none is (one decision that creates several aggregates, such as a
  // phase start that dispatches tasks). Their events follow the first stream's, in order.
  std::vector<StreamAppend> more;
};

struct AppendResult {
  std::string streamId;
  uint64_t firstPosition = 0;
  uint64_t lastPosition = 0;
  uint64_t streamVersion = 0;  // the first stream's version after the append
  bool duplicate = false;      // commandId seen before: this is the first result, nothing was appended
};

struct Digest {
  uint64_t position = 0;  // 0 = empty log
  Hash hash{};
};

// Selects events by the secondary indexes; an event matching any listed type or any listed unit is returned.
// Both empty = every event.
struct EventFilter {
  std::vector<uint16_t> types;  // schema::Event::Which values
  std::vector<std::string> units;
};

// Sees one event of a scan; the envelope is valid only during the call. Returns false to stop the scan there.
using EventVisitor = std::function<bool(uint64_t position, schema::EventEnvelope::Reader envelope)>;

struct VerifyOptions {
  uint64_t upTo = 0;                                               // 0 = the whole log
  std::optional<Digest> expect;                                    // the log must still hold this digest
  std::function<void(uint64_t checked, uint64_t total)> progress;  // called now and then on long runs
};

struct VerifyReport {
  bool intact = true;
  uint64_t checked = 0;
  Digest head;            // the last position checked and its hash
  uint64_t firstBad = 0;  // first broken or missing position; 0 = none
  std::string problem;    // what is wrong there, for a human
};

struct LogStats {
  uint64_t appends = 0;  // append requests answered (including duplicates and conflicts)
  uint64_t events = 0;   // events written
  uint64_t batches = 0;  // synced write batches: appends / batches is the group-commit factor
};

struct LogOptions {
  std::string path;
  bool sync = true;               // false only for benchmarks that measure the cost of sync itself
  size_t maxBatchAppends = 1024;  // cap on appends packed into one group commit
  size_t readPageLimit = 10000;   // cap on events a single read returns
  // Called on the writer thread when writes start failing (`fault` = the error every refused append got, e.g.
  // storageFull) and when they succeed again (`fault` = nullptr): once per change of state, not per append, so
  // a server can log it. Must not call back into the log's appends.
  std::function<void(const StoreError* fault)> onWriteState = nullptr;
};

class EventLog {
 public:
  // Opens or creates the log at options.path. Fails with a clear message if the directory is locked by another
  // process, unreadable, or its newest event does not decode.
  static Result<std::unique_ptr<EventLog>> open(const LogOptions& options);
  ~EventLog();  // answers or fails every pending append, stops the writer, closes RocksDB
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // `done` runs on the writer thread once the append is durable or refused: keep it short (post elsewhere).
  void appendAsync(AppendRequest request, std::function<void(Result<AppendResult>)> done);
  Result<AppendResult> append(AppendRequest request);  // blocks until durable or refused

  Result<std::optional<AppendResult>> findCommand(std::string_view commandId) const;
  Result<uint64_t> streamVersion(std::string_view streamId) const;  // 0 = no such stream

  // Reads return at most min(limit, readPageLimit) events; limit 0 asks for a full page.
  // Forward from `fromVersion` (>= 1), or backward from `fromVersion` (0 = the stream's end).
  Result<std::vector<RecordedEvent>> readStream(std::string_view streamId, uint64_t fromVersion, bool backward,
                                                size_t limit) const;
  Result<std::vector<RecordedEvent>> readAll(uint64_t fromPosition, size_t limit, const EventFilter& filter = {}) const;
  Result<std::optional<RecordedEvent>> read(uint64_t position) const;
  // Every event `filter` selects from `fromPosition` on, in log order, to `visit` — until the end (as of the
  // call) or until `visit` returns false. A replay's read: one snapshot and one set of cursors for the whole walk,
  // no page limit, and no allocation per event.
  std::optional<StoreError> scan(uint64_t fromPosition, const EventFilter& filter, const EventVisitor& visit) const;
  // Ids of the streams that begin with `prefix`, in byte order, at most min(limit, readPageLimit) (0 = a page).
  Result<std::vector<std::string>> streamsWithPrefix(std::string_view prefix, size_t limit = 0) const;

  Digest head() const;
  Result<VerifyReport> verify(const VerifyOptions& options) const;

  // Calls `onCommit(newHead)` on the writer thread after every durable batch, until the returned handle dies.
  class Watch;
  std::unique_ptr<Watch> watch(std::function<void(uint64_t head)> onCommit);

  LogStats stats() const;
  const std::string& path() const;

  class Impl;

 private:
  explicit EventLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class EventLog::Watch {
 public:
  virtual ~Watch() = default;
};

}  // namespace qingling::store
