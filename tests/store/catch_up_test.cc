// store::catchUp: a live fold sees every event of its types exactly once, in log order, whether the gap since it
// last looked is short (read straight from the log and filtered in memory) or long (read through the type index),
// and a small page limit (which a streamed read does not know) changes nothing.
#include <gtest/gtest.h>

#include "schemas/events.capnp.h"
#include "store/catch_up.h"
#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

class CatchUpTest : public LogTest {
 protected:
  // Appends `count` notes with a hazard after every third; returns the hazards' positions.
  std::vector<uint64_t> appendMixed(int count) {
    std::vector<uint64_t> hazards;
    for (int i = 0; i < count; ++i) {
      auto appended = log_->append(noteAppend("notes", ExpectedVersion::anyVersion()));
      EXPECT_TRUE(appended.ok());
      if (i % 3 != 2) continue;
      AppendRequest request;
      request.streamId = "hazard-" + std::to_string(i);
      request.events.push_back(hazardEvent("h" + std::to_string(i)));
      auto hazard = log_->append(std::move(request));
      EXPECT_TRUE(hazard.ok());
      if (hazard.ok()) hazards.push_back(hazard->firstPosition);
    }
    return hazards;
  }

  std::vector<uint64_t> fold(uint64_t& foldedUpTo) {
    static const EventFilter hazards{{static_cast<uint16_t>(schema::Event::HAZARD_RECORDED)}, {}};
    std::vector<uint64_t> seen;
    auto failed = catchUp(*log_, hazards, foldedUpTo, [&](schema::EventEnvelope::Reader event) {
      EXPECT_TRUE(event.getPayload().isHazardRecorded()) << event.getPosition();
      seen.push_back(event.getPosition());
    });
    EXPECT_FALSE(failed) << failed->message;
    return seen;
  }
};

TEST_F(CatchUpTest, ShortAndLongGapsYieldEachEventOfTheTypeOnceInOrder) {
  uint64_t foldedUpTo = 0;
  auto first = appendMixed(3);  // a gap of 4 events, within 4 per listed type: read straight from the log
  EXPECT_EQ(fold(foldedUpTo), first);
  EXPECT_EQ(foldedUpTo, log_->head().position);
  EXPECT_TRUE(fold(foldedUpTo).empty()) << "nothing twice";
  auto second = appendMixed(900);  // a long one: through the type index
  EXPECT_EQ(fold(foldedUpTo), second);
  EXPECT_EQ(foldedUpTo, log_->head().position);
  appendMixed(2);  // notes only after the last hazard: the fold still moves to the head
  fold(foldedUpTo);
  EXPECT_EQ(foldedUpTo, log_->head().position);
}

TEST_F(CatchUpTest, APageLimitBelowTheGapNeverSkipsEvents) {
  options().readPageLimit = 7;
  reopen();
  uint64_t foldedUpTo = 0;
  auto hazards = appendMixed(60);
  EXPECT_EQ(fold(foldedUpTo), hazards);
  EXPECT_EQ(foldedUpTo, log_->head().position);
}

}  // namespace
}  // namespace qingling::store::testing
