// Local calendar dates and the instants they bound. Campaign dates are local to the campaign's timezone; China
// keeps one offset all year (UTC+8, no daylight saving since 1991), so a timezone here is a fixed offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qingling::domain {

struct LocalDate {
  int year = 0;
  int month = 0;  // 1-12
  int day = 0;    // 1-31

  static std::optional<LocalDate> parse(std::string_view text);  // "YYYY-MM-DD", a real date only
  static LocalDate fromDays(int64_t daysSinceEpoch);
  int64_t days() const;     // days since 1970-01-01
  std::string str() const;  // "YYYY-MM-DD"
  LocalDate plusDays(int64_t n) const { return fromDays(days() + n); }
  int weekday() const;  // ISO: 1 = Monday … 7 = Sunday
  static int daysInMonth(int year, int month);

  friend bool operator==(const LocalDate&, const LocalDate&) = default;
  friend auto operator<=>(const LocalDate& a, const LocalDate& b) { return a.days() <=> b.days(); }
};

// The offset of a supported timezone in seconds east of UTC: "Asia/Shanghai" (and the other zones of China's
// single time), "UTC", or a fixed "+08:00". nullopt for anything else.
std::optional<int32_t> timezoneOffsetSeconds(std::string_view timezone);

// The first instant after the local day `date` ends ("by 2023-07-30" = until the end of that local day), in
// microseconds since the Unix epoch. Deadlines are this instant: work recorded before it is on time.
int64_t endOfLocalDay(const LocalDate& date, int32_t offsetSeconds);
int64_t startOfLocalDay(const LocalDate& date, int32_t offsetSeconds);
LocalDate localDateOf(int64_t instantMicros, int32_t offsetSeconds);

}  // namespace qingling::domain
