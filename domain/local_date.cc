// Local calendar dates (proleptic Gregorian, via the days-since-epoch civil algorithms of H. Hinnant's
// "chrono-Compatible Low-Level Date Algorithms") and the fixed-offset timezones campaigns use. Only zones whose
// offset has been constant since long before any campaign are accepted, so an offset is all a timezone needs to be.
#include "domain/local_date.h"

#include <cstdio>

#include "domain/duration.h"

namespace qingling::domain {
namespace {

bool isLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool digitsAt(std::string_view text, size_t from, size_t count, int& out) {
  out = 0;
  for (size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// "+08:00" / "-05:30": hours up to 14 (the widest offset in use), minutes below 60.
std::optional<int32_t> fixedOffset(std::string_view tz) {
  if (tz.size() != 6 || (tz[0] != '+' && tz[0] != '-') || tz[3] != ':') return std::nullopt;
  int hours = 0;
  int minutes = 0;
  if (!digitsAt(tz, 1, 2, hours) || !digitsAt(tz, 4, 2, minutes)) return std::nullopt;
  if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0)) return std::nullopt;
  int32_t seconds = hours * 3600 + minutes * 60;
  return tz[0] == '-' ? -seconds : seconds;
}

}  // namespace

std::optional<LocalDate> LocalDate::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  LocalDate d;
  if (!digitsAt(text, 0, 4, d.year) || !digitsAt(text, 5, 2, d.month) || !digitsAt(text, 8, 2, d.day)) {
    return std::nullopt;
  }
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysInMonth(d.year, d.month)) {
    return std::nullopt;
  }
  return d;
}

int LocalDate::daysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && isLeap(year) ? 29 : kDays[month - 1];
}

int64_t LocalDate::days() const {
  // Years start in March so the leap day is the last day of a year; eras are 400-year cycles of 146097 days.
  const int64_t y = static_cast<int64_t>(year) - (month <= 2);
  const int64_t era = floorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

LocalDate LocalDate::fromDays(int64_t daysSinceEpoch) {
  const int64_t z = daysSinceEpoch + 719468;
  const int64_t era = floorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  LocalDate d;
  d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2));
  return d;
}

std::string LocalDate::str() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

int LocalDate::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  return static_cast<int>(((days() + 3) % 7 + 7) % 7) + 1;
}

std::optional<int32_t> timezoneOffsetSeconds(std::string_view timezone) {
  // The tz database links these to Asia/Shanghai (China Standard Time, no DST since 1991). Asia/Urumqi is
  // deliberately absent: the tz database gives it UTC+6 (Xinjiang time), not Beijing time.
  for (std::string_view china : {"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "PRC"}) {
    if (timezone == china) return 8 * 3600;
  }
  if (timezone == "UTC" || timezone == "Etc/UTC") return 0;
  return fixedOffset(timezone);
}

int64_t startOfLocalDay(const LocalDate& date, int32_t offsetSeconds) {
  return date.days() * kMicrosPerDay - static_cast<int64_t>(offsetSeconds) * kMicrosPerSecond;
}

int64_t endOfLocalDay(const LocalDate& date, int32_t offsetSeconds) {
  return startOfLocalDay(date.plusDays(1), offsetSeconds);
}

LocalDate localDateOf(int64_t instantMicros, int32_t offsetSeconds) {
  return LocalDate::fromDays(
      floorDiv(instantMicros + static_cast<int64_t>(offsetSeconds) * kMicrosPerSecond, kMicrosPerDay));
}

}  // namespace qingling::domain
