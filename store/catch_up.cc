#include "store/catch_up.h"

#include <algorithm>

namespace qingling::store {
namespace {

// A gap this short is read straight from the log and filtered here: one cursor over a few events costs less than
// the type index's one cursor per listed type (the agenda lists 34), and a live fold is usually a few events behind.
constexpr uint64_t kDirectReadGap = 512;

bool listed(const EventFilter& filter, schema::EventEnvelope::Reader event) {
  auto type = static_cast<uint16_t>(event.getPayload().which());
  return std::find(filter.types.begin(), filter.types.end(), type) != filter.types.end();
}

}  // namespace

std::optional<StoreError> catchUp(const EventLog& log, const EventFilter& filter, uint64_t& foldedUpTo,
                                  const std::function<void(schema::EventEnvelope::Reader)>& apply) {
  const uint64_t head = log.head().position;
  if (foldedUpTo >= head) return std::nullopt;
  const bool direct = head - foldedUpTo <= kDirectReadGap && filter.units.empty() && !filter.types.empty();
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
