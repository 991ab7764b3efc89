// Appending: envelope fields, expected versions and conflicts, idempotency by commandId, argument checks and
// the recordedAt guarantee.
#include <gtest/gtest.h>

#include "store/hash_chain.h"
#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

using AppendTest = LogTest;

Hash hashOf(capnp::Data::Reader data) {
  Hash hash{};
  EXPECT_EQ(data.size(), hash.size());
  std::copy(data.begin(), data.begin() + std::min(data.size(), hash.size()), hash.begin());
  return hash;
}

TEST_F(AppendTest, AppendsAndReadsBackEveryField) {
  AppendRequest request = noteAppend("hazard-1", ExpectedVersion::noStream(), 0, "cmd-1");
  request.recordedAt = 1'700'000'000'000'000;
  request.events.push_back(noteEvent("first", {"unit-a", "unit-b"}, 42));
  request.events.push_back(noteEvent("second", {"unit-a"}, 43));
  auto result = log_->append(std::move(request));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->streamId, "hazard-1");
  EXPECT_EQ(result->firstPosition, 1u);
  EXPECT_EQ(result->lastPosition, 2u);
  EXPECT_EQ(result->streamVersion, 2u);
  EXPECT_FALSE(result->duplicate);

  auto events = log_->readStream("hazard-1", 1, false, 10);
  ASSERT_TRUE(events.ok()) << events.error().message;
  ASSERT_EQ(events->size(), 2u);
  Hash prev = kGenesisHash;
  for (size_t i = 0; i < 2; ++i) {
    const RecordedEvent& event = events.value()[i];
    auto envelope = event.envelope();
    EXPECT_EQ(event.position(), i + 1);
    EXPECT_EQ(envelope.getPosition(), i + 1);
    EXPECT_EQ(envelope.getStreamId(), "hazard-1");
    EXPECT_EQ(envelope.getStreamVersion(), i + 1);
    EXPECT_EQ(envelope.getRecordedAt(), 1'700'000'000'000'000);
    EXPECT_EQ(envelope.getOccurredAt(), static_cast<int64_t>(42 + i));
    EXPECT_EQ(envelope.getActor().getUser(), "u-tester");
    EXPECT_EQ(envelope.getActor().getRole(), schema::Role::ADMIN);
    EXPECT_EQ(envelope.getCorrelationId(), "corr-1");
    EXPECT_FALSE(envelope.hasHash());
    EXPECT_EQ(hashOf(envelope.getPrevHash()), prev);
    auto bytes = event.bytes().asBytes();
    EXPECT_EQ(event.hash(), chainHash(prev, {reinterpret_cast<const char*>(bytes.begin()), bytes.size()}));
    ASSERT_TRUE(envelope.getPayload().isNote());
    EXPECT_EQ(envelope.getPayload().getNote().getText(), i == 0 ? "first" : "second");
    ASSERT_EQ(envelope.getUnits().size(), i == 0 ? 2u : 1u);
    EXPECT_EQ(envelope.getUnits()[0], "unit-a");
    prev = event.hash();
  }
  EXPECT_EQ(log_->head().position, 2u);
  EXPECT_EQ(log_->head().hash, prev);

  auto single = log_->read(2);
  ASSERT_TRUE(single.ok());
  ASSERT_TRUE(single.value().has_value());
  EXPECT_EQ(single.value()->hash(), prev);
  auto beyond = log_->read(3);
  ASSERT_TRUE(beyond.ok());
  EXPECT_FALSE(beyond.value().has_value());
}

TEST_F(AppendTest, ExpectedVersionAnyNoStreamAndExact) {
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::noStream(), 2)).ok());
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::exact(2), 1)).ok());
  auto any = log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 1));
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(any->streamVersion, 4u);
  auto fresh = log_->append(noteAppend("t", ExpectedVersion::exact(0), 1));
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->firstPosition, 5u);
  EXPECT_EQ(fresh->streamVersion, 1u);
  EXPECT_EQ(log_->streamVersion("s").value(), 4u);
  EXPECT_EQ(log_->streamVersion("t").value(), 1u);
  EXPECT_EQ(log_->streamVersion("nobody").value(), 0u);
}

TEST_F(AppendTest, ConflictNamesStreamAndVersionsAndAppendsNothing) {
  ASSERT_TRUE(log_->append(noteAppend("hazard-7", ExpectedVersion::noStream(), 3)).ok());
  const Digest before = log_->head();

  auto again = log_->append(noteAppend("hazard-7", ExpectedVersion::noStream(), 1));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, StoreErrc::versionConflict);
  EXPECT_NE(again.error().message.find("hazard-7"), std::string::npos) << again.error().message;
  EXPECT_NE(again.error().message.find("3"), std::string::npos) << again.error().message;

  auto stale = log_->append(noteAppend("hazard-7", ExpectedVersion::exact(2), 1, "cmd-stale"));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, StoreErrc::versionConflict);
  EXPECT_NE(stale.error().message.find("expected version 2"), std::string::npos) << stale.error().message;
  EXPECT_NE(stale.error().message.find("version is 3"), std::string::npos) << stale.error().message;

  EXPECT_EQ(log_->head().position, before.position);
  EXPECT_EQ(log_->head().hash, before.hash);
  EXPECT_EQ(log_->streamVersion("hazard-7").value(), 3u);
  EXPECT_FALSE(log_->findCommand("cmd-stale").value().has_value());
  EXPECT_EQ(readEverything(*log_).size(), 3u);
}

TEST_F(AppendTest, RetryWithSameCommandIdReturnsFirstResult) {
  auto first = log_->append(noteAppend("dispatch-1", ExpectedVersion::noStream(), 2, "cmd-42"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(log_->append(noteAppend("other", ExpectedVersion::anyVersion(), 1)).ok());

  // The retry would conflict on its expected version; the command id answers it before that check.
  auto retry = log_->append(noteAppend("dispatch-1", ExpectedVersion::noStream(), 2, "cmd-42"));
  ASSERT_TRUE(retry.ok()) << retry.error().message;
  EXPECT_TRUE(retry->duplicate);
  EXPECT_EQ(retry->streamId, "dispatch-1");
  EXPECT_EQ(retry->firstPosition, 1u);
  EXPECT_EQ(retry->lastPosition, 2u);
  EXPECT_EQ(retry->streamVersion, 2u);
  EXPECT_EQ(log_->head().position, 3u);
  EXPECT_EQ(log_->streamVersion("dispatch-1").value(), 2u);

  auto found = log_->findCommand("cmd-42");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->lastPosition, 2u);
  EXPECT_FALSE(log_->findCommand("cmd-unknown").value().has_value());

  reopen();
  auto afterRestart = log_->append(noteAppend("dispatch-1", ExpectedVersion::anyVersion(), 1, "cmd-42"));
  ASSERT_TRUE(afterRestart.ok());
  EXPECT_TRUE(afterRestart->duplicate);
  EXPECT_EQ(afterRestart->firstPosition, 1u);
  EXPECT_EQ(log_->head().position, 3u);
}

TEST_F(AppendTest, RefusesEmptyOrMalformedAppends) {
  auto noEvents = log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 0));
  ASSERT_FALSE(noEvents.ok());
  EXPECT_EQ(noEvents.error().code, StoreErrc::invalidArgument);

  auto noStream = log_->append(noteAppend("", ExpectedVersion::anyVersion(), 1));
  ASSERT_FALSE(noStream.ok());
  EXPECT_EQ(noStream.error().code, StoreErrc::invalidArgument);

  auto nulStream = log_->append(noteAppend(std::string("a\0b", 3), ExpectedVersion::anyVersion(), 1));
  ASSERT_FALSE(nulStream.ok());
  EXPECT_EQ(nulStream.error().code, StoreErrc::invalidArgument);

  auto nulUnit = log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 2, "", {std::string("u\0x", 3)}));
  ASSERT_FALSE(nulUnit.ok());
  EXPECT_EQ(nulUnit.error().code, StoreErrc::invalidArgument);

  AppendRequest noMessage = noteAppend("s", ExpectedVersion::anyVersion(), 1);
  noMessage.events.push_back(NewEvent{});
  auto missing = log_->append(std::move(noMessage));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, StoreErrc::invalidArgument);

  EXPECT_EQ(log_->head().position, 0u);
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::noStream(), 1)).ok());
  EXPECT_EQ(log_->head().position, 1u);
}

TEST_F(AppendTest, RecordedAtNeverDecreasesWhenTheClockStepsBack) {
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 1, "", {}, 1000)).ok());
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 2, "", {}, 500)).ok());
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 1, "", {}, 2000)).ok());
  reopen();
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::anyVersion(), 1, "", {}, 100)).ok());

  std::vector<int64_t> recordedAt;
  for (const auto& event : readEverything(*log_)) recordedAt.push_back(event.envelope().getRecordedAt());
  EXPECT_EQ(recordedAt, (std::vector<int64_t>{1000, 1000, 1000, 2000, 2000}));
}

TEST_F(AppendTest, StatsCountAppendsEventsAndBatches) {
  ASSERT_TRUE(log_->append(noteAppend("s", ExpectedVersion::noStream(), 3)).ok());
  ASSERT_FALSE(log_->append(noteAppend("s", ExpectedVersion::noStream(), 1)).ok());
  LogStats stats = log_->stats();
  EXPECT_EQ(stats.appends, 2u);
  EXPECT_EQ(stats.events, 3u);
  EXPECT_EQ(stats.batches, 1u);
}

}  // namespace
}  // namespace qingling::store::testing
