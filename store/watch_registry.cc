// Registration and notification of commit watches (see watch_registry.h).
#include "store/watch_registry.h"

namespace qingling::store {

class WatchRegistry::Handle : public EventLog::Watch {
 public:
  Handle(std::shared_ptr<WatchRegistry> registry, uint64_t id) : registry_(std::move(registry)), id_(id) {}
  ~Handle() override { registry_->remove(id_); }

 private:
  std::shared_ptr<WatchRegistry> registry_;
  uint64_t id_;
};

std::unique_ptr<EventLog::Watch> WatchRegistry::add(const std::shared_ptr<WatchRegistry>& registry,
                                                    std::function<void(uint64_t head)> onCommit) {
  uint64_t id;
  {
    std::lock_guard lock(registry->mutex_);
    id = registry->nextId_++;
    registry->watches_.emplace(id, std::move(onCommit));
  }
  return std::make_unique<Handle>(registry, id);
}

void WatchRegistry::notify(uint64_t head) {
  std::lock_guard lock(mutex_);
  for (auto& [id, onCommit] : watches_) onCommit(head);
}

void WatchRegistry::remove(uint64_t id) {
  std::lock_guard lock(mutex_);
  watches_.erase(id);
}

}  // namespace qingling::store
