// Builders and fixtures shared by the store tests: a fresh temporary directory per test, an opened log in it,
// envelopes with a `note` or `hazardRecorded` payload, and raw RocksDB access for corruption tests.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/event_log.h"
#include "tests/support/temp_dir.h"

namespace qingling::store::testing {

using qingling::testing::TempDir;

NewEvent noteEvent(std::string_view text, const std::vector<std::string>& units = {}, int64_t occurredAt = 0);
NewEvent hazardEvent(std::string_view hazardId, const std::vector<std::string>& units = {});

// `count` note events "<stream>#<i>" for one stream.
AppendRequest noteAppend(std::string streamId, ExpectedVersion expected, int count = 1, std::string commandId = "",
                         const std::vector<std::string>& units = {}, int64_t recordedAt = 0);

// Positions of a batch of events, for compact assertions.
std::vector<uint64_t> positionsOf(const std::vector<RecordedEvent>& events);

VerifyOptions expecting(const Digest& digest);
VerifyOptions upTo(uint64_t position);

// The whole log from position 1, page by page.
std::vector<RecordedEvent> readEverything(const EventLog& log);

// A log in a fresh directory, reopened on demand; options() may be changed before reopen().
class LogTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }
  void reopen();
  void close() { log_.reset(); }
  LogOptions& options() { return options_; }

  TempDir dir_;
  LogOptions options_{.path = dir_.path()};
  std::unique_ptr<EventLog> log_;
};

// The log's RocksDB opened directly, with every column family, to damage it the way a disk or an intruder
// would. The EventLog must be closed first.
class RawDb {
 public:
  explicit RawDb(const std::string& path);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  std::string get(std::string_view family, std::string_view key);
  void put(std::string_view family, std::string_view key, std::string_view value);
  void remove(std::string_view family, std::string_view key);

 private:
  rocksdb::ColumnFamilyHandle* family(std::string_view name);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<std::string> names_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace qingling::store::testing
