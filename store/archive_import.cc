#include "store/archive_import.h"

#include <filesystem>
#include <map>

#include "store/archive_format.h"
#include "store/command_record.h"
#include "store/hash_chain.h"
#include "store/key_format.h"
#include "store/log_db.h"
#include "store/verify.h"

namespace qingling::store {
namespace {

namespace fs = std::filesystem;
constexpr uint64_t kBatchEvents = 4096;
constexpr uint64_t kProgressEvery = 16384;

StoreError corrupt(const std::string& file, const std::string& problem) {
  return StoreError{StoreErrc::corruption, file + ": " + problem + "; nothing was imported"};
}

// Pass 1: the archive is a whole, unbroken chain ending at its header's digest.
std::optional<StoreError> checkArchive(const std::string& file,
                                       const std::function<void(uint64_t, uint64_t)>& progress) {
  auto reader = ArchiveReader::open(file);
  if (!reader) return reader.error();
  const ArchiveHeader header = reader.value()->header();
  if (header.from != 1) {
    return StoreError{StoreErrc::invalidArgument,
                      file + " holds positions " + std::to_string(header.from) + ".." + std::to_string(header.to) +
                          ": only a whole-log export (from position 1) can be imported; export again without --from"};
  }
  Hash prev = kGenesisHash;
  uint64_t expected = 1;
  std::string value;
  for (uint64_t position = 0;; ++expected) {
    auto more = reader.value()->next(position, value);
    if (!more) return more.error();
    if (!more.value()) break;
    if (position != expected) {
      return corrupt(file, "position " + std::to_string(expected) + " is missing (the next record is position " +
                               std::to_string(position) + ")");
    }
    Hash hash{};
    if (std::string problem = checkChainedEvent(position, value, prev, hash); !problem.empty()) {
      return corrupt(file, problem);
    }
    prev = hash;
    if (progress && position % kProgressEvery == 0) progress(position, header.to * 2);
  }
  const uint64_t last = expected - 1;
  if (last != header.to) {
    return corrupt(file, "the file ends at position " + std::to_string(last) + " but its header names position " +
                             std::to_string(header.to) + ": it was cut short");
  }
  if (prev != header.endHash) {
    return corrupt(file, "the chain ends at " + std::to_string(last) + ":" + toHex(prev) +
                             " but the header's digest says " + toHex(header.endHash));
  }
  return std::nullopt;
}

// The index keys the append path writes for one event (store/append_batch.cc), and the command record of the
// append it came from, rebuilt: its first stream, first and last position, and that stream's version after it.
class IndexRebuilder {
 public:
  explicit IndexRebuilder(const LogDb& db) : db_(db) {}

  rocksdb::Status add(rocksdb::WriteBatch& batch, const RecordedEvent& event, std::string_view value) {
    auto envelope = event.envelope();
    const uint64_t position = event.position();
    const std::string positionKey = keys::position(position);
    const std::string streamId = envelope.getStreamId();
    auto status = batch.Put(db_.events(), positionKey, rocksdb::Slice(value.data(), value.size()));
    if (status.ok())
      status = batch.Put(db_.streams(), keys::streamVersion(streamId, envelope.getStreamVersion()), positionKey);
    const auto type = static_cast<uint16_t>(envelope.getPayload().which());
    if (status.ok()) status = batch.Put(db_.byType(), keys::byType(type, position), "");
    for (auto unit : envelope.getUnits()) {
      if (status.ok())
        status = batch.Put(db_.byUnit(), keys::byUnit(std::string_view(unit.cStr(), unit.size()), position), "");
    }
    const std::string commandId = envelope.getCommandId();
    if (!commandId.empty()) {
      auto [it, fresh] = commands_.try_emplace(commandId);
      AppendResult& result = it->second;
      if (fresh) {
        result.streamId = streamId;
        result.firstPosition = position;
      }
      if (result.lastPosition + 1 == position || fresh) {
        result.lastPosition = position;
        if (result.streamId == streamId) result.streamVersion = envelope.getStreamVersion();
      }
    }
    return status;
  }

  rocksdb::Status finish(rocksdb::WriteBatch& batch) {
    rocksdb::Status status;
    for (const auto& [commandId, result] : commands_) {
      if (status.ok()) status = batch.Put(db_.commands(), commandId, encodeCommandRecord(result));
    }
    return status;
  }

 private:
  const LogDb& db_;
  std::map<std::string, AppendResult> commands_;
};

// Pass 2: writes the checked archive into `target`.
std::optional<StoreError> writeStore(const std::string& target, const std::string& file,
                                     const std::function<void(uint64_t, uint64_t)>& progress) {
  auto db = LogDb::open(target);
  if (!db) return db.error();
  auto reader = ArchiveReader::open(file);
  if (!reader) return reader.error();
  const uint64_t total = reader.value()->header().to;
  IndexRebuilder indexes(*db.value());
  rocksdb::WriteOptions sync;
  sync.sync = true;
  rocksdb::WriteBatch batch;
  uint64_t position = 0;
  std::string value;
  auto write = [&]() -> std::optional<StoreError> {
    auto status = db.value()->db().Write(sync, &batch);
    batch.Clear();
    if (!status.ok()) return statusError(status, "importing the archive", target);
    return std::nullopt;
  };
  for (;;) {
    auto more = reader.value()->next(position, value);
    if (!more) return more.error();
    if (!more.value()) break;
    RecordedEvent event(position, value);  // decodes: pass 1 checked it
    if (auto status = indexes.add(batch, event, value); !status.ok()) return statusError(status, "importing", target);
    if (position % kBatchEvents == 0) {
      if (auto error = write()) return error;
    }
    if (progress && position % kProgressEvery == 0) progress(total + position, total * 2);
  }
  if (auto status = indexes.finish(batch); !status.ok()) return statusError(status, "importing", target);
  return write();
}

}  // namespace

Result<Digest> importArchive(const std::string& storePath, const std::string& archivePath,
                             const std::function<void(uint64_t done, uint64_t total)>& progress) {
  std::error_code ec;
  if (fs::exists(storePath, ec) && !fs::is_empty(storePath, ec)) {
    return StoreError{StoreErrc::invalidArgument, "the store " + storePath +
                                                      " already exists: import only into an empty data directory "
                                                      "(make a new one; never import over a live store)"};
  }
  if (auto error = checkArchive(archivePath, progress)) return *error;
  auto header = ArchiveReader::open(archivePath);
  if (!header) return header.error();
  const Digest digest{header.value()->header().to, header.value()->header().endHash};

  const std::string staging = storePath + ".importing";
  fs::remove_all(staging, ec);
  if (auto error = writeStore(staging, archivePath, progress)) {
    fs::remove_all(staging, ec);
    return *error;
  }
  fs::remove(storePath, ec);  // the empty directory, if there was one
  fs::rename(staging, storePath, ec);
  if (ec) {
    return StoreError{StoreErrc::ioError,
                      "moving the imported store " + staging + " to " + storePath + " failed: " + ec.message()};
  }
  auto log = EventLog::open(LogOptions{.path = storePath});
  if (!log) return log.error();
  VerifyOptions options;
  options.expect = digest;
  auto report = log.value()->verify(options);
  if (!report) return report.error();
  if (!report->intact) {
    return StoreError{StoreErrc::corruption, "the imported store does not verify at position " +
                                                 std::to_string(report->firstBad) + ": " + report->problem};
  }
  return log.value()->head();
}

}  // namespace qingling::store
