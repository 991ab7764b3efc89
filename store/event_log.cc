// EventLog: opens the database, recovers the head, and routes appends to the single writer and reads to the
// readers. Members are declared so that the writer stops (answering what is queued) before the database
// closes.
#include "store/event_log.h"

#include <future>

#include "store/append_writer.h"
#include "store/event_reader.h"
#include "store/log_db.h"
#include "store/stream_list.h"
#include "store/verify.h"
#include "store/watch_registry.h"

namespace qingling::store {

class EventLog::Impl {
 public:
  Impl(const LogOptions& options, std::unique_ptr<LogDb> db, const LogHead& head)
      : options_(options),
        db_(std::move(db)),
        watches_(std::make_shared<WatchRegistry>()),
        writer_(*db_, options_, head, watches_) {}

  // 0 asks for a full page; nothing asks for more than one.
  size_t page(size_t limit) const {
    return limit == 0 ? options_.readPageLimit : std::min(limit, options_.readPageLimit);
  }

  const LogOptions options_;
  const std::unique_ptr<LogDb> db_;
  const std::shared_ptr<WatchRegistry> watches_;
  AppendWriter writer_;
};

Result<std::unique_ptr<EventLog>> EventLog::open(const LogOptions& options) {
  if (options.readPageLimit == 0) {
    return StoreError{StoreErrc::invalidArgument, "LogOptions.readPageLimit must be at least 1"};
  }
  auto db = LogDb::open(options.path);
  if (!db) return db.error();
  auto head = recoverHead(*db.value());
  if (!head) return head.error();
  auto impl = std::make_unique<Impl>(options, std::move(db.value()), head.value());
  return std::unique_ptr<EventLog>(new EventLog(std::move(impl)));
}

EventLog::EventLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventLog::~EventLog() = default;

void EventLog::appendAsync(AppendRequest request, std::function<void(Result<AppendResult>)> done) {
  impl_->writer_.submit(std::move(request), std::move(done));
}

Result<AppendResult> EventLog::append(AppendRequest request) {
  std::promise<Result<AppendResult>> answered;
  auto answer = answered.get_future();
  appendAsync(std::move(request), [&answered](Result<AppendResult> result) { answered.set_value(std::move(result)); });
  return answer.get();
}

Result<std::optional<AppendResult>> EventLog::findCommand(std::string_view commandId) const {
  return store::findCommand(*impl_->db_, commandId);
}

Result<uint64_t> EventLog::streamVersion(std::string_view streamId) const {
  return store::streamVersion(*impl_->db_, streamId);
}

Result<std::vector<RecordedEvent>> EventLog::readStream(std::string_view streamId, uint64_t fromVersion, bool backward,
                                                        size_t limit) const {
  return store::readStream(*impl_->db_, streamId, fromVersion, backward, impl_->page(limit));
}

Result<std::vector<RecordedEvent>> EventLog::readAll(uint64_t fromPosition, size_t limit,
                                                     const EventFilter& filter) const {
  return store::readAll(*impl_->db_, fromPosition, impl_->page(limit), filter);
}

Result<std::optional<RecordedEvent>> EventLog::read(uint64_t position) const {
  return readEvent(*impl_->db_, position);
}

Result<std::vector<std::string>> EventLog::streamsWithPrefix(std::string_view prefix, size_t limit) const {
  return store::streamsWithPrefix(*impl_->db_, prefix, impl_->page(limit));
}

std::optional<StoreError> EventLog::scan(uint64_t fromPosition, const EventFilter& filter,
                                         const EventVisitor& visit) const {
  return scanLog(*impl_->db_, fromPosition, filter, visit);
}

Digest EventLog::head() const { return impl_->writer_.head(); }

Result<VerifyReport> EventLog::verify(const VerifyOptions& options) const {
  return verifyLog(*impl_->db_, head().position, options);
}

std::unique_ptr<EventLog::Watch> EventLog::watch(std::function<void(uint64_t head)> onCommit) {
  return WatchRegistry::add(impl_->watches_, std::move(onCommit));
}

LogStats EventLog::stats() const { return impl_->writer_.stats(); }

const std::string& EventLog::path() const { return impl_->options_.path; }

}  // namespace qingling::store
