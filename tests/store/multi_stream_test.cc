// Multi-stream appends: one decision that creates several aggregates (a phase start dispatching tasks) is
// written atomically — every stream checked against its own expected version, all appended or none.
#include <gtest/gtest.h>

#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

using MultiStreamTest = LogTest;

StreamAppend part(std::string streamId, ExpectedVersion expected, std::vector<std::string> texts) {
  StreamAppend out{std::move(streamId), expected, {}};
  for (const auto& text : texts) out.events.push_back(noteEvent(text));
  return out;
}

TEST_F(MultiStreamTest, AppendsEveryStreamInOrderWithItsOwnVersions) {
  ASSERT_TRUE(log_->append(noteAppend("dispatch-2", ExpectedVersion::noStream(), 1)).ok());
  AppendRequest request = noteAppend("campaign-c", ExpectedVersion::noStream(), 1, "issue-c");
  request.more.push_back(part("dispatch-1", ExpectedVersion::noStream(), {"d1"}));
  request.more.push_back(part("dispatch-2", ExpectedVersion::exact(1), {"d2a", "d2b"}));
  auto result = log_->append(std::move(request));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->streamId, "campaign-c");
  EXPECT_EQ(result->streamVersion, 1u);
  EXPECT_EQ(result->firstPosition, 2u);
  EXPECT_EQ(result->lastPosition, 5u);

  auto d2 = log_->readStream("dispatch-2", 1, false, 10);
  ASSERT_TRUE(d2.ok());
  EXPECT_EQ(positionsOf(d2.value()), (std::vector<uint64_t>{1, 4, 5}));
  EXPECT_EQ(log_->streamVersion("dispatch-1").value(), 1u);
  EXPECT_EQ(log_->streamVersion("dispatch-2").value(), 3u);
  auto verified = log_->verify({});
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact);
}

TEST_F(MultiStreamTest, AConflictOnAnyStreamAppendsNothing) {
  ASSERT_TRUE(log_->append(noteAppend("dispatch-1", ExpectedVersion::noStream(), 1)).ok());
  const Digest before = log_->head();
  AppendRequest request = noteAppend("campaign-c", ExpectedVersion::noStream(), 1, "issue-c");
  request.more.push_back(part("dispatch-0", ExpectedVersion::noStream(), {"fine"}));
  request.more.push_back(part("dispatch-1", ExpectedVersion::noStream(), {"taken"}));
  auto result = log_->append(std::move(request));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, StoreErrc::versionConflict);
  EXPECT_NE(result.error().message.find("dispatch-1"), std::string::npos);
  EXPECT_EQ(log_->head().position, before.position);
  EXPECT_EQ(log_->streamVersion("campaign-c").value(), 0u);
  EXPECT_EQ(log_->streamVersion("dispatch-0").value(), 0u);
  EXPECT_FALSE(log_->findCommand("issue-c").value().has_value());
}

TEST_F(MultiStreamTest, AStreamNamedTwiceIsRefused) {
  AppendRequest request = noteAppend("campaign-c", ExpectedVersion::anyVersion(), 1);
  request.more.push_back(part("campaign-c", ExpectedVersion::anyVersion(), {"again"}));
  auto result = log_->append(std::move(request));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, StoreErrc::invalidArgument);
  EXPECT_EQ(log_->head().position, 0u);
}

TEST_F(MultiStreamTest, ARetriedCommandAppendsNothingToAnyStream) {
  auto make = [] {
    AppendRequest request = noteAppend("campaign-c", ExpectedVersion::anyVersion(), 1, "issue-once");
    request.more.push_back(part("dispatch-1", ExpectedVersion::anyVersion(), {"d1"}));
    return request;
  };
  auto first = log_->append(make());
  ASSERT_TRUE(first.ok());
  auto again = log_->append(make());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->lastPosition, first->lastPosition);
  EXPECT_EQ(log_->head().position, 2u);
}

}  // namespace
}  // namespace qingling::store::testing
