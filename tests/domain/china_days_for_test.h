// Instants the domain tests build their timelines from: hours, days, and the start of a local date in China's
// single time zone (UTC+8), where plans and deadlines live.
#pragma once

#include <cstdint>

#include "domain/local_date.h"

namespace qingling::domain::testing {

constexpr int32_t kChinaOffset = 8 * 3600;
constexpr int64_t kHour = 3600LL * 1'000'000;
constexpr int64_t kDay = 24 * kHour;

// 00:00 of `date` (YYYY-MM-DD) in UTC+8, in microseconds.
inline int64_t day(const char* date) { return startOfLocalDay(*LocalDate::parse(date), kChinaOffset); }

}  // namespace qingling::domain::testing
