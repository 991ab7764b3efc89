// The "done when": `qingling verify` on a log of 100,000 events reports it intact, and after one byte
// of one stored event is flipped on disk it exits 4 naming that event's position.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <condition_variable>
#include <mutex>

#include "schemas/events.capnp.h"
#include "store/event_log.h"
#include "store/key_format.h"
#include "tests/server/server_process.h"

namespace qingling::server::testing {
namespace {

constexpr uint64_t kEvents = 100'000;
constexpr uint64_t kPerAppend = 100;
constexpr uint64_t kAppendsPerWave = 50;  // appends in flight at once: they share group commits
constexpr uint64_t kDamaged = 50'000;

store::AppendRequest bulkAppend(uint64_t n) {
  store::AppendRequest request;
  request.streamId = "bulk-" + std::to_string(n % 16);
  request.recordedAt = 1684540800LL * 1'000'000;
  for (uint64_t i = 0; i < kPerAppend; ++i) {
    store::NewEvent event{std::make_unique<capnp::MallocMessageBuilder>(64)};
    auto envelope = event.message->initRoot<schema::EventEnvelope>();
    envelope.setOccurredAt(request.recordedAt);
    envelope.setCommandId("bulk-" + std::to_string(n));
    envelope.initActor().setUser("bulk-loader");
    envelope.initPayload().initNote().setText("bulk note " + std::to_string(n * kPerAppend + i));
    request.events.push_back(std::move(event));
  }
  return request;
}

// Writes kEvents note events straight into the store the server will open.
void fillStore(const std::string& path) {
  auto opened = store::EventLog::open(store::LogOptions{path});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  store::EventLog& log = *opened.value();
  for (uint64_t wave = 0; wave < kEvents / kPerAppend / kAppendsPerWave; ++wave) {
    std::mutex mutex;
    std::condition_variable done;
    uint64_t pending = kAppendsPerWave;
    std::string failure;
    for (uint64_t i = 0; i < kAppendsPerWave; ++i) {
      log.appendAsync(bulkAppend(wave * kAppendsPerWave + i), [&](store::Result<store::AppendResult> result) {
        std::lock_guard lock(mutex);
        if (!result.ok()) failure = result.error().message;
        if (--pending == 0) done.notify_one();
      });
    }
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return pending == 0; });
    ASSERT_EQ(failure, "");
  }
  ASSERT_EQ(log.head().position, kEvents);
}

// Opens the store's RocksDB behind the server's back and flips one byte of the envelope stored at `position`
// (past the 32-byte hash that prefixes it).
void flipByteOfEvent(const std::string& path, uint64_t position) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &raw);
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ColumnFamilyHandle* events = nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == store::keys::kEvents) events = handles[i];
  }
  ASSERT_NE(events, nullptr);
  std::string value;
  ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), events, store::keys::position(position), &value).ok());
  ASSERT_GT(value.size(), store::keys::kHashSize + 8);
  value[store::keys::kHashSize + (value.size() - store::keys::kHashSize) / 2] ^= 0x20;
  rocksdb::WriteOptions sync;
  sync.sync = true;
  ASSERT_TRUE(db->Put(sync, events, store::keys::position(position), value).ok());
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  ASSERT_TRUE(db->Close().ok());
}

TEST(Verify100kTest, ReportsIntactThenNamesTheOneFlippedByte) {
  ServerProcess server({}, /*startNow=*/false);
  fillStore(server.storePath());
  if (HasFatalFailure()) return;

  server.start();  // bootstraps the admin on top: three more events
  CliResult intact = runCli(server, {"verify"});
  EXPECT_EQ(intact.exitCode, 0) << intact.output;
  EXPECT_NE(intact.output.find("intact: " + std::to_string(kEvents + 3) + " events"), std::string::npos)
      << intact.output;
  ASSERT_EQ(server.stop(), 0) << server.serverOutput();

  flipByteOfEvent(server.storePath(), kDamaged);
  if (HasFatalFailure()) return;

  server.start();
  CliResult broken = runCli(server, {"verify"});
  EXPECT_EQ(broken.exitCode, 4) << broken.output;
  EXPECT_NE(broken.output.find("BROKEN at position " + std::to_string(kDamaged)), std::string::npos) << broken.output;
  CliResult before = runCli(server, {"verify", "--up-to", std::to_string(kDamaged - 1)});
  EXPECT_EQ(before.exitCode, 0) << before.output;
  EXPECT_EQ(server.stop(), 0) << server.serverOutput();
}

}  // namespace
}  // namespace qingling::server::testing
