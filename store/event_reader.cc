// Point reads and stream reads over the events and streams column families, and head recovery at open.
#include "store/event_reader.h"

#include <kj/exception.h>

#include "store/command_record.h"
#include "store/key_format.h"

namespace qingling::store {

StoreError corruptIndex(std::string_view path, std::string_view what) {
  return {StoreErrc::corruption, "the event log at " + std::string(path) + " is inconsistent: " + std::string(what) +
                                     ". Run verify and restore from the last good backup"};
}

std::optional<StoreError> checkKeyPart(std::string_view id, std::string_view what) {
  if (id.find('\0') != std::string_view::npos) {
    return StoreError{StoreErrc::invalidArgument, std::string(what) + " may not contain a NUL byte"};
  }
  return std::nullopt;
}

Result<RecordedEvent> decodeEvent(uint64_t position, std::string_view value, std::string_view path) {
  try {
    return RecordedEvent(position, value);
  } catch (const kj::Exception& e) {
    return StoreError{StoreErrc::corruption, "the event at position " + std::to_string(position) + " in " +
                                                 std::string(path) + " does not decode (" +
                                                 std::string(e.getDescription().cStr()) +
                                                 "). Run verify and restore from the last good backup"};
  }
}

Result<std::optional<RecordedEvent>> readEventIn(const ReadView& view, uint64_t position) {
  const LogDb& db = view.log();
  rocksdb::PinnableSlice value;
  rocksdb::Status status = db.db().Get(view.options(), db.events(), keys::position(position), &value);
  if (status.IsNotFound()) return std::optional<RecordedEvent>();
  if (!status.ok()) return statusError(status, "reading position " + std::to_string(position), db.path());
  auto event = decodeEvent(position, value.ToStringView(), db.path());
  if (!event) return event.error();
  return std::optional<RecordedEvent>(std::move(event.value()));
}

Result<std::optional<RecordedEvent>> readEvent(const LogDb& db, uint64_t position) {
  ReadView view(db);
  return readEventIn(view, position);
}

Result<LogHead> recoverHead(const LogDb& db) {
  ReadView view(db);
  auto it = view.iterate(db.events());
  it->SeekToLast();
  LogHead head;
  if (!it->Valid()) {
    if (!it->status().ok()) return statusError(it->status(), "finding the last event", db.path());
    return head;
  }
  if (it->key().size() != 8) return corruptIndex(db.path(), "the last key of `events` is not a position");
  uint64_t position = keys::getU64(it->key().ToStringView());
  auto event = decodeEvent(position, it->value().ToStringView(), db.path());
  if (!event) return event.error();
  try {
    head.recordedAt = event->envelope().getRecordedAt();
  } catch (const kj::Exception& e) {
    return corruptIndex(db.path(), "the last event (position " + std::to_string(position) +
                                       ") does not decode: " + e.getDescription().cStr());
  }
  head.position = position;
  head.hash = event->hash();
  return head;
}

Result<std::optional<AppendResult>> findCommand(const LogDb& db, std::string_view commandId) {
  if (commandId.empty()) return std::optional<AppendResult>();
  std::string value;
  rocksdb::Status status = db.db().Get(rocksdb::ReadOptions(), db.commands(), commandId, &value);
  if (status.IsNotFound()) return std::optional<AppendResult>();
  if (!status.ok()) return statusError(status, "looking up command " + std::string(commandId), db.path());
  auto record = decodeCommandRecord(value);
  if (!record) return corruptIndex(db.path(), "the record of command " + std::string(commandId) + " is malformed");
  return record;
}

Result<uint64_t> streamVersion(const LogDb& db, std::string_view streamId) {
  if (auto bad = checkKeyPart(streamId, "a stream id")) return *bad;
  ReadView view(db);
  auto it = view.iterate(db.streams());
  std::string prefix = keys::streamVersion(streamId, 0).substr(0, streamId.size() + 1);
  it->SeekForPrev(keys::streamVersion(streamId, UINT64_MAX));
  if (!it->Valid()) {
    if (!it->status().ok()) return statusError(it->status(), "reading stream " + std::string(streamId), db.path());
    return uint64_t{0};
  }
  std::string_view key = it->key().ToStringView();
  if (key.size() != prefix.size() + 8 || !key.starts_with(prefix)) return uint64_t{0};
  return keys::getU64(key.substr(prefix.size()));
}

Result<std::vector<RecordedEvent>> readStream(const LogDb& db, std::string_view streamId, uint64_t fromVersion,
                                              bool backward, size_t limit) {
  if (streamId.empty()) return StoreError{StoreErrc::invalidArgument, "readStream needs a stream id"};
  if (auto bad = checkKeyPart(streamId, "a stream id")) return *bad;
  ReadView view(db);
  auto it = view.iterate(db.streams());
  std::string prefix = std::string(streamId) + '\0';
  if (backward) {
    it->SeekForPrev(keys::streamVersion(streamId, fromVersion == 0 ? UINT64_MAX : fromVersion));
  } else {
    it->Seek(keys::streamVersion(streamId, std::max<uint64_t>(fromVersion, 1)));
  }
  std::vector<RecordedEvent> events;
  for (; it->Valid() && events.size() < limit; backward ? it->Prev() : it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (key.size() != prefix.size() + 8 || !key.starts_with(prefix)) break;
    uint64_t position = keys::getU64(it->value().ToStringView());
    auto event = readEventIn(view, position);
    if (!event) return event.error();
    if (!event.value()) {
      return corruptIndex(db.path(), "stream " + std::string(streamId) + " names position " + std::to_string(position) +
                                         ", which is missing from `events`");
    }
    events.push_back(std::move(*event.value()));
  }
  if (!it->status().ok()) return statusError(it->status(), "reading stream " + std::string(streamId), db.path());
  return events;
}

}  // namespace qingling::store
