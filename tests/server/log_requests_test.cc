// Raw appends, idempotent retries and reads of the log over the wire, as the admin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using schema::ErrorCode;
using store::ExpectedVersion;
using ::testing::ElementsAre;

class LogRequestsTest : public ::testing::Test {
 protected:
  ServerProcess server_;
  Client admin_ = server_.admin();
};

TEST_F(LogRequestsTest, RawAppendsHonourExpectedVersions) {
  const uint64_t start = head(admin_).position;
  Reply first = appendNotes(admin_, "notes-a", ExpectedVersion::noStream(), "a-1", {"one"});
  ASSERT_TRUE(first->getBody().isAppended()) << describe(first);
  auto appended = first->getBody().getAppended();
  EXPECT_EQ(std::string(appended.getStreamId().cStr()), "notes-a");
  EXPECT_EQ(appended.getFirstPosition(), start + 1);
  EXPECT_EQ(appended.getLastPosition(), start + 1);
  EXPECT_EQ(appended.getStreamVersion(), 1u);
  EXPECT_FALSE(appended.getDuplicate());

  Reply again = appendNotes(admin_, "notes-a", ExpectedVersion::noStream(), "a-2", {"two"});
  EXPECT_TRUE(isError(again, ErrorCode::VERSION_CONFLICT)) << describe(again);

  Reply two = appendNotes(admin_, "notes-a", ExpectedVersion::exact(1), "a-3", {"two", "three"});
  ASSERT_TRUE(two->getBody().isAppended()) << describe(two);
  EXPECT_EQ(two->getBody().getAppended().getFirstPosition(), start + 2);
  EXPECT_EQ(two->getBody().getAppended().getLastPosition(), start + 3);
  EXPECT_EQ(two->getBody().getAppended().getStreamVersion(), 3u);

  Reply stale = appendNotes(admin_, "notes-a", ExpectedVersion::exact(1), "a-4", {"stale"});
  EXPECT_TRUE(isError(stale, ErrorCode::VERSION_CONFLICT)) << describe(stale);
  Reply ahead = appendNotes(admin_, "notes-a", ExpectedVersion::exact(7), "a-5", {"ahead"});
  EXPECT_TRUE(isError(ahead, ErrorCode::VERSION_CONFLICT)) << describe(ahead);
  Reply missing = appendNotes(admin_, "notes-b", ExpectedVersion::exact(1), "b-1", {"missing"});
  EXPECT_TRUE(isError(missing, ErrorCode::VERSION_CONFLICT)) << describe(missing);
  EXPECT_EQ(head(admin_).position, start + 3);

  Reply any = appendNotes(admin_, "notes-a", ExpectedVersion::anyVersion(), "a-6", {"four"});
  ASSERT_TRUE(any->getBody().isAppended()) << describe(any);
  EXPECT_EQ(any->getBody().getAppended().getStreamVersion(), 4u);
  EXPECT_THAT(noteTexts(readStream(admin_, "notes-a", 1, false)), ElementsAre("one", "two", "three", "four"));
}

TEST_F(LogRequestsTest, RawAppendsRefuseEverythingButNotes) {
  const store::Digest before = head(admin_);
  Reply domain = admin_.call([](Body body) {
    auto raw = body.initAppendRaw();
    raw.setStreamId("unit-forged");
    raw.getExpected().setAny();
    auto events = raw.initEvents(2);
    events[0].initNote().setText("cover");
    events[1].initUnitRegistered().initUnit().setId("forged");
  });
  EXPECT_TRUE(isError(domain, ErrorCode::FORBIDDEN)) << describe(domain);
  Reply empty = admin_.call([](Body body) { body.initAppendRaw().setStreamId("notes"); });
  EXPECT_TRUE(isError(empty, ErrorCode::BAD_REQUEST)) << describe(empty);
  EXPECT_EQ(head(admin_).position, before.position);
  EXPECT_EQ(head(admin_).hash, before.hash);
}

TEST_F(LogRequestsTest, RawAppendRetryWithTheSameCommandIdAppendsNothing) {
  Reply first = appendNotes(admin_, "notes", ExpectedVersion::noStream(), "retry-me", {"x", "y"});
  ASSERT_TRUE(first->getBody().isAppended()) << describe(first);
  const uint64_t after = head(admin_).position;
  // The retry carries the same expectation, now stale: the first answer still comes back, not a conflict.
  Reply retry = appendNotes(admin_, "notes", ExpectedVersion::noStream(), "retry-me", {"x", "y"});
  ASSERT_TRUE(retry->getBody().isAppended()) << describe(retry);
  EXPECT_TRUE(retry->getBody().getAppended().getDuplicate());
  EXPECT_EQ(retry->getBody().getAppended().getFirstPosition(), first->getBody().getAppended().getFirstPosition());
  EXPECT_EQ(retry->getBody().getAppended().getLastPosition(), first->getBody().getAppended().getLastPosition());
  EXPECT_EQ(retry->getBody().getAppended().getStreamVersion(), 2u);
  EXPECT_EQ(head(admin_).position, after);
}

TEST_F(LogRequestsTest, CommandRetryWithTheSameCommandIdIsADuplicate) {
  Reply first = registerUnit(admin_, "zy", "qingling", "register-zy");
  ASSERT_TRUE(first->getBody().isAppended()) << describe(first);
  EXPECT_FALSE(first->getBody().getAppended().getDuplicate());
  const store::Digest after = head(admin_);

  Reply retry = registerUnit(admin_, "zy", "qingling", "register-zy");
  ASSERT_TRUE(retry->getBody().isAppended()) << describe(retry);
  EXPECT_TRUE(retry->getBody().getAppended().getDuplicate());
  EXPECT_EQ(std::string(retry->getBody().getAppended().getStreamId().cStr()), "unit-zy");
  EXPECT_EQ(retry->getBody().getAppended().getFirstPosition(), first->getBody().getAppended().getFirstPosition());
  EXPECT_EQ(retry->getBody().getAppended().getStreamVersion(), 1u);
  EXPECT_EQ(head(admin_).position, after.position);
  EXPECT_EQ(head(admin_).hash, after.hash);

  Reply other = registerUnit(admin_, "zy", "qingling", "register-zy-again");
  EXPECT_TRUE(isError(other, ErrorCode::REJECTED)) << describe(other);
  EXPECT_EQ(head(admin_).position, after.position);
}

TEST_F(LogRequestsTest, ReadStreamPagesForwardAndBackward) {
  ASSERT_TRUE(
      appendNotes(admin_, "s", ExpectedVersion::noStream(), "s-1", {"1", "2", "3", "4", "5"})->getBody().isAppended());
  Reply page1 = readStream(admin_, "s", 1, false, 2);
  ASSERT_TRUE(page1->getBody().isEvents()) << describe(page1);
  EXPECT_THAT(versions(page1), ElementsAre(1, 2));
  EXPECT_EQ(page1->getBody().getEvents().getNext(), 3u);
  Reply page2 = readStream(admin_, "s", 3, false);
  EXPECT_THAT(noteTexts(page2), ElementsAre("3", "4", "5"));
  EXPECT_EQ(page2->getBody().getEvents().getNext(), 0u);

  Reply back1 = readStream(admin_, "s", 0, true, 2);
  EXPECT_THAT(versions(back1), ElementsAre(5, 4));
  EXPECT_EQ(back1->getBody().getEvents().getNext(), 3u);
  Reply back2 = readStream(admin_, "s", 3, true);
  EXPECT_THAT(versions(back2), ElementsAre(3, 2, 1));

  for (auto e : page2->getBody().getEvents().getEvents()) {
    EXPECT_EQ(std::string(e.getStreamId().cStr()), "s");
    EXPECT_EQ(e.getHash().size(), 32u);
    EXPECT_EQ(std::string(e.getActor().getUser().cStr()), "admin");
  }
  Reply none = readStream(admin_, "no-such-stream", 1, false);
  ASSERT_TRUE(none->getBody().isEvents()) << describe(none);
  EXPECT_EQ(none->getBody().getEvents().getEvents().size(), 0u);
}

TEST_F(LogRequestsTest, ReadAllFiltersByEventTypeAndByUnit) {
  // The bootstrap wrote unitRegistered(qingling), userRegistered(admin) and tokenIssued at positions 1-3.
  ASSERT_TRUE(registerUnit(admin_, "zy", "qingling", "unit-zy")->getBody().isAppended());
  ASSERT_TRUE(appendNotes(admin_, "n", ExpectedVersion::anyVersion(), "n-1", {"a", "b"})->getBody().isAppended());
  ASSERT_TRUE(registerUnit(admin_, "jc", "", "unit-jc")->getBody().isAppended());

  EXPECT_THAT(positions(readAll(admin_, 1)), ElementsAre(1, 2, 3, 4, 5, 6, 7));
  EXPECT_THAT(positions(readAll(admin_, 3, 2)), ElementsAre(3, 4));
  EXPECT_EQ(readAll(admin_, 3, 2)->getBody().getEvents().getNext(), 5u);
  EXPECT_THAT(positions(readAll(admin_, 1, 0, "unitRegistered")), ElementsAre(1, 4, 7));
  EXPECT_THAT(positions(readAll(admin_, 2, 0, "unitRegistered")), ElementsAre(4, 7));
  EXPECT_THAT(positions(readAll(admin_, 1, 0, "note")), ElementsAre(5, 6));
  EXPECT_THAT(positions(readAll(admin_, 1, 0, "", "zy")), ElementsAre(4));
  EXPECT_THAT(positions(readAll(admin_, 1, 0, "", "jc")), ElementsAre(7));
  EXPECT_THAT(positions(readAll(admin_, 1, 0, "", "qingling")), ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(positions(readAll(admin_, 8)), ElementsAre());

  Reply unknown = readAll(admin_, 1, 0, "noSuchEvent");
  EXPECT_TRUE(isError(unknown, ErrorCode::BAD_REQUEST)) << describe(unknown);
}

}  // namespace
}  // namespace qingling::server::testing
