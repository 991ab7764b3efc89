#include "domain/duration.h"

#include <gtest/gtest.h>

namespace qingling::domain {
namespace {

constexpr int64_t kHour = 3600 * kMicrosPerSecond;

TEST(Duration, ParsesThePlanFormsOfEscalationSteps) {
  EXPECT_EQ(parseDuration("P3D"), 3 * kMicrosPerDay);
  EXPECT_EQ(parseDuration("-P1D"), -kMicrosPerDay);
  EXPECT_EQ(parseDuration("PT12H"), 12 * kHour);
  EXPECT_EQ(parseDuration("P1W"), 7 * kMicrosPerDay);
  EXPECT_EQ(parseDuration("P1DT2H30M15S"),
            kMicrosPerDay + 2 * kHour + 30 * 60 * kMicrosPerSecond + 15 * kMicrosPerSecond);
}

TEST(Duration, RefusesWhatIsNotAnIsoDurationOrHasNoFixedLength) {
  for (const char* bad :
       {"", "P", "3D", "PD", "P1M", "P1Y", "PT", "P1H", "PT1D", "P1DT", "P1D2", "P99999999999D", "xP1D"}) {
    EXPECT_FALSE(parseDuration(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace qingling::domain
