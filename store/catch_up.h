// Catching a fold up with the log: the in-process projections the server keeps live (the directory, the agenda)
// fold what committed since they last looked, reading only their event types through the type index.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "store/event_log.h"

namespace qingling::store {

// Hands every event matching `filter` after `foldedUpTo` to `applyPage`, page by page in log order, and advances
// `foldedUpTo` to at least the head it started from. On a read error it stops, leaves `foldedUpTo` after the
// last page folded, and returns the error.
std::optional<StoreError> catchUp(const EventLog& log, const EventFilter& filter, uint64_t& foldedUpTo,
                                  const std::function<void(const std::vector<RecordedEvent>&)>& applyPage);

}  // namespace qingling::store
