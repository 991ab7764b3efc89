// Streaming the global order to a visitor (EventLog::scan). A replay of millions of events reads them once, in
// order, from one snapshot: the events family walked by one iterator, or the positions the filter's indexes
// select (store/index_merge.h) with one cursor per entry kept for the whole walk. Each envelope is copied into one
// reused word-aligned buffer and read in place, so nothing is allocated per event.
#include <kj/exception.h>

#include "store/event_reader.h"
#include "store/index_merge.h"
#include "store/key_format.h"

namespace qingling::store {
namespace {

// Decodes one stored value into the reused buffer and shows it to the visitor.
class Decoder {
 public:
  explicit Decoder(const LogDb& db) : db_(db) {}

  // nullopt: visited (`more` says whether to go on); else why the value does not decode.
  std::optional<StoreError> visit(uint64_t position, std::string_view value, const EventVisitor& visitor, bool& more) {
    try {
      capnp::FlatArrayMessageReader reader(copyEnvelope(position, value, buffer_, hash_), storedReaderOptions());
      more = visitor(position, reader.getRoot<schema::EventEnvelope>());
      return std::nullopt;
    } catch (const kj::Exception&) {
      auto decoded = decodeEvent(position, value, db_.path());
      if (!decoded) return decoded.error();
      throw;  // the value is sound: the visitor threw
    }
  }

 private:
  const LogDb& db_;
  kj::Array<capnp::word> buffer_;
  Hash hash_{};
};

std::optional<StoreError> scanEvents(const LogDb& db, uint64_t fromPosition, const EventVisitor& visit) {
  ReadView view(db);
  Decoder decoder(db);
  auto it = view.iterate(db.events());
  bool more = true;
  for (it->Seek(keys::position(fromPosition)); more && it->Valid(); it->Next()) {
    if (it->key().size() != 8) return corruptIndex(db.path(), "the events family holds a key that is not a position");
    if (auto bad = decoder.visit(keys::getU64(it->key().ToStringView()), it->value().ToStringView(), visit, more)) {
      return bad;
    }
  }
  if (!it->status().ok()) return statusError(it->status(), "reading the log", db.path());
  return std::nullopt;
}

std::optional<StoreError> scanMerged(const LogDb& db, uint64_t fromPosition, const EventFilter& filter,
                                     const EventVisitor& visit) {
  for (const auto& unit : filter.units) {
    if (auto bad = checkKeyPart(unit, "a unit id")) return bad;
  }
  ReadView view(db);
  Decoder decoder(db);
  IndexMerge merge(view, filter, fromPosition);
  rocksdb::PinnableSlice value;
  for (bool more = true; more;) {
    auto position = merge.next();
    if (!position) break;
    value.Reset();
    rocksdb::Status status = db.db().Get(view.options(), db.events(), keys::position(*position), &value);
    if (status.IsNotFound()) {
      return corruptIndex(db.path(),
                          "an index names position " + std::to_string(*position) + ", which is missing from `events`");
    }
    if (!status.ok()) return statusError(status, "reading position " + std::to_string(*position), db.path());
    if (auto bad = decoder.visit(*position, value.ToStringView(), visit, more)) return bad;
  }
  return merge.error();
}

}  // namespace

std::optional<StoreError> scanLog(const LogDb& db, uint64_t fromPosition, const EventFilter& filter,
                                  const EventVisitor& visit) {
  fromPosition = std::max<uint64_t>(fromPosition, 1);
  if (filter.types.empty() && filter.units.empty()) return scanEvents(db, fromPosition, visit);
  return scanMerged(db, fromPosition, filter, visit);
}

}  // namespace qingling::store
