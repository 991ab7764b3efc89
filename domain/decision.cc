#include "domain/decision.h"

#include <algorithm>

namespace qingling::domain {

EventDraft draft(const std::vector<std::string>& units) {
  EventDraft d;
  std::vector<std::string> keys;
  for (const auto& unit : units) {
    if (!unit.empty() && std::find(keys.begin(), keys.end(), unit) == keys.end()) keys.push_back(unit);
  }
  auto list = d.envelope().initUnits(static_cast<unsigned>(keys.size()));
  for (unsigned i = 0; i < keys.size(); ++i) list.set(i, keys[i]);
  return d;
}

Emitted emit(std::string streamId, StreamExpectation expect, EventDraft event, uint64_t loadedVersion) {
  Emitted out;
  out.streams.push_back(StreamEvents{std::move(streamId), expect, loadedVersion, {}});
  out.streams.back().events.push_back(std::move(event));
  return out;
}

}  // namespace qingling::domain
