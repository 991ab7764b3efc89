// Damage to RocksDB's own files of a closed store, as a failing disk leaves it: bytes overwritten in the middle
// of the write-ahead log or of a table file, a table file cut short, and a WAL whose tail is cut. The log refuses
// to open, naming the file and the runbook, unless the damage is a cut WAL tail (the batch being written when the
// process died, never acknowledged), which is dropped; it never opens with acknowledged events silently missing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

namespace fs = std::filesystem;

class DamagedFilesTest : public LogTest {
 protected:
  static constexpr int kAppends = 60;  // 4 events of ~1.5 KB each: a WAL of several 32 KiB blocks

  void SetUp() override {
    LogTest::SetUp();
    for (int i = 0; i < kAppends; ++i) {
      AppendRequest request;
      request.streamId = "s-" + std::to_string(i % 4);
      for (int k = 0; k < 4; ++k) request.events.push_back(noteEvent(std::string(1500, static_cast<char>('a' + k))));
      ASSERT_TRUE(log_->append(std::move(request)).ok());
    }
  }

  // The largest file of the store with this extension (.log: the WAL, .sst: a table of the events family).
  std::string largest(const std::string& extension) {
    std::string best;
    uintmax_t bestSize = 0;
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
      if (entry.path().extension() == extension && entry.file_size() > bestSize) {
        best = entry.path().string();
        bestSize = entry.file_size();
      }
    }
    return best;
  }

  static void overwriteMiddle(const std::string& path) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(fs::file_size(path) / 2));
    file.write("\x13\x37\xde\xad\xbe\xef\x42\x42", 8);
  }

  StoreError openFails() {
    auto opened = EventLog::open(options_);
    EXPECT_FALSE(opened.ok()) << "a damaged store opened";
    return opened.ok() ? StoreError{} : opened.error();
  }
};

TEST_F(DamagedFilesTest, WalOverwrittenInTheMiddleRefusesToOpen) {
  close();  // the WAL still holds every batch: nothing was flushed yet
  std::string wal = largest(".log");
  ASSERT_FALSE(wal.empty());
  ASSERT_GT(fs::file_size(wal), 64u * 1024);
  overwriteMiddle(wal);
  StoreError error = openFails();
  EXPECT_EQ(error.code, StoreErrc::corruption);
  EXPECT_NE(error.message.find(wal), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("acknowledged"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("ops/runbook-storage.md"), std::string::npos) << error.message;
  EXPECT_TRUE(fs::exists(wal)) << "the evidence is kept";
  // Refused again on the next try: nothing was replayed or deleted by the first attempt.
  EXPECT_EQ(openFails().code, StoreErrc::corruption);
}

TEST_F(DamagedFilesTest, WalWithACutTailDropsOnlyTheBatchBeingWritten) {
  close();
  std::string wal = largest(".log");
  ASSERT_FALSE(wal.empty());
  fs::resize_file(wal, fs::file_size(wal) - 100);  // the last batch, cut while being written
  reopen();
  ASSERT_TRUE(log_);
  EXPECT_EQ(log_->head().position, 4u * (kAppends - 1));
  auto report = log_->verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact) << report->problem;
}

TEST_F(DamagedFilesTest, TableOverwrittenInTheMiddleRefusesToOpen) {
  reopen();  // recovery flushes the WAL into table files
  close();
  std::string table = largest(".sst");
  ASSERT_FALSE(table.empty());
  overwriteMiddle(table);
  StoreError error = openFails();
  EXPECT_EQ(error.code, StoreErrc::corruption);
  EXPECT_NE(error.message.find(table), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("ops/runbook-storage.md"), std::string::npos) << error.message;
}

TEST_F(DamagedFilesTest, TableCutShortRefusesToOpen) {
  reopen();
  close();
  std::string table = largest(".sst");
  ASSERT_FALSE(table.empty());
  fs::resize_file(table, fs::file_size(table) / 2);
  StoreError error = openFails();
  EXPECT_EQ(error.code, StoreErrc::corruption);
  EXPECT_NE(error.message.find(table), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("ops/runbook-storage.md"), std::string::npos) << error.message;
}

}  // namespace
}  // namespace qingling::store::testing
