// Catching a fold up with the log: the in-process projections the server keeps live (the directory, the agenda)
// fold what committed since they last looked: a short gap read straight from the log, a long one through the type
// index.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "store/event_log.h"

namespace qingling::store {

// Hands every event matching `filter` after `foldedUpTo` to `apply`, in log order, streamed (EventLog::scan),
// and advances `foldedUpTo` to the head it started from. On a read error it stops, leaves `foldedUpTo` at the
// last event applied, and returns the error.
std::optional<StoreError> catchUp(const EventLog& log, const EventFilter& filter, uint64_t& foldedUpTo,
                                  const std::function<void(schema::EventEnvelope::Reader)>& apply);

}  // namespace qingling::store
