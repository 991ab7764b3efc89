// Validation and staging of appends for one group commit (see append_batch.h).
#include "store/append_batch.h"

#include <capnp/serialize.h>
#include <kj/exception.h>

#include <algorithm>

#include "store/command_record.h"
#include "store/hash_chain.h"
#include "store/key_format.h"

namespace qingling::store {
namespace {

StoreError invalid(const AppendRequest& request, std::string_view what) {
  return {StoreErrc::invalidArgument, "append to stream '" + request.streamId + "': " + std::string(what)};
}

std::optional<StoreError> checkRequest(const AppendRequest& request) {
  if (request.streamId.empty()) return invalid(request, "the stream id is empty");
  if (auto bad = checkKeyPart(request.streamId, "a stream id")) return bad;
  if (request.events.empty()) return invalid(request, "no events to append");
  for (const NewEvent& event : request.events) {
    if (!event.message) return invalid(request, "an event has no message");
  }
  return std::nullopt;
}

std::optional<StoreError> checkExpected(const AppendRequest& request, uint64_t current) {
  const ExpectedVersion& expected = request.expected;
  auto conflict = [&](const std::string& wanted) {
    return StoreError{StoreErrc::versionConflict, "stream '" + request.streamId + "': expected " + wanted +
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
  auto current = currentVersion(request.streamId);
  if (!current) return {current.error(), false};
  if (auto conflict = checkExpected(request, current.value())) return {*conflict, false};

  AppendResult result;
  if (auto error = stageEvents(request, current.value(), result)) return {*error, false};
  versions_[request.streamId] = result.streamVersion;
  if (!request.commandId.empty()) commands_[request.commandId] = result;
  return {result, true};
}

std::optional<StoreError> BatchStager::stageEvents(AppendRequest& request, uint64_t version, AppendResult& result) {
  const LogHead start = head_;
  const uint64_t startEvents = events_;
  batch_.SetSavePoint();
  auto fail = [&](const StoreError& error) {
    batch_.RollbackToSavePoint();
    head_ = start;
    events_ = startEvents;
    return error;
  };
  // recordedAt never decreases along positions, even if the server clock steps back.
  const int64_t recordedAt = std::max(request.recordedAt, head_.recordedAt);
  result.streamId = request.streamId;
  result.firstPosition = head_.position + 1;
  rocksdb::Status status;
  try {
    for (NewEvent& event : request.events) {
      const uint64_t position = head_.position + 1;
      ++version;
      auto envelope = event.message->getRoot<schema::EventEnvelope>();
      envelope.setPosition(position);
      envelope.setStreamId(request.streamId);
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
      if (status.ok()) status = batch_.Put(db_.streams(), keys::streamVersion(request.streamId, version), positionKey);
      const auto type = static_cast<uint16_t>(envelope.getPayload().which());
      if (status.ok()) status = batch_.Put(db_.byType(), keys::byType(type, position), "");
      for (capnp::Text::Reader unit : envelope.getUnits()) {
        std::string_view unitId(unit.cStr(), unit.size());
        if (auto bad = checkKeyPart(unitId, "a unit id")) return fail(invalid(request, bad->message));
        if (status.ok()) status = batch_.Put(db_.byUnit(), keys::byUnit(unitId, position), "");
      }
      if (!status.ok()) return fail(invalid(request, "the event cannot be stored: " + status.ToString()));
      head_ = {position, hash, recordedAt};
      ++events_;
    }
  } catch (const kj::Exception& e) {
    return fail(invalid(request, std::string("an event's message is malformed: ") + e.getDescription().cStr()));
  }
  result.lastPosition = head_.position;
  result.streamVersion = version;
  if (!request.commandId.empty()) {
    status = batch_.Put(db_.commands(), request.commandId, encodeCommandRecord(result));
    if (!status.ok()) return fail(invalid(request, "the command id cannot be stored: " + status.ToString()));
  }
  batch_.PopSavePoint();
  return std::nullopt;
}

void BatchStager::publish() {
  for (const auto& [streamId, version] : versions_) cache_.set(streamId, version);
}

}  // namespace qingling::store
