#include "domain/duration.h"

#include <cctype>

namespace qingling::domain {

std::optional<int64_t> parseDuration(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i >= text.size() || text[i++] != 'P') return std::nullopt;
  bool inTime = false;
  bool any = false;
  bool timePart = false;  // a 'T' must be followed by at least one time component
  int64_t total = 0;
  while (i < text.size()) {
    if (text[i] == 'T') {
      if (inTime) return std::nullopt;
      inTime = true;
      ++i;
      continue;
    }
    int64_t n = 0;
    size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      n = n * 10 + (text[i++] - '0');
      if (++digits > 9) return std::nullopt;
    }
    if (digits == 0 || i >= text.size()) return std::nullopt;
    char unit = text[i++];
    int64_t scale = 0;
    if (!inTime && unit == 'W')
      scale = 7 * kMicrosPerDay;
    else if (!inTime && unit == 'D')
      scale = kMicrosPerDay;
    else if (inTime && unit == 'H')
      scale = 3600 * kMicrosPerSecond;
    else if (inTime && unit == 'M')
      scale = 60 * kMicrosPerSecond;
    else if (inTime && unit == 'S')
      scale = kMicrosPerSecond;
    else
      return std::nullopt;
    total += n * scale;
    any = true;
    timePart = timePart || inTime;
  }
  if (!any || (inTime && !timePart)) return std::nullopt;
  return negative ? -total : total;
}

}  // namespace qingling::domain
