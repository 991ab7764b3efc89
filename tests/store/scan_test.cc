// EventLog::scan: the streaming read a replay uses must see exactly what the paged readAll sees — every event, or
// those a filter selects, each once and in order — and stop where its visitor says.
#include <gtest/gtest.h>

#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

class ScanTest : public LogTest {
 protected:
  void SetUp() override {
    LogTest::SetUp();
    for (int i = 0; i < 40; ++i) {
      // Units a and b alternate; every fifth event is about both.
      std::vector<std::string> units{i % 2 == 0 ? "a" : "b"};
      if (i % 5 == 0) units.push_back(i % 2 == 0 ? "b" : "a");
      ASSERT_TRUE(
          log_->append(noteAppend("s" + std::to_string(i % 3), ExpectedVersion::anyVersion(), 1, "", units)).ok());
    }
  }

  std::vector<uint64_t> scanned(const EventFilter& filter, uint64_t from = 1, uint64_t stopAfter = 0) {
    std::vector<uint64_t> seen;
    auto failed = log_->scan(from, filter, [&](uint64_t position, schema::EventEnvelope::Reader envelope) {
      EXPECT_EQ(envelope.getPosition(), position);
      seen.push_back(position);
      return stopAfter == 0 || seen.size() < stopAfter;
    });
    EXPECT_FALSE(failed) << failed->message;
    return seen;
  }
  std::vector<uint64_t> paged(const EventFilter& filter, uint64_t from = 1) {
    auto events = log_->readAll(from, 0, filter);
    EXPECT_TRUE(events.ok());
    return events.ok() ? positionsOf(events.value()) : std::vector<uint64_t>{};
  }
};

TEST_F(ScanTest, SeesWhatTheReadsSeeInOrderEachOnce) {
  EXPECT_EQ(scanned({}).size(), 40u);
  EXPECT_EQ(scanned({}), paged({}));
  EXPECT_EQ(scanned({{}, {"a"}}), paged({{}, {"a"}}));
  EXPECT_EQ(scanned({{}, {"a", "b"}}), scanned({})) << "an event about both units comes once";
  EXPECT_EQ(scanned({{}, {"b"}}, 17), paged({{}, {"b"}}, 17));
  EXPECT_TRUE(scanned({{}, {"nobody"}}).empty());
}

TEST_F(ScanTest, StopsWhereTheVisitorSays) {
  EXPECT_EQ(scanned({}, 1, 3), (std::vector<uint64_t>{1, 2, 3}));
  auto a = paged({{}, {"a"}});
  EXPECT_EQ(scanned({{}, {"a"}}, 1, 2), (std::vector<uint64_t>{a[0], a[1]}));
}

TEST_F(ScanTest, RefusesAUnitIdThatCannotBeAKey) {
  auto failed =
      log_->scan(1, {{}, {std::string("a\0b", 3)}}, [](uint64_t, schema::EventEnvelope::Reader) { return true; });
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->code, StoreErrc::invalidArgument);
}

}  // namespace
}  // namespace qingling::store::testing
