#include "server/directory_view.h"

#include "store/catch_up.h"

namespace qingling::server {

bool DirectoryView::catchUp(std::string& error) {
  std::lock_guard serial(catchUpMutex_);
  static const store::EventFilter filter{domain::Directory::eventTypes(), {}};
  auto failed = store::catchUp(log_, filter, foldedUpTo_, [this](const std::vector<store::RecordedEvent>& page) {
    std::unique_lock lock(mutex_);
    for (const auto& event : page) directory_.evolve(event.envelope().getPayload());
  });
  if (failed) error = failed->message;
  return !failed;
}

}  // namespace qingling::server
