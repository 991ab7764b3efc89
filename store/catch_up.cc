#include "store/catch_up.h"

#include <algorithm>

namespace qingling::store {
namespace {

// A gap this short is read straight from the log and filtered here: one cursor over a few events costs less than
// the type index's one cursor per listed type (the agenda lists 34), and a live fold is usually a few events behind.
constexpr uint64_t kDirectReadGap = 512;

bool listed(const EventFilter& filter, const RecordedEvent& event) {
  auto type = static_cast<uint16_t>(event.envelope().getPayload().which());
  return std::find(filter.types.begin(), filter.types.end(), type) != filter.types.end();
}

}  // namespace

std::optional<StoreError> catchUp(const EventLog& log, const EventFilter& filter, uint64_t& foldedUpTo,
                                  const std::function<void(const std::vector<RecordedEvent>&)>& applyPage) {
  const uint64_t head = log.head().position;
  while (foldedUpTo < head) {
    const bool direct = head - foldedUpTo <= kDirectReadGap && filter.units.empty() && !filter.types.empty();
    auto page = direct ? log.readAll(foldedUpTo + 1, head - foldedUpTo) : log.readAll(foldedUpTo + 1, 0, filter);
    if (!page.ok()) return page.error();
    if (page->empty()) {
      foldedUpTo = head;  // nothing of ours up to the head: the positions in between belong to others
      break;
    }
    const uint64_t last = page->back().position();
    if (direct) std::erase_if(page.value(), [&](const RecordedEvent& event) { return !listed(filter, event); });
    if (!page->empty()) applyPage(page.value());
    foldedUpTo = last;
  }
  return std::nullopt;
}

}  // namespace qingling::store
