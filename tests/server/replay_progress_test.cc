// Progress of a long projection replay (issue 5, item 2) through the real qinglingd, started with
// --progress-after-ms 0 so that every replay counts as long: a query that asks (wantProgress) gets interim
// `progress` frames on its request id before its answer; one that does not ask gets its answer alone, as old
// clients expect. Client::call hands progress to its callback and returns the answer.
#include <gtest/gtest.h>

#include "tests/server/backdated_story.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

void fillLedger(Body body, bool wantProgress) {
  auto q = body.initQuery();
  q.setWantProgress(wantProgress);
  q.getBody().initHazardLedger().setUnit("county");
}

class ReplayProgressTest : public ::testing::Test {
 protected:
  void SetUp() override { playBackdatedStory(server_); }

  ServerProcess server_{backdatedStoryArgs({"--progress-after-ms", "0"})};
  Client admin_ = server_.admin();
};

TEST_F(ReplayProgressTest, ProgressFramesPrecedeTheAnswerWhenAskedFor) {
  const uint64_t logHead = head(admin_).position;
  uint64_t id = admin_.send([](Body body) { fillLedger(body, true); });
  size_t progressFrames = 0;
  for (;;) {
    Reply reply = admin_.receive();
    ASSERT_EQ(reply->getRequestId(), id) << describe(reply);
    if (!reply->getBody().isProgress()) {
      ASSERT_TRUE(reply->getBody().isProjection()) << describe(reply);
      EXPECT_EQ(reply->getBody().getProjection().getHazardLedger().getRows().size(), 1u);
      break;
    }
    auto progress = reply->getBody().getProgress();
    EXPECT_GE(progress.getFolded(), 1u);
    EXPECT_EQ(progress.getHead(), logHead);
    EXPECT_LE(progress.getPosition(), logHead);
    ++progressFrames;
  }
  EXPECT_GE(progressFrames, 1u);
}

TEST_F(ReplayProgressTest, NoProgressFramesUnlessAskedFor) {
  // The replay runs off the connection's strand, so the status may be answered first: two replies, one each.
  uint64_t query = admin_.send([](Body body) { fillLedger(body, false); });
  uint64_t status = admin_.send([](Body body) { body.setStatus(); });
  for (int i = 0; i < 2; ++i) {
    Reply reply = admin_.receive();
    if (reply->getRequestId() == query) {
      EXPECT_TRUE(reply->getBody().isProjection()) << "nothing but the answer came for the query: " << describe(reply);
    } else {
      EXPECT_EQ(reply->getRequestId(), status) << describe(reply);
      EXPECT_TRUE(reply->getBody().isStatus()) << describe(reply);
    }
  }
}

TEST_F(ReplayProgressTest, CallDeliversProgressToItsCallbackAndReturnsTheAnswer) {
  size_t seen = 0;
  Reply answer = admin_.call([](Body body) { fillLedger(body, true); },
                             [&](schema::ReplayProgress::Reader progress) {
                               EXPECT_GE(progress.getFolded(), 1u);
                               ++seen;
                             });
  EXPECT_TRUE(answer->getBody().isProjection()) << describe(answer);
  EXPECT_GE(seen, 1u);
  Reply skipped = admin_.call([](Body body) { fillLedger(body, true); });
  EXPECT_TRUE(skipped->getBody().isProjection()) << "without a callback progress is skipped: " << describe(skipped);
}

}  // namespace
}  // namespace qingling::server::testing
