// Subscriptions: catch-up from a position, then live delivery from concurrent appenders, with no gap and no
// repeat; filters; waitUntil on positions the filter skips; a clean stop.
#include "store/subscription.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

// Collects what a subscription delivers.
class Collected {
 public:
  std::function<void(const RecordedEvent&)> handler() {
    return [this](const RecordedEvent& event) {
      std::lock_guard lock(mutex_);
      positions_.push_back(event.position());
    };
  }
  std::vector<uint64_t> positions() {
    std::lock_guard lock(mutex_);
    return positions_;
  }

 private:
  std::mutex mutex_;
  std::vector<uint64_t> positions_;
};

std::vector<uint64_t> range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> values;
  for (uint64_t v = first; v <= last; ++v) values.push_back(v);
  return values;
}

using SubscriptionTest = LogTest;

TEST_F(SubscriptionTest, CatchesUpThenDeliversLiveEventsWithoutGapsOrRepeats) {
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(log_->append(noteAppend("old", ExpectedVersion::anyVersion(), 2)).ok());
  ASSERT_EQ(log_->head().position, 50u);

  Collected collected;
  Subscription subscription(*log_, 1, {}, collected.handler());
  subscription.waitUntil(50);
  EXPECT_EQ(collected.positions(), range(1, 50));

  std::vector<std::thread> appenders;
  for (int t = 0; t < 4; ++t) {
    appenders.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        ASSERT_TRUE(
            log_->append(noteAppend("live-" + std::to_string(t), ExpectedVersion::anyVersion(), 1 + i % 2)).ok());
      }
    });
  }
  for (auto& appender : appenders) appender.join();
  const uint64_t head = log_->head().position;
  EXPECT_EQ(head, 50u + 4 * 150);
  subscription.waitUntil(head);
  EXPECT_EQ(collected.positions(), range(1, head));
  EXPECT_FALSE(subscription.error().has_value());
}

TEST_F(SubscriptionTest, StartsFromTheMiddleAndWaitsForTheFuture) {
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 10)).ok());
  Collected collected;
  Subscription subscription(*log_, 7, {}, collected.handler());
  subscription.waitUntil(10);
  EXPECT_EQ(collected.positions(), range(7, 10));
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 3)).ok());
  subscription.waitUntil(13);
  EXPECT_EQ(collected.positions(), range(7, 13));
}

TEST_F(SubscriptionTest, SubscribesToAnEmptyLog) {
  Collected collected;
  Subscription subscription(*log_, 0, {}, collected.handler());
  subscription.waitUntil(0);
  EXPECT_TRUE(collected.positions().empty());
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 2)).ok());
  subscription.waitUntil(2);
  EXPECT_EQ(collected.positions(), range(1, 2));
}

TEST_F(SubscriptionTest, FilterDeliversMatchesAndWaitUntilCountsSkippedPositions) {
  auto append = [&](NewEvent event) {
    AppendRequest request;
    request.streamId = "s";
    request.events.push_back(std::move(event));
    ASSERT_TRUE(log_->append(std::move(request)).ok());
  };
  append(noteEvent("1", {"u1"}));
  append(hazardEvent("h2"));
  append(noteEvent("3", {"u2"}));

  Collected collected;
  EventFilter filter{.types = {static_cast<uint16_t>(schema::Event::HAZARD_RECORDED)}, .units = {"u1"}};
  Subscription subscription(*log_, 1, filter, collected.handler());
  subscription.waitUntil(3);
  EXPECT_EQ(collected.positions(), (std::vector<uint64_t>{1, 2}));

  append(noteEvent("4"));
  append(hazardEvent("h5", {"u1"}));
  append(noteEvent("6", {"u3"}));
  subscription.waitUntil(6);
  EXPECT_EQ(collected.positions(), (std::vector<uint64_t>{1, 2, 5}));
}

TEST_F(SubscriptionTest, DestroyingStopsDeliveryWhileAppendsContinue) {
  Collected collected;
  auto subscription = std::make_unique<Subscription>(*log_, 1, EventFilter{}, collected.handler());
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 5)).ok());
  subscription->waitUntil(5);
  subscription.reset();
  const size_t delivered = collected.positions().size();
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 5)).ok());
  EXPECT_EQ(collected.positions().size(), delivered);
  EXPECT_EQ(collected.positions(), range(1, 5));
}

TEST_F(SubscriptionTest, ManyPagesOfCatchUp) {
  options().readPageLimit = 7;
  reopen();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 5)).ok());
  Collected collected;
  Subscription subscription(*log_, 1, {}, collected.handler());
  subscription.waitUntil(100);
  EXPECT_EQ(collected.positions(), range(1, 100));
}

}  // namespace
}  // namespace qingling::store::testing
