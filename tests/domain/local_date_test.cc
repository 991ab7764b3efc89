#include "domain/local_date.h"

#include <gtest/gtest.h>

#include "domain/duration.h"

namespace qingling::domain {
namespace {

constexpr int32_t kBeijing = 8 * 3600;
constexpr int64_t kHour = 3600 * kMicrosPerSecond;

LocalDate d(const char* text) { return LocalDate::parse(text).value(); }

TEST(LocalDate, ParsesRealDatesOnly) {
  EXPECT_EQ(d("2023-07-30"), (LocalDate{2023, 7, 30}));
  EXPECT_EQ(d("2024-02-29"), (LocalDate{2024, 2, 29}));
  EXPECT_EQ(d("2000-02-29"), (LocalDate{2000, 2, 29}));
  for (const char* bad : {"2023-02-29", "1900-02-29", "2023-02-30", "2023-04-31", "2023-13-01", "2023-00-10",
                          "2023-01-00", "2023-01-32", "0000-01-01", "2023-1-05", "2023/01/05", "20230105",
                          "2023-01-05T00:00", " 2023-01-05", "2023-01-0a", "", "２０２３-01-05"}) {
    EXPECT_FALSE(LocalDate::parse(bad).has_value()) << bad;
  }
}

TEST(LocalDate, KnowsMonthLengthsAndLeapYears) {
  EXPECT_EQ(LocalDate::daysInMonth(2023, 2), 28);
  EXPECT_EQ(LocalDate::daysInMonth(2024, 2), 29);
  EXPECT_EQ(LocalDate::daysInMonth(1900, 2), 28);
  EXPECT_EQ(LocalDate::daysInMonth(2000, 2), 29);
  EXPECT_EQ(LocalDate::daysInMonth(2023, 4), 30);
  EXPECT_EQ(LocalDate::daysInMonth(2023, 12), 31);
}

TEST(LocalDate, CountsDaysFromTheEpochBothWays) {
  EXPECT_EQ(d("1970-01-01").days(), 0);
  EXPECT_EQ(d("1969-12-31").days(), -1);
  EXPECT_EQ(d("2000-03-01").days(), 11017);
  EXPECT_EQ(d("2023-07-30").days(), 19568);
  // Every 997th day from 0001-01-01 to 9999-12-31: the years a date string can hold.
  for (int64_t n = d("0001-01-01").days(); n <= d("9999-12-31").days(); n += 997) {
    LocalDate date = LocalDate::fromDays(n);
    ASSERT_EQ(date.days(), n);
    ASSERT_EQ(LocalDate::parse(date.str()), date);
  }
}

TEST(LocalDate, StepsOverMonthAndYearEnds) {
  EXPECT_EQ(d("2024-02-28").plusDays(1).str(), "2024-02-29");
  EXPECT_EQ(d("2023-02-28").plusDays(1).str(), "2023-03-01");
  EXPECT_EQ(d("2022-12-31").plusDays(1).str(), "2023-01-01");
  EXPECT_EQ(d("2023-03-01").plusDays(-1).str(), "2023-02-28");
  EXPECT_LT(d("2023-01-31"), d("2023-02-01"));
}

TEST(LocalDate, WeekdaysAreIso) {
  EXPECT_EQ(d("1970-01-01").weekday(), 4);  // Thursday
  EXPECT_EQ(d("2022-06-20").weekday(), 1);  // Monday
  EXPECT_EQ(d("2022-06-23").weekday(), 4);
  EXPECT_EQ(d("2023-01-01").weekday(), 7);  // Sunday
  EXPECT_EQ(d("1969-12-29").weekday(), 1);
}

TEST(LocalDate, SupportsChinaTimeUtcAndFixedOffsets) {
  EXPECT_EQ(timezoneOffsetSeconds("Asia/Shanghai"), kBeijing);
  EXPECT_EQ(timezoneOffsetSeconds("Asia/Chongqing"), kBeijing);
  EXPECT_EQ(timezoneOffsetSeconds("Asia/Harbin"), kBeijing);
  EXPECT_EQ(timezoneOffsetSeconds("PRC"), kBeijing);
  EXPECT_EQ(timezoneOffsetSeconds("UTC"), 0);
  EXPECT_EQ(timezoneOffsetSeconds("Etc/UTC"), 0);
  EXPECT_EQ(timezoneOffsetSeconds("+08:00"), kBeijing);
  EXPECT_EQ(timezoneOffsetSeconds("-05:30"), -(5 * 3600 + 30 * 60));
  EXPECT_EQ(timezoneOffsetSeconds("+00:00"), 0);
  for (const char* bad : {"", "Asia/Urumqi", "Europe/Berlin", "asia/shanghai", "+8", "+08", "+0800", "+15:00", "+08:60",
                          "08:00", "CST"}) {
    EXPECT_FALSE(timezoneOffsetSeconds(bad).has_value()) << bad;
  }
}

TEST(LocalDate, EndOfALocalDayInBeijingIsFourPmUtc) {
  int64_t utcMidnight = d("2023-07-30").days() * kMicrosPerDay;
  EXPECT_EQ(endOfLocalDay(d("2023-07-30"), kBeijing), utcMidnight + 16 * kHour);
  EXPECT_EQ(startOfLocalDay(d("2023-07-30"), kBeijing), utcMidnight - 8 * kHour);
  EXPECT_EQ(endOfLocalDay(d("2023-07-30"), 0), utcMidnight + 24 * kHour);
  EXPECT_EQ(endOfLocalDay(d("2023-07-30"), -(5 * 3600 + 30 * 60)),
            utcMidnight + 29 * kHour + 30 * 60 * kMicrosPerSecond);
}

TEST(LocalDate, LocalDateOfAnInstantFollowsTheOffset) {
  int64_t end = endOfLocalDay(d("2023-07-30"), kBeijing);
  EXPECT_EQ(localDateOf(end - 1, kBeijing).str(), "2023-07-30");
  EXPECT_EQ(localDateOf(end, kBeijing).str(), "2023-07-31");
  EXPECT_EQ(localDateOf(end, 0).str(), "2023-07-30");  // 16:00Z
  EXPECT_EQ(localDateOf(startOfLocalDay(d("2023-07-30"), kBeijing), kBeijing).str(), "2023-07-30");
  EXPECT_EQ(localDateOf(-1, 0).str(), "1969-12-31");
  EXPECT_EQ(localDateOf(-1, kBeijing).str(), "1970-01-01");
}

}  // namespace
}  // namespace qingling::domain
