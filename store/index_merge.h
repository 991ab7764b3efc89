// The positions an EventFilter selects, in log order: one cursor per listed type (by_type) and unit (by_unit),
// merged smallest first with repeats dropped (an event matching several entries comes once). Reads within one
// ReadView, so it agrees with the events read beside it. Private to the store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "store/event_log.h"
#include "store/log_db.h"

namespace qingling::store {

class IndexMerge {
 public:
  // The filter's ids must be valid key parts (checkKeyPart); an empty filter selects nothing here.
  IndexMerge(const ReadView& view, const EventFilter& filter, uint64_t fromPosition);
  ~IndexMerge();

  // The next selected position, nullopt at the end or on a read error (then error() says what).
  std::optional<uint64_t> next();
  const std::optional<StoreError>& error() const { return error_; }

 private:
  struct Cursor;
  void advance(size_t i, bool first);

  const ReadView& view_;
  std::vector<Cursor> cursors_;
  using Entry = std::pair<uint64_t, size_t>;  // (position, cursor index)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  uint64_t last_ = 0;
  std::optional<StoreError> error_;
};

}  // namespace qingling::store
