#include "server/directory_view.h"

#include "store/catch_up.h"

namespace qingling::server {

bool DirectoryView::catchUp(std::string& error) {
  std::lock_guard serial(catchUpMutex_);
  static const store::EventFilter filter{domain::Directory::eventTypes(), {}};
  auto failed = store::catchUp(log_, filter, foldedUpTo_, [this](schema::EventEnvelope::Reader event) {
    std::unique_lock lock(mutex_);
    directory_.evolve(event.getPayload());
  });
  if (failed) error = failed->message;
  return !failed;
}

}  // namespace qingling::server
