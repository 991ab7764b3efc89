// Opening the event log's RocksDB database. Durability rests on three settings: every group commit is one
// WriteBatch (atomic in the WAL), appends are written with sync, and WAL recovery stops at the first torn
// record (point-in-time), so a crash leaves whole batches or nothing.
#include "store/log_db.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <filesystem>

#include "store/info_log.h"
#include "store/key_format.h"
#include "store/wal_check.h"

namespace qingling::store {
namespace {

// After a failed write RocksDB stops accepting writes (paranoid_checks). For a full disk its default
// SstFileManager would start an automatic recovery that polls every 5 s and clears the error only once 64 MiB
// (the write buffer) are free, and while it runs DB::Resume() answers Busy: on a small volume writes never came
// back, and when they did it was at a moment nobody chose. The log resumes itself instead, before the next batch
// (store/append_writer.cc), as soon as a write is wanted and the flush that Resume() needs fits.
class ManualRecovery final : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status error, bool* autoRecovery) override {
    error.PermitUncheckedError();
    *autoRecovery = false;
  }
};

}  // namespace

rocksdb::DBOptions logDbOptions() {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.manual_wal_flush = false;
  // Also makes RocksDB stop accepting writes after a failed WAL write, so the positions of a batch whose outcome
  // is unknown are not handed out again until DB::Resume() has flushed the memtables and retired the WAL that
  // may hold part of it (or the log is reopened and its head re-read).
  options.paranoid_checks = true;
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  options.keep_log_file_num = 10;
  options.max_background_jobs = 2;
  options.listeners.push_back(std::make_shared<ManualRecovery>());
  return options;
}

rocksdb::ColumnFamilyOptions logFamilyOptions(std::string_view name) {
  rocksdb::ColumnFamilyOptions options;
  if (name == keys::kCommands) {
    // Every idempotent append looks its command id up, and almost all of them are new: a bloom filter answers
    // "absent" without reading a block.
    rocksdb::BlockBasedTableOptions table;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  }
  return options;
}

namespace {

bool isLockError(const rocksdb::Status& status) {
  std::string text = status.ToString();
  return status.IsIOError() && (text.find("lock") != std::string::npos || text.find("LOCK") != std::string::npos);
}

}  // namespace

Result<std::unique_ptr<LogDb>> LogDb::open(const std::string& path) {
  if (path.empty()) return StoreError{StoreErrc::invalidArgument, "the event log needs a directory path; none given"};

  std::vector<std::string> names;
  // Fails on a new directory; the families below are created then. Existing families we do not know (a newer
  // version's) are opened too, because RocksDB refuses to open a database without all of them.
  rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names);
  for (const char* name : {rocksdb::kDefaultColumnFamilyName.c_str(), keys::kEvents, keys::kStreams, keys::kByType,
                           keys::kByUnit, keys::kCommands}) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) families.emplace_back(name, logFamilyOptions(name));

  std::unique_ptr<LogDb> log(new LogDb());
  log->path_ = path;
  rocksdb::DB* raw = nullptr;
  if (std::filesystem::exists(path + "/CURRENT")) {
    if (auto damaged = checkWriteAheadLogs(path)) return *damaged;
  }
  rocksdb::DBOptions options = logDbOptions();
  options.info_log = openInfoLog(path);
  rocksdb::Status status = rocksdb::DB::Open(options, path, families, &log->handles_, &raw);
  if (!status.ok()) {
    if (isLockError(status)) {
      return StoreError{StoreErrc::ioError, "the event log at " + path +
                                                " is already open (its LOCK file is held by another process or "
                                                "another EventLog in this one): stop the other server using it or "
                                                "choose another data directory (" +
                                                status.ToString() + ")"};
    }
    return statusError(status, "opening the event log", path);
  }
  log->db_.reset(raw);
  // Every block of every table file is read once and checked against its checksum before the server takes a
  // request. Open alone checks only what it reads (footers, indexes, the newest event): a damaged block in the
  // middle of a table opens fine and stays hidden until some read or audit touches it, perhaps months later,
  // while new events are appended on top of history that can no longer be read. A serious store refuses to
  // start on damaged files instead; the price is one sequential read of the tables at start (about the speed of
  // reading them; the store's data is compact), paid once per start.
  if (rocksdb::Status verified = raw->VerifyChecksum(); !verified.ok()) {
    return statusError(verified, "checking the event log's files", path);  // ~LogDb closes the database
  }
  for (size_t i = 0; i < names.size(); ++i) {
    rocksdb::ColumnFamilyHandle* handle = log->handles_[i];
    if (names[i] == keys::kEvents) log->events_ = handle;
    if (names[i] == keys::kStreams) log->streams_ = handle;
    if (names[i] == keys::kByType) log->byType_ = handle;
    if (names[i] == keys::kByUnit) log->byUnit_ = handle;
    if (names[i] == keys::kCommands) log->commands_ = handle;
  }
  return log;
}

LogDb::~LogDb() {
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  db_->Close();
}

ReadView::ReadView(const LogDb& db) : db_(db), snapshot_(db.db().GetSnapshot()) { options_.snapshot = snapshot_; }

ReadView::~ReadView() { db_.db().ReleaseSnapshot(snapshot_); }

std::unique_ptr<rocksdb::Iterator> ReadView::iterate(rocksdb::ColumnFamilyHandle* family) const {
  return std::unique_ptr<rocksdb::Iterator>(db_.db().NewIterator(options_, family));
}

StoreError statusError(const rocksdb::Status& status, std::string_view what, std::string_view path) {
  std::string detail = status.ToString();
  std::string where = std::string(what) + " at " + std::string(path);
  if (status.IsNoSpace() || (status.IsIOError() && detail.find("No space") != std::string::npos)) {
    return {StoreErrc::storageFull, "storage full: the data directory " + std::string(path) + " has no space left (" +
                                        std::string(what) + ": " + detail + "); free space or grow the volume"};
  }
  if (status.IsCorruption()) {
    return {StoreErrc::corruption, where + " failed: RocksDB found damaged files (" + detail +
                                       "). Stop the server, keep a copy of the whole directory (do not delete or "
                                       "edit its files) and restore from the last archive: see "
                                       "ops/runbook-storage.md"};
  }
  return {StoreErrc::ioError,
          where + " failed: " + detail + ". Check the directory exists, is writable and the disk is healthy"};
}

}  // namespace qingling::store
