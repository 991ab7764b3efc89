// ISO 8601 durations as the plan format uses them ("P3D", "PT12H", "-P1D", "P1W", "P1DT2H30M"), in
// microseconds. Calendar months and years are refused: their length depends on the date they start from.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace qingling::domain {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

std::optional<int64_t> parseDuration(std::string_view text);

}  // namespace qingling::domain
