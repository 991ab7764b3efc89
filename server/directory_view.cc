#include "server/directory_view.h"

namespace qingling::server {

bool DirectoryView::catchUp(std::string& error) {
  std::lock_guard serial(catchUpMutex_);
  static const store::EventFilter filter{domain::Directory::eventTypes(), {}};
  uint64_t head = log_.head().position;
  while (foldedUpTo_ < head) {
    auto page = log_.readAll(foldedUpTo_ + 1, 4096, filter);
    if (!page.ok()) {
      error = page.error().message;
      return false;
    }
    if (page->empty()) {
      foldedUpTo_ = head;
      break;
    }
    std::unique_lock lock(mutex_);
    for (const auto& event : page.value()) directory_.evolve(event.envelope().getPayload());
    foldedUpTo_ = page->back().position();
  }
  return true;
}

}  // namespace qingling::server
