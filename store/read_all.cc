// Reading the global order, a page at a time. Without a filter this walks the events family; with one, it reads
// the positions the filter's indexes select (store/index_merge.h).
#include "store/event_reader.h"
#include "store/index_merge.h"
#include "store/key_format.h"

namespace qingling::store {
namespace {

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
  IndexMerge merge(view, filter, fromPosition);
  std::vector<RecordedEvent> events;
  while (events.size() < limit) {
    auto position = merge.next();
    if (!position) break;
    auto event = readEventIn(view, *position);
    if (!event) return event.error();
    if (!event.value()) {
      return corruptIndex(db.path(),
                          "an index names position " + std::to_string(*position) + ", which is missing from `events`");
    }
    events.push_back(std::move(*event.value()));
  }
  if (merge.error()) return *merge.error();
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
