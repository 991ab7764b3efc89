#include "store/catch_up.h"

namespace qingling::store {

std::optional<StoreError> catchUp(const EventLog& log, const EventFilter& filter, uint64_t& foldedUpTo,
                                  const std::function<void(const std::vector<RecordedEvent>&)>& applyPage) {
  const uint64_t head = log.head().position;
  while (foldedUpTo < head) {
    auto page = log.readAll(foldedUpTo + 1, 0, filter);
    if (!page.ok()) return page.error();
    if (page->empty()) {
      foldedUpTo = head;  // nothing of ours up to the head: the positions in between belong to others
      break;
    }
    applyPage(page.value());
    foldedUpTo = page->back().position();
  }
  return std::nullopt;
}

}  // namespace qingling::store
