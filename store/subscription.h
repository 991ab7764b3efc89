// A catch-up subscription for in-process consumers (projections): delivers every event from a position in
// order, then live events as they commit, on its own thread, until destroyed. A handler never sees a gap or a
// repeat. The log must outlive the subscription; the handler must not throw nor destroy its subscription.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "store/event_log.h"

namespace qingling::store {

class Subscription {
 public:
  Subscription(EventLog& log, uint64_t fromPosition, EventFilter filter,
               std::function<void(const RecordedEvent&)> handler);
  ~Subscription();  // stops and joins; the handler is not called after this returns
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  // Blocks until every event up to `position` has been handed to the handler (for tests and shutdown), or the
  // subscription has stopped on a read error (see error()).
  void waitUntil(uint64_t position);

  // Set once a read failed (e.g. corruption); the subscription then delivers nothing more.
  std::optional<StoreError> error() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qingling::store
