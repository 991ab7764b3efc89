// Reading the global order. Without a filter this walks the events family; with one, it walks one by_type or
// by_unit cursor per listed type or unit and merges them by position (k-way, smallest first), dropping the
// repeats of an event that matches several entries.
#include <queue>
#include <string>
#include <utility>

#include "store/event_reader.h"
#include "store/key_format.h"

namespace qingling::store {
namespace {

// One index range: keys `prefix || position(u64)`, seen in position order.
struct Cursor {
  std::unique_ptr<rocksdb::Iterator> it;
  std::string prefix;

  bool valid() const {
    if (!it->Valid()) return false;
    std::string_view key = it->key().ToStringView();
    return key.size() == prefix.size() + 8 && key.starts_with(prefix);
  }
  uint64_t position() const { return keys::getU64(it->key().ToStringView().substr(prefix.size())); }
};

Result<std::vector<RecordedEvent>> readEvents(const LogDb& db, uint64_t fromPosition, size_t limit) {
  ReadView view(db);
  auto it = view.iterate(db.events());
  std::vector<RecordedEvent> events;
  for (it->Seek(keys::position(fromPosition)); it->Valid() && events.size() < limit; it->Next()) {
    if (it->key().size() != 8) {
      return StoreError{StoreErrc::corruption,
                        "the events family of " + db.path() + " holds a key that is not a position. Run verify"};
    }
    auto event = decodeEvent(keys::getU64(it->key().ToStringView()), it->value().ToStringView(), db.path());
    if (!event) return event.error();
    events.push_back(std::move(event.value()));
  }
  if (!it->status().ok()) return statusError(it->status(), "reading the log", db.path());
  return events;
}

Result<std::vector<RecordedEvent>> readMerged(const LogDb& db, uint64_t fromPosition, size_t limit,
                                              const EventFilter& filter) {
  for (const auto& unit : filter.units) {
    if (auto bad = checkKeyPart(unit, "a unit id")) return *bad;
  }
  ReadView view(db);
  std::vector<Cursor> cursors;
  for (uint16_t type : filter.types) {
    std::string prefix = keys::byType(type, 0).substr(0, 2);
    cursors.push_back({view.iterate(db.byType()), prefix});
  }
  for (const auto& unit : filter.units) {
    cursors.push_back({view.iterate(db.byUnit()), unit + '\0'});
  }

  using Entry = std::pair<uint64_t, size_t>;  // (position, cursor index)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  auto advance = [&](size_t i, bool first) -> std::optional<StoreError> {
    Cursor& cursor = cursors[i];
    if (first) {
      cursor.it->Seek(cursor.prefix + keys::position(fromPosition));
    } else {
      cursor.it->Next();
    }
    if (cursor.valid()) {
      heap.emplace(cursor.position(), i);
    } else if (!cursor.it->status().ok()) {
      return statusError(cursor.it->status(), "reading an index of the log", db.path());
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < cursors.size(); ++i) {
    if (auto error = advance(i, true)) return *error;
  }

  std::vector<RecordedEvent> events;
  uint64_t last = 0;
  while (!heap.empty() && events.size() < limit) {
    auto [position, i] = heap.top();
    heap.pop();
    if (position != last) {
      auto event = readEventIn(view, position);
      if (!event) return event.error();
      if (!event.value()) {
        return StoreError{StoreErrc::corruption, "an index of " + db.path() + " names position " +
                                                     std::to_string(position) +
                                                     ", which is missing from `events`. Run verify"};
      }
      events.push_back(std::move(*event.value()));
      last = position;
    }
    if (auto error = advance(i, false)) return *error;
  }
  return events;
}

}  // namespace

Result<std::vector<RecordedEvent>> readAll(const LogDb& db, uint64_t fromPosition, size_t limit,
                                           const EventFilter& filter) {
  fromPosition = std::max<uint64_t>(fromPosition, 1);
  if (filter.types.empty() && filter.units.empty()) return readEvents(db, fromPosition, limit);
  return readMerged(db, fromPosition, limit, filter);
}

}  // namespace qingling::store
