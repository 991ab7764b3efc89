// Reading: streams forward and backward, the global order with type and unit filters, page limits.
#include <gtest/gtest.h>

#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

using ReadTest = LogTest;

std::vector<uint64_t> versionsOf(const std::vector<RecordedEvent>& events) {
  std::vector<uint64_t> versions;
  for (const auto& event : events) versions.push_back(event.envelope().getStreamVersion());
  return versions;
}

TEST_F(ReadTest, ReadsAStreamForwardAndBackward) {
  ASSERT_TRUE(log_->append(noteAppend("a", ExpectedVersion::anyVersion(), 3)).ok());
  ASSERT_TRUE(log_->append(noteAppend("ab", ExpectedVersion::anyVersion(), 2)).ok());  // "a" is its prefix
  ASSERT_TRUE(log_->append(noteAppend("a", ExpectedVersion::anyVersion(), 2)).ok());

  auto forward = log_->readStream("a", 1, false, 100);
  ASSERT_TRUE(forward.ok());
  EXPECT_EQ(versionsOf(forward.value()), (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(positionsOf(forward.value()), (std::vector<uint64_t>{1, 2, 3, 6, 7}));

  auto fromThree = log_->readStream("a", 3, false, 2);
  ASSERT_TRUE(fromThree.ok());
  EXPECT_EQ(versionsOf(fromThree.value()), (std::vector<uint64_t>{3, 4}));

  auto backward = log_->readStream("a", 0, true, 100);
  ASSERT_TRUE(backward.ok());
  EXPECT_EQ(versionsOf(backward.value()), (std::vector<uint64_t>{5, 4, 3, 2, 1}));

  auto backFromThree = log_->readStream("a", 3, true, 2);
  ASSERT_TRUE(backFromThree.ok());
  EXPECT_EQ(versionsOf(backFromThree.value()), (std::vector<uint64_t>{3, 2}));

  auto other = log_->readStream("ab", 0, true, 100);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(positionsOf(other.value()), (std::vector<uint64_t>{5, 4}));

  auto none = log_->readStream("nobody", 1, false, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto noneBack = log_->readStream("nobody", 0, true, 10);
  ASSERT_TRUE(noneBack.ok());
  EXPECT_TRUE(noneBack->empty());

  auto bad = log_->readStream("", 1, false, 10);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, StoreErrc::invalidArgument);
}

class FilteredReadTest : public LogTest {
 protected:
  void SetUp() override {
    LogTest::SetUp();
    // 1 note{u1}  2 hazard{u2}  3 note{}  4 hazard{u1,u2}  5 note{u3}  6 hazard{}  7 note{u1}
    append(noteEvent("1", {"u1"}));
    append(hazardEvent("h2", {"u2"}));
    append(noteEvent("3"));
    append(hazardEvent("h4", {"u1", "u2"}));
    append(noteEvent("5", {"u3"}));
    append(hazardEvent("h6"));
    append(noteEvent("7", {"u1"}));
  }

  void append(NewEvent event) {
    AppendRequest request;
    request.streamId = "s";
    request.events.push_back(std::move(event));
    ASSERT_TRUE(log_->append(std::move(request)).ok());
  }

  std::vector<uint64_t> read(uint64_t from, size_t limit, EventFilter filter) {
    auto events = log_->readAll(from, limit, filter);
    EXPECT_TRUE(events.ok()) << (events.ok() ? "" : events.error().message);
    return events.ok() ? positionsOf(events.value()) : std::vector<uint64_t>{};
  }

  static EventFilter types(std::vector<uint16_t> types) {
    EventFilter filter;
    filter.types = std::move(types);
    return filter;
  }
  static EventFilter units(std::vector<std::string> units) {
    EventFilter filter;
    filter.units = std::move(units);
    return filter;
  }
  static EventFilter either(std::vector<uint16_t> types, std::vector<std::string> units) {
    EventFilter filter;
    filter.types = std::move(types);
    filter.units = std::move(units);
    return filter;
  }

  static constexpr auto kNote = static_cast<uint16_t>(schema::Event::NOTE);
  static constexpr auto kHazard = static_cast<uint16_t>(schema::Event::HAZARD_RECORDED);
};

TEST_F(FilteredReadTest, NoFilterReadsEverythingFromAPosition) {
  EXPECT_EQ(read(1, 100, {}), (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(read(0, 100, {}), (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(read(5, 100, {}), (std::vector<uint64_t>{5, 6, 7}));
  EXPECT_EQ(read(2, 3, {}), (std::vector<uint64_t>{2, 3, 4}));
  EXPECT_TRUE(read(8, 100, {}).empty());
}

TEST_F(FilteredReadTest, TypeFilter) {
  EXPECT_EQ(read(1, 100, types({kHazard})), (std::vector<uint64_t>{2, 4, 6}));
  EXPECT_EQ(read(3, 100, types({kNote})), (std::vector<uint64_t>{3, 5, 7}));
  EXPECT_EQ(read(1, 100, types({kNote, kHazard})), (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_TRUE(read(1, 100, types({static_cast<uint16_t>(schema::Event::TIP_RECEIVED)})).empty());
}

TEST_F(FilteredReadTest, UnitFilter) {
  EXPECT_EQ(read(1, 100, units({"u1"})), (std::vector<uint64_t>{1, 4, 7}));
  EXPECT_EQ(read(1, 100, units({"u1", "u2"})), (std::vector<uint64_t>{1, 2, 4, 7}));  // 4 once
  EXPECT_EQ(read(5, 100, units({"u1", "u2", "u3"})), (std::vector<uint64_t>{5, 7}));
  EXPECT_TRUE(read(1, 100, units({"u"})).empty());  // a prefix of unit ids matches none of them
}

TEST_F(FilteredReadTest, TypeAndUnitFilterMatchEither) {
  EXPECT_EQ(read(1, 100, either({kHazard}, {"u3"})), (std::vector<uint64_t>{2, 4, 5, 6}));
  EXPECT_EQ(read(1, 2, either({kHazard}, {"u1"})), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(read(3, 2, either({kHazard}, {"u1"})), (std::vector<uint64_t>{4, 6}));
}

TEST_F(FilteredReadTest, ReadsAreCappedByThePageLimit) {
  options().readPageLimit = 3;
  reopen();
  EXPECT_EQ(read(1, 100, {}), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(read(1, 0, {}), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(read(1, 100, units({"u1", "u2"})), (std::vector<uint64_t>{1, 2, 4}));
  auto stream = log_->readStream("s", 0, true, 100);
  ASSERT_TRUE(stream.ok());
  EXPECT_EQ(positionsOf(stream.value()), (std::vector<uint64_t>{7, 6, 5}));
}

}  // namespace
}  // namespace qingling::store::testing
