#include "store/catch_up.h"

#include <algorithm>

namespace qingling::store {
namespace {

// A gap this short is read straight from the log and filtered here: decoding a few events costs less than the
// type index's one cursor (created and sought) per listed type — the agenda lists 34, the directory 6.
constexpr uint64_t kDirectReadPerType = 4;

bool listed(const EventFilter& filter, schema::EventEnvelope::Reader event) {
  auto type = static_cast<uint16_t>(event.getPayload().which());
  return std::find(filter.types.begin(), filter.types.end(), type) != filter.types.end();
}

}  // namespace

std::optional<StoreError> catchUp(const EventLog& log, const EventFilter& filter, uint64_t& foldedUpTo,
                                  const std::function<void(schema::EventEnvelope::Reader)>& apply) {
  const uint64_t head = log.head().position;
  if (foldedUpTo >= head) return std::nullopt;
  const bool direct =
      filter.units.empty() && !filter.types.empty() && head - foldedUpTo <= kDirectReadPerType * filter.types.size();
  auto failed = log.scan(foldedUpTo + 1, direct ? EventFilter{} : filter,
                         [&](uint64_t position, schema::EventEnvelope::Reader event) {
                           if (position > head) return false;  // committed since we looked: the next call's
                           if (!direct || listed(filter, event)) apply(event);
                           foldedUpTo = position;
                           return true;
                         });
  if (failed) return failed;
  foldedUpTo = head;  // nothing of ours between the last one and the head: those positions belong to others
  return std::nullopt;
}

}  // namespace qingling::store
