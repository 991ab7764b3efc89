#include "server/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace qingling::server {
namespace {

constexpr int64_t kMicros = 1'000'000;
constexpr int64_t kShanghaiOffsetSeconds = 8 * 3600;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

int64_t WallClock::now() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

bool SimClock::set(int64_t to) {
  int64_t current = now_.load();
  while (to >= current) {
    if (now_.compare_exchange_weak(current, to)) return true;
  }
  return false;
}

bool parseInstant(const std::string& text, int64_t& out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10) return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  int64_t offset = kShanghaiOffsetSeconds;
  std::string rest = text.substr(10);
  if (!rest.empty()) {
    if (rest[0] != 'T' && rest[0] != ' ') return false;
    int n = 0;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d%n", &h, &mi, &n) != 2) return false;
    size_t i = 1 + static_cast<size_t>(n);
    if (i < rest.size() && rest[i] == ':') {
      int n2 = 0;
      if (std::sscanf(rest.c_str() + i + 1, "%2d%n", &s, &n2) != 1) return false;
      i += 1 + static_cast<size_t>(n2);
    }
    std::string zone = rest.substr(i);
    if (zone == "Z") {
      offset = 0;
    } else if (!zone.empty()) {
      int zh = 0, zm = 0;
      if ((zone[0] != '+' && zone[0] != '-') || std::sscanf(zone.c_str() + 1, "%2d:%2d", &zh, &zm) != 2) return false;
      offset = (zh * 3600 + zm * 60) * (zone[0] == '-' ? -1 : 1);
    }
    if (h > 23 || mi > 59 || s > 60) return false;
  }
  int64_t seconds =
      daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s - offset;
  out = seconds * kMicros;
  return true;
}

std::string formatInstant(int64_t micros) {
  std::time_t t = static_cast<std::time_t>(micros / kMicros + kShanghaiOffsetSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace qingling::server
