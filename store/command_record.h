// The value of the commands column family: the first answer to an idempotent append, so that a retry with the
// same commandId gets that answer back. Format (store/key_format.h):
//   streamId || 0x00 || firstPosition(u64) || lastPosition(u64) || streamVersion(u64)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/event_log.h"
#include "store/key_format.h"

namespace qingling::store {

inline std::string encodeCommandRecord(const AppendResult& result) {
  std::string value;
  value.reserve(result.streamId.size() + 25);
  value.append(result.streamId);
  value.push_back('\0');
  keys::putU64(value, result.firstPosition);
  keys::putU64(value, result.lastPosition);
  keys::putU64(value, result.streamVersion);
  return value;
}

// nullopt if the value is too short or misses its separator.
inline std::optional<AppendResult> decodeCommandRecord(std::string_view value) {
  if (value.size() < 25 || value[value.size() - 25] != '\0') return std::nullopt;
  std::string_view numbers = value.substr(value.size() - 24);
  AppendResult result;
  result.streamId = std::string(value.substr(0, value.size() - 25));
  result.firstPosition = keys::getU64(numbers);
  result.lastPosition = keys::getU64(numbers.substr(8));
  result.streamVersion = keys::getU64(numbers.substr(16));
  return result;
}

}  // namespace qingling::store
