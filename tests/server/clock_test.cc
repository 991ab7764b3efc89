// The clock seam: instants parsed and printed in the campaigns' zone, and a simulation clock that never goes
// backwards. (Over the wire, with a running server: sim_clock_test.cc.)
#include "server/clock.h"

#include <gtest/gtest.h>

namespace qingling::server {
namespace {

constexpr int64_t kMicros = 1'000'000;
constexpr int64_t kMay20Utc = 1684540800LL * kMicros;  // 2023-05-20T00:00:00Z

TEST(Clock, ParsesInstantsWithAndWithoutZones) {
  int64_t t = 0;
  ASSERT_TRUE(parseInstant("2023-05-20T08:00+08:00", t));
  EXPECT_EQ(t, kMay20Utc);
  ASSERT_TRUE(parseInstant("2023-05-20T00:00:00Z", t));
  EXPECT_EQ(t, kMay20Utc);
  ASSERT_TRUE(parseInstant("2023-05-20", t));  // midnight in Asia/Shanghai
  EXPECT_EQ(t, kMay20Utc - 8 * 3600 * kMicros);
  ASSERT_TRUE(parseInstant("2023-05-19T20:30:15-03:30", t));
  EXPECT_EQ(t, kMay20Utc + 15 * kMicros);
}

TEST(Clock, RefusesMalformedInstants) {
  int64_t t = 0;
  for (const char* bad :
       {"", "2023-5-20", "2023-13-01", "2023-05-20X08:00", "2023-05-20T25:00", "2023-05-20T08:00+8", "tomorrow"}) {
    EXPECT_FALSE(parseInstant(bad, t)) << bad;
  }
}

TEST(Clock, FormatsInShanghaiTimeAndRoundTrips) {
  EXPECT_EQ(formatInstant(kMay20Utc), "2023-05-20T08:00:00+08:00");
  int64_t back = 0;
  ASSERT_TRUE(parseInstant(formatInstant(kMay20Utc + 59 * kMicros), back));
  EXPECT_EQ(back, kMay20Utc + 59 * kMicros);
}

TEST(Clock, SimClockMovesOnlyForwards) {
  SimClock clock(kMay20Utc);
  EXPECT_TRUE(clock.simulated());
  EXPECT_EQ(clock.now(), kMay20Utc);
  EXPECT_TRUE(clock.set(kMay20Utc + kMicros));
  EXPECT_TRUE(clock.set(kMay20Utc + kMicros));  // standing still is allowed
  EXPECT_FALSE(clock.set(kMay20Utc));
  EXPECT_EQ(clock.now(), kMay20Utc + kMicros);
  EXPECT_FALSE(WallClock().simulated());
}

}  // namespace
}  // namespace qingling::server
