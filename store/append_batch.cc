// Validation and staging of appends for one group commit (see append_batch.h).
#include "store/append_batch.h"

#include <capnp/serialize.h>
#include <kj/exception.h>

#include <algorithm>
#include <unordered_set>

#include "store/command_record.h"
#include "store/hash_chain.h"
#include "store/key_format.h"

namespace qingling::store {
namespace {

StoreError invalid(const AppendRequest& request, std::string_view what) {
  return {StoreErrc::invalidArgument, "append to stream '" + request.streamId + "': " + std::string(what)};
}

std::optional<StoreError> checkEvents(const AppendRequest& request, const std::string& streamId,
                                      const std::vector<NewEvent>& events) {
  if (streamId.empty()) return invalid(request, "a stream id is empty");
  if (auto bad = checkKeyPart(streamId, "a stream id")) return bad;
  if (events.empty()) return invalid(request, "no events to append to stream '" + streamId + "'");
  for (const NewEvent& event : events) {
    if (!event.message) return invalid(request, "an event has no message");
  }
  return std::nullopt;
}

std::optional<StoreError> checkRequest(const AppendRequest& request) {
  if (auto bad = checkEvents(request, request.streamId, request.events)) return bad;
  std::unordered_set<std::string> streams{request.streamId};
  for (const StreamAppend& part : request.more) {
    if (auto bad = checkEvents(request, part.streamId, part.events)) return bad;
    if (!streams.insert(part.streamId).second) {
      return invalid(request, "stream '" + part.streamId + "' appears twice in one append");
    }
  }
  return std::nullopt;
}

std::optional<StoreError> checkExpected(const std::string& streamId, const ExpectedVersion& expected,
                                        uint64_t current) {
  auto conflict = [&](const std::string& wanted) {
    return StoreError{StoreErrc::versionConflict, "stream '" + streamId + "': expected " + wanted +
                                                      " but its version is " + std::to_string(current) +
                                                      "; reload the stream, decide again and retry"};
  };
  switch (expected.kind) {
    case ExpectedVersion::Kind::any:
      return std::nullopt;
    case ExpectedVersion::Kind::noStream:
      if (current != 0) return conflict("no stream (version 0)");
      return std::nullopt;
    case ExpectedVersion::Kind::exact:
      if (current != expected.version) return conflict("version " + std::to_string(expected.version));
      return std::nullopt;
  }
  return std::nullopt;
}

std::string_view asChars(kj::ArrayPtr<const kj::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.begin()), bytes.size()};
}

}  // namespace

Result<uint64_t> StreamVersionCache::get(const LogDb& db, const std::string& streamId) {
  if (auto it = versions_.find(streamId); it != versions_.end()) return it->second;
  auto version = streamVersion(db, streamId);
  if (version) set(streamId, version.value());
  return version;
}

void StreamVersionCache::set(const std::string& streamId, uint64_t version) {
  if (versions_.size() >= kMaxEntries && !versions_.contains(streamId)) versions_.clear();
  versions_[streamId] = version;
}

BatchStager::BatchStager(const LogDb& db, const LogHead& head, StreamVersionCache& cache)
    : db_(db), cache_(cache), head_(head) {}

Result<uint64_t> BatchStager::currentVersion(const std::string& streamId) {
  if (auto it = versions_.find(streamId); it != versions_.end()) return it->second;
  return cache_.get(db_, streamId);
}

StagedAnswer BatchStager::stage(AppendRequest& request) {
  if (auto bad = checkRequest(request)) return {*bad, false};
  if (!request.commandId.empty()) {
    if (auto it = commands_.find(request.commandId); it != commands_.end()) {
      AppendResult first = it->second;
      first.duplicate = true;
      return {first, true};
    }
    auto found = findCommand(db_, request.commandId);
    if (!found) return {found.error(), false};
    if (found.value()) {
      AppendResult first = *found.value();
      first.duplicate = true;
      return {first, false};
    }
  }
  // Every stream's expected version holds, or nothing of the request is staged.
  std::vector<uint64_t> versions;
  auto check = [&](const std::string& streamId, const ExpectedVersion& expected) -> std::optional<StoreError> {
    auto current = currentVersion(streamId);
    if (!current) return current.error();
    if (auto conflict = checkExpected(streamId, expected, current.value())) return conflict;
    versions.push_back(current.value());
    return std::nullopt;
  };
  if (auto error = check(request.streamId, request.expected)) return {*error, false};
  for (const StreamAppend& part : request.more) {
    if (auto error = check(part.streamId, part.expected)) return {*error, false};
  }

  const LogHead start = head_;
  const uint64_t startEvents = events_;
  batch_.SetSavePoint();
  auto fail = [&](const StoreError& error) {
    batch_.RollbackToSavePoint();
    head_ = start;
    events_ = startEvents;
    return StagedAnswer{error, false};
  };
  // recordedAt never decreases along positions, even if the server clock steps back.
  const int64_t recordedAt = std::max(request.recordedAt, head_.recordedAt);
  AppendResult result;
  result.streamId = request.streamId;
  result.firstPosition = head_.position + 1;
  if (auto error = stageEvents(request, request.streamId, request.events, versions[0], recordedAt)) return fail(*error);
  for (size_t i = 0; i < request.more.size(); ++i) {
    StreamAppend& part = request.more[i];
    if (auto error = stageEvents(request, part.streamId, part.events, versions[i + 1], recordedAt)) return fail(*error);
  }
  result.lastPosition = head_.position;
  result.streamVersion = versions[0] + request.events.size();
  if (!request.commandId.empty()) {
    auto status = batch_.Put(db_.commands(), request.commandId, encodeCommandRecord(result));
    if (!status.ok()) return fail(invalid(request, "the command id cannot be stored: " + status.ToString()));
    commands_[request.commandId] = result;
  }
  batch_.PopSavePoint();
  versions_[request.streamId] = result.streamVersion;
  for (size_t i = 0; i < request.more.size(); ++i) {
    versions_[request.more[i].streamId] = versions[i + 1] + request.more[i].events.size();
  }
  return {result, true};
}

std::optional<StoreError> BatchStager::stageEvents(const AppendRequest& request, const std::string& streamId,
                                                   std::vector<NewEvent>& events, uint64_t version,
                                                   int64_t recordedAt) {
  rocksdb::Status status;
  try {
    for (NewEvent& event : events) {
      const uint64_t position = head_.position + 1;
      ++version;
      auto envelope = event.message->getRoot<schema::EventEnvelope>();
      envelope.setPosition(position);
      envelope.setStreamId(streamId);
      envelope.setStreamVersion(version);
      envelope.setRecordedAt(recordedAt);
      envelope.setPrevHash(capnp::Data::Reader(head_.hash.data(), head_.hash.size()));
      if (envelope.hasHash()) envelope.disownHash();  // stored empty: the hash prefixes the value instead

      kj::Array<capnp::word> words = capnp::messageToFlatArray(*event.message);
      std::string_view bytes = asChars(words.asBytes());
      const Hash hash = chainHash(head_.hash, bytes);
      std::string value;
      value.reserve(hash.size() + bytes.size());
      value.append(reinterpret_cast<const char*>(hash.data()), hash.size());
      value.append(bytes);

      const std::string positionKey = keys::position(position);
      status = batch_.Put(db_.events(), positionKey, value);
      if (status.ok()) status = batch_.Put(db_.streams(), keys::streamVersion(streamId, version), positionKey);
      const auto type = static_cast<uint16_t>(envelope.getPayload().which());
      if (status.ok()) status = batch_.Put(db_.byType(), keys::byType(type, position), "");
      for (capnp::Text::Reader unit : envelope.getUnits()) {
        std::string_view unitId(unit.cStr(), unit.size());
        if (auto bad = checkKeyPart(unitId, "a unit id")) return invalid(request, bad->message);
        if (status.ok()) status = batch_.Put(db_.byUnit(), keys::byUnit(unitId, position), "");
      }
      if (!status.ok()) return invalid(request, "the event cannot be stored: " + status.ToString());
      head_ = {position, hash, recordedAt};
      ++events_;
    }
  } catch (const kj::Exception& e) {
    return invalid(request, std::string("an event's message is malformed: ") + e.getDescription().cStr());
  }
  return std::nullopt;
}

void BatchStager::publish() {
  for (const auto& [streamId, version] : versions_) cache_.set(streamId, version);
}

}  // namespace qingling::store
