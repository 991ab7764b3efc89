// The RocksDB database of the event log with its column families (layout: store/key_format.h), a consistent
// read view over it, and the translation of rocksdb::Status into StoreError. Private to the store.
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/store_error.h"

namespace qingling::store {

// The database and column-family options the log opens with; also used by the raw-RocksDB limit benchmark
// (tests/bench/rocksdb_limit.cc), so the limit is measured on exactly the store's settings.
rocksdb::DBOptions logDbOptions();
rocksdb::ColumnFamilyOptions logFamilyOptions(std::string_view family);

class LogDb {
 public:
  // Opens or creates the database, creating missing column families. The error says what to do when the
  // directory is locked by another process, unwritable or damaged.
  static Result<std::unique_ptr<LogDb>> open(const std::string& path);
  ~LogDb();  // releases the column family handles before the database
  LogDb(const LogDb&) = delete;
  LogDb& operator=(const LogDb&) = delete;

  rocksdb::DB& db() const { return *db_; }
  const std::string& path() const { return path_; }
  rocksdb::ColumnFamilyHandle* events() const { return events_; }
  rocksdb::ColumnFamilyHandle* streams() const { return streams_; }
  rocksdb::ColumnFamilyHandle* byType() const { return byType_; }
  rocksdb::ColumnFamilyHandle* byUnit() const { return byUnit_; }
  rocksdb::ColumnFamilyHandle* commands() const { return commands_; }

 private:
  LogDb() = default;

  std::string path_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned: every family opened, including default
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* byType_ = nullptr;
  rocksdb::ColumnFamilyHandle* byUnit_ = nullptr;
  rocksdb::ColumnFamilyHandle* commands_ = nullptr;
};

// One RocksDB snapshot shared by every iterator and lookup of a read, so that the indexes and the events they
// point to are seen at the same instant. Lives no longer than its LogDb.
class ReadView {
 public:
  explicit ReadView(const LogDb& db);
  ~ReadView();
  ReadView(const ReadView&) = delete;
  ReadView& operator=(const ReadView&) = delete;

  const LogDb& log() const { return db_; }
  const rocksdb::ReadOptions& options() const { return options_; }
  std::unique_ptr<rocksdb::Iterator> iterate(rocksdb::ColumnFamilyHandle* family) const;

 private:
  const LogDb& db_;
  const rocksdb::Snapshot* snapshot_;
  rocksdb::ReadOptions options_;
};

// `what` names the operation ("appending to the event log"); the message adds where and what to do.
StoreError statusError(const rocksdb::Status& status, std::string_view what, std::string_view path);

}  // namespace qingling::store
