// Group commit: many concurrent appenders share batches, the global order stays dense, appends in one batch
// see each other (versions and command ids), and closing answers what is queued.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <iostream>
#include <thread>

#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

using GroupCommitTest = LogTest;

// Holds the writer thread inside an append's callback, so that everything submitted meanwhile is taken as one
// group commit once the gate opens.
class WriterGate {
 public:
  explicit WriterGate(EventLog& log) {
    std::shared_future<void> opened = open_.get_future().share();
    log.appendAsync(noteAppend("gate", ExpectedVersion::anyVersion(), 1), [this, opened](Result<AppendResult>) {
      entered_.set_value();
      opened.wait();
    });
    entered_.get_future().wait();
  }
  void open() { open_.set_value(); }

 private:
  std::promise<void> entered_;
  std::promise<void> open_;
};

std::future<Result<AppendResult>> submit(EventLog& log, AppendRequest request) {
  auto promise = std::make_shared<std::promise<Result<AppendResult>>>();
  auto future = promise->get_future();
  log.appendAsync(std::move(request),
                  [promise](Result<AppendResult> result) { promise->set_value(std::move(result)); });
  return future;
}

TEST_F(GroupCommitTest, EightAppendersGetADenseGlobalOrder) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 150;
  std::atomic<uint64_t> succeeded{0};
  std::atomic<uint64_t> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string own = "own-" + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) {
        auto mine = log_->append(noteAppend(own, ExpectedVersion::exact(i), 1));
        ASSERT_TRUE(mine.ok()) << mine.error().message;
        ++succeeded;
        for (;;) {
          auto version = log_->streamVersion("shared");
          ASSERT_TRUE(version.ok());
          auto shared = log_->append(noteAppend("shared", ExpectedVersion::exact(version.value()), 1));
          if (shared.ok()) break;
          ASSERT_EQ(shared.error().code, StoreErrc::versionConflict) << shared.error().message;
          ++conflicts;
        }
        ++succeeded;
      }
    });
  }
  for (auto& thread : threads) thread.join();

  const uint64_t total = kThreads * kPerThread * 2;
  auto all = readEverything(*log_);
  ASSERT_EQ(all.size(), total);
  for (uint64_t i = 0; i < total; ++i) ASSERT_EQ(all[i].position(), i + 1);
  EXPECT_EQ(log_->head().position, total);

  auto checkStream = [&](const std::string& stream, uint64_t expected) {
    auto events = log_->readStream(stream, 1, false, 0);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), expected) << stream;
    uint64_t lastPosition = 0;
    for (uint64_t v = 0; v < expected; ++v) {
      const auto& event = events.value()[v];
      EXPECT_EQ(event.envelope().getStreamVersion(), v + 1) << stream;
      EXPECT_GT(event.position(), lastPosition) << stream;
      lastPosition = event.position();
    }
  };
  for (int t = 0; t < kThreads; ++t) checkStream("own-" + std::to_string(t), kPerThread);
  checkStream("shared", kThreads * kPerThread);

  auto report = log_->verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact) << report->problem;

  LogStats stats = log_->stats();
  EXPECT_EQ(stats.events, total);
  EXPECT_EQ(stats.appends, succeeded.load() + conflicts.load());
  EXPECT_LT(stats.batches, succeeded.load()) << "no two appends ever shared a batch";
  std::cout << "group commit: " << succeeded.load() << " appends (+" << conflicts.load() << " conflicts) in "
            << stats.batches << " batches, factor " << static_cast<double>(succeeded.load()) / stats.batches << "\n";
  RecordProperty("group_commit_factor", std::to_string(static_cast<double>(succeeded.load()) / stats.batches));
}

TEST_F(GroupCommitTest, DuplicateCommandIdInOneBatchIsAnsweredWithTheFirstResult) {
  WriterGate gate(*log_);
  const LogStats before = log_->stats();
  auto first = submit(*log_, noteAppend("s", ExpectedVersion::noStream(), 2, "cmd-twice"));
  auto second = submit(*log_, noteAppend("s", ExpectedVersion::noStream(), 2, "cmd-twice"));
  gate.open();

  auto a = first.get();
  auto b = second.get();
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_FALSE(a->duplicate);
  EXPECT_TRUE(b->duplicate);
  EXPECT_EQ(b->firstPosition, a->firstPosition);
  EXPECT_EQ(b->lastPosition, a->lastPosition);
  EXPECT_EQ(b->streamVersion, 2u);
  EXPECT_EQ(log_->stats().batches, before.batches + 1);
  EXPECT_EQ(log_->head().position, 3u);  // the gate's event and one copy of the two
  EXPECT_EQ(log_->streamVersion("s").value(), 2u);
}

TEST_F(GroupCommitTest, AppendsToOneStreamInOneBatchSeeEachOther) {
  WriterGate gate(*log_);
  const LogStats before = log_->stats();
  auto create = submit(*log_, noteAppend("s", ExpectedVersion::noStream(), 1));
  auto next = submit(*log_, noteAppend("s", ExpectedVersion::exact(1), 2));
  auto stale = submit(*log_, noteAppend("s", ExpectedVersion::exact(1), 1));
  auto recreate = submit(*log_, noteAppend("s", ExpectedVersion::noStream(), 1));
  auto last = submit(*log_, noteAppend("s", ExpectedVersion::exact(3), 1));
  gate.open();

  auto a = create.get();
  auto b = next.get();
  auto c = stale.get();
  auto d = recreate.get();
  auto e = last.get();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, StoreErrc::versionConflict);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, StoreErrc::versionConflict);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(b->firstPosition, 3u);
  EXPECT_EQ(e->firstPosition, 5u);
  EXPECT_EQ(e->streamVersion, 4u);
  EXPECT_EQ(log_->stats().batches, before.batches + 1);
  EXPECT_EQ(log_->stats().appends, before.appends + 5);

  auto events = log_->readStream("s", 1, false, 0);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(positionsOf(events.value()), (std::vector<uint64_t>{2, 3, 4, 5}));
}

TEST_F(GroupCommitTest, ClosingAnswersEveryQueuedAppend) {
  constexpr int kQueued = 20;
  std::atomic<int> answered{0};
  std::atomic<int> failed{0};
  {
    WriterGate gate(*log_);
    for (int i = 0; i < kQueued; ++i) {
      log_->appendAsync(noteAppend("q", ExpectedVersion::anyVersion(), 1), [&](Result<AppendResult> result) {
        if (!result.ok()) ++failed;
        ++answered;
      });
    }
    gate.open();
    close();
  }
  EXPECT_EQ(answered.load(), kQueued);
  EXPECT_EQ(failed.load(), 0);
  reopen();
  EXPECT_EQ(log_->head().position, kQueued + 1u);
}

}  // namespace
}  // namespace qingling::store::testing
