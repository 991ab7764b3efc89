// The data directory's file system fills up, for real: a 8 MiB tmpfs (root only; skipped otherwise) mostly taken
// by a filler file. Appends are refused with storageFull naming the directory, every request of the failed
// batch gets the error, the head does not move, reads and verify keep working, the state is reported once per
// change, and once the filler is deleted appends succeed again without reopening; after a reopen every
// acknowledged append is there and the chain verifies.
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <optional>
#include <vector>

#include "tests/store/test_events.h"
#include "tests/support/small_volume.h"

namespace qingling::store::testing {
namespace {

using qingling::testing::SmallVolume;

constexpr uint64_t kVolume = 8u << 20;
constexpr uint64_t kHeadroom = 192u << 10;  // what the filler leaves: a few dozen appends
constexpr int kMaxAppends = 2000;           // bound on the fill loop; far more than the headroom holds

AppendRequest bulkyAppend(const std::string& streamId, int index) {
  AppendRequest request;
  request.streamId = streamId;
  request.commandId = "cmd-" + std::to_string(index);
  for (int i = 0; i < 4; ++i) {
    request.events.push_back(noteEvent(std::string(1500, static_cast<char>('a' + index % 26))));
    request.events.back().message->getRoot<schema::EventEnvelope>().setCommandId(request.commandId);
  }
  return request;
}

class StorageFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!volume_.skipReason().empty()) GTEST_SKIP() << volume_.skipReason();
    options_.path = volume_.path() + "/events";
    options_.onWriteState = [this](const StoreError* fault) {
      std::lock_guard lock(statesMutex_);
      states_.push_back(fault ? std::optional<StoreErrc>(fault->code) : std::nullopt);
    };
    open();
  }

  void open() {
    auto opened = EventLog::open(options_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    log_ = std::move(opened.value());
  }

  std::vector<std::optional<StoreErrc>> states() {
    std::lock_guard lock(statesMutex_);
    return states_;
  }

  SmallVolume volume_{kVolume};
  LogOptions options_;
  std::unique_ptr<EventLog> log_;
  std::mutex statesMutex_;
  std::vector<std::optional<StoreErrc>> states_;
};

TEST_F(StorageFullTest, RefusesWhileFullKeepsReadingAndResumesWhenSpaceIsFreed) {
  std::string fillError;
  ASSERT_TRUE(volume_.fill(kHeadroom, fillError)) << fillError;

  // Fill: acknowledged appends until the first refusal.
  int acknowledged = 0;
  std::optional<StoreError> refusal;
  for (int i = 0; i < kMaxAppends && !refusal; ++i) {
    auto result = log_->append(bulkyAppend("s-" + std::to_string(i % 3), i));
    if (result.ok()) {
      ASSERT_EQ(result->lastPosition, static_cast<uint64_t>(4 * (i + 1)));
      ++acknowledged;
    } else {
      refusal = result.error();
    }
  }
  ASSERT_TRUE(refusal) << "the volume never filled";
  ASSERT_GT(acknowledged, 0);
  EXPECT_EQ(refusal->code, StoreErrc::storageFull) << refusal->message;
  EXPECT_NE(refusal->message.find("storage full: the data directory " + options_.path + " has no space left"),
            std::string::npos)
      << refusal->message;
  EXPECT_NE(refusal->message.find("free space or grow the volume, writes resume automatically"), std::string::npos)
      << refusal->message;
  const uint64_t ackedEnd = 4 * static_cast<uint64_t>(acknowledged);
  const Digest before = log_->head();
  EXPECT_EQ(before.position, ackedEnd);

  // Still full: a group of concurrent appends, every one refused (each waiter of the batch gets the error), and
  // a duplicate of an acknowledged command is still answered from what is stored.
  std::vector<std::promise<Result<AppendResult>>> answers(8);
  for (int i = 0; i < 8; ++i) {
    log_->appendAsync(bulkyAppend("s-late", 10000 + i),
                      [&answers, i](Result<AppendResult> result) { answers[i].set_value(std::move(result)); });
  }
  for (auto& answer : answers) {
    auto result = answer.get_future().get();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, StoreErrc::storageFull) << result.error().message;
  }
  auto duplicate = log_->append(bulkyAppend("s-0", 0));
  ASSERT_TRUE(duplicate.ok()) << duplicate.error().message;
  EXPECT_TRUE(duplicate->duplicate);

  // Reads and verify work; nothing of the refused batches is visible; the head did not move.
  EXPECT_EQ(log_->head().position, before.position);
  EXPECT_EQ(log_->head().hash, before.hash);
  auto stream = log_->readStream("s-0", 1, false, 0);
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  EXPECT_FALSE(stream->empty());
  auto late = log_->readStream("s-late", 1, false, 0);
  ASSERT_TRUE(late.ok());
  EXPECT_TRUE(late->empty());
  EXPECT_EQ(readEverything(*log_).size(), ackedEnd);
  auto report = log_->verify({});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->intact) << report->problem;
  EXPECT_EQ(report->head.position, ackedEnd);
  EXPECT_EQ(report->head.hash, before.hash);
  EXPECT_EQ(states(), (std::vector<std::optional<StoreErrc>>{StoreErrc::storageFull}));

  // Space comes back: the next append succeeds, on the same log, at the next position.
  volume_.freeFiller();
  auto resumed = log_->append(bulkyAppend("s-after", 20000));
  ASSERT_TRUE(resumed.ok()) << resumed.error().message;
  EXPECT_EQ(resumed->firstPosition, ackedEnd + 1);
  EXPECT_EQ(resumed->lastPosition, ackedEnd + 4);
  auto next = log_->append(bulkyAppend("s-after", 20001));
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(states(), (std::vector<std::optional<StoreErrc>>{StoreErrc::storageFull, std::nullopt}));

  // Reopened: every acknowledged append, nothing refused, and an intact chain.
  const Digest last = log_->head();
  log_.reset();
  open();
  EXPECT_EQ(log_->head().position, ackedEnd + 8);
  EXPECT_EQ(log_->head().hash, last.hash);
  std::vector<RecordedEvent> all = readEverything(*log_);
  ASSERT_EQ(all.size(), ackedEnd + 8);
  for (int i = 0; i < acknowledged; ++i) {
    auto found = log_->findCommand("cmd-" + std::to_string(i));
    ASSERT_TRUE(found.ok() && found->has_value()) << i;
    EXPECT_EQ((*found)->firstPosition, static_cast<uint64_t>(4 * i + 1));
  }
  for (int i = 0; i < 8; ++i) {
    auto refused = log_->findCommand("cmd-" + std::to_string(10000 + i));
    ASSERT_TRUE(refused.ok());
    EXPECT_FALSE(refused->has_value()) << "a refused append was stored";
  }
  auto intact = log_->verify({});
  ASSERT_TRUE(intact.ok());
  EXPECT_TRUE(intact->intact) << intact->problem;
}

}  // namespace
}  // namespace qingling::store::testing
