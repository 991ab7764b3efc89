// The failed-authentication throttle's rule, with time passed in: the limit within the window blocks an address,
// only that address, until its oldest counted failure leaves the window.
#include "server/auth_throttle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace qingling::server {
namespace {

using std::chrono::seconds;

const AuthThrottle::Clock::time_point t0{seconds(1000)};

TEST(AuthThrottleTest, BlocksAnAddressAtTheLimitUntilItsOldestFailureLeavesTheWindow) {
  AuthThrottle throttle(3, seconds(60));
  EXPECT_FALSE(throttle.recordFailure("10.0.0.1", t0));
  EXPECT_FALSE(throttle.recordFailure("10.0.0.1", t0 + seconds(10)));
  EXPECT_EQ(throttle.blockedFor("10.0.0.1", t0 + seconds(10)), seconds(0));
  EXPECT_TRUE(throttle.recordFailure("10.0.0.1", t0 + seconds(20)));
  EXPECT_EQ(throttle.blockedFor("10.0.0.1", t0 + seconds(20)), seconds(40));
  EXPECT_EQ(throttle.blockedFor("10.0.0.1", t0 + seconds(59)), seconds(1));
  EXPECT_EQ(throttle.blockedFor("10.0.0.1", t0 + seconds(60)), seconds(0));
  // Free again, but two failures are still in the window: one more blocks until the second one expires.
  EXPECT_TRUE(throttle.recordFailure("10.0.0.1", t0 + seconds(61)));
  EXPECT_EQ(throttle.blockedFor("10.0.0.1", t0 + seconds(61)), seconds(9));
}

TEST(AuthThrottleTest, OtherAddressesAreNotBlocked) {
  AuthThrottle throttle(2, seconds(60));
  throttle.recordFailure("10.0.0.1", t0);
  throttle.recordFailure("10.0.0.1", t0);
  EXPECT_GT(throttle.blockedFor("10.0.0.1", t0), seconds(0));
  EXPECT_EQ(throttle.blockedFor("10.0.0.2", t0), seconds(0));
  throttle.recordFailure("10.0.0.2", t0);
  EXPECT_EQ(throttle.blockedFor("10.0.0.2", t0), seconds(0));
}

TEST(AuthThrottleTest, FailuresSpreadWiderThanTheWindowNeverBlock) {
  AuthThrottle throttle(3, seconds(60));
  for (int i = 0; i < 20; ++i) {
    EXPECT_FALSE(throttle.recordFailure("10.0.0.1", t0 + seconds(31 * i)));
    EXPECT_EQ(throttle.blockedFor("10.0.0.1", t0 + seconds(31 * i)), seconds(0)) << i;
  }
}

TEST(AuthThrottleTest, ALimitOfZeroNeverBlocks) {
  AuthThrottle throttle(0, seconds(60));
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(throttle.recordFailure("10.0.0.1", t0));
  EXPECT_EQ(throttle.blockedFor("10.0.0.1", t0), seconds(0));
}

TEST(AuthThrottleTest, AScanFromManyAddressesKeepsTheTableBounded) {
  // 100 new addresses a second, each failing once: at most 6,100 are within the 60 s window at any time.
  AuthThrottle throttle(2, seconds(60));
  size_t most = 0;
  for (int i = 0; i < 100000; ++i) {
    throttle.recordFailure("a" + std::to_string(i), t0 + seconds(i / 100));
    most = std::max(most, throttle.trackedAddresses());
  }
  EXPECT_LE(most, 2 * 6100 + 1);  // expired addresses are dropped once the table doubles past the live ones
}

}  // namespace
}  // namespace qingling::server
