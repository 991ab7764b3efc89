// Reopening: the head, its hash, stream versions and command ids survive a close; a second open of the same
// directory is refused with a clear message.
#include <gtest/gtest.h>

#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

using RecoveryTest = LogTest;

TEST_F(RecoveryTest, EmptyLogOpensWithGenesisHead) {
  EXPECT_EQ(log_->head().position, 0u);
  EXPECT_EQ(log_->head().hash, Hash{});
  reopen();
  EXPECT_EQ(log_->head().position, 0u);
  auto report = log_->verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact);
  EXPECT_EQ(report->checked, 0u);
}

TEST_F(RecoveryTest, ReopenPreservesHeadHashAndStreamVersions) {
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(log_->append(noteAppend("s-" + std::to_string(i % 4), ExpectedVersion::anyVersion(), 1 + i % 3,
                                        "cmd-" + std::to_string(i)))
                    .ok());
  }
  const Digest head = log_->head();
  std::vector<uint64_t> versions;
  for (int s = 0; s < 4; ++s) versions.push_back(log_->streamVersion("s-" + std::to_string(s)).value());

  reopen();
  EXPECT_EQ(log_->head().position, head.position);
  EXPECT_EQ(log_->head().hash, head.hash);
  for (int s = 0; s < 4; ++s) EXPECT_EQ(log_->streamVersion("s-" + std::to_string(s)).value(), versions[s]);
  EXPECT_TRUE(log_->findCommand("cmd-29").value().has_value());

  // The chain continues across the restart: the next event links to the recovered hash.
  auto next = log_->append(noteAppend("s-0", ExpectedVersion::exact(versions[0]), 1));
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(next->firstPosition, head.position + 1);
  EXPECT_EQ(next->streamVersion, versions[0] + 1);
  auto report = log_->verify(expecting(head));
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact) << report->problem;
  EXPECT_EQ(report->checked, head.position + 1);
}

TEST_F(RecoveryTest, SecondOpenOfTheSameDirectoryIsRefused) {
  auto second = EventLog::open(options());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, StoreErrc::ioError);
  EXPECT_NE(second.error().message.find(dir_.path()), std::string::npos) << second.error().message;
  EXPECT_NE(second.error().message.find("already open"), std::string::npos) << second.error().message;
}

TEST_F(RecoveryTest, OpenWithoutPathIsRefused) {
  auto opened = EventLog::open(LogOptions{});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreErrc::invalidArgument);
}

TEST_F(RecoveryTest, UnusableDirectoryIsAnIoError) {
  auto opened = EventLog::open(LogOptions{.path = "/proc/qingling-cannot-be-here"});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreErrc::ioError);
  EXPECT_NE(opened.error().message.find("/proc/qingling-cannot-be-here"), std::string::npos);
}

}  // namespace
}  // namespace qingling::store::testing
