// EventLog::streamsWithPrefix: each stream once however many events it holds, only ids with the prefix, in byte
// order, capped by the limit.
#include <gtest/gtest.h>

#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

using Streams = std::vector<std::string>;

class StreamListTest : public LogTest {
 protected:
  void SetUp() override {
    LogTest::SetUp();
    for (const char* stream :
         {"dispatch-d1", "dispatch-d1/u2", "dispatch-d10", "dispatch-d1/u1", "escalation-d1-1", "dispatch-d2"}) {
      ASSERT_TRUE(log_->append(noteAppend(stream, ExpectedVersion::anyVersion(), 3)).ok());
    }
  }

  Streams list(std::string_view prefix, size_t limit = 0) {
    auto streams = log_->streamsWithPrefix(prefix, limit);
    EXPECT_TRUE(streams.ok()) << (streams.ok() ? "" : streams.error().message);
    return streams.ok() ? streams.value() : Streams{};
  }
};

TEST_F(StreamListTest, ListsEachStreamWithThePrefixOnce) {
  EXPECT_EQ(list("dispatch-d1"), (Streams{"dispatch-d1", "dispatch-d1/u1", "dispatch-d1/u2", "dispatch-d10"}));
  EXPECT_EQ(list("dispatch-d1/"), (Streams{"dispatch-d1/u1", "dispatch-d1/u2"}));
  EXPECT_EQ(list("escalation-"), (Streams{"escalation-d1-1"}));
  EXPECT_EQ(list("hazard-"), Streams{});
}

TEST_F(StreamListTest, StopsAtTheLimit) { EXPECT_EQ(list("dispatch-", 2), (Streams{"dispatch-d1", "dispatch-d1/u1"})); }

}  // namespace
}  // namespace qingling::store::testing
