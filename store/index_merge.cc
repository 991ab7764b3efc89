#include "store/index_merge.h"

#include "store/key_format.h"

namespace qingling::store {

// One index range: keys `prefix || position(u64)`, seen in position order.
struct IndexMerge::Cursor {
  std::unique_ptr<rocksdb::Iterator> it;
  std::string prefix;

  bool valid() const {
    if (!it->Valid()) return false;
    std::string_view key = it->key().ToStringView();
    return key.size() == prefix.size() + 8 && key.starts_with(prefix);
  }
  uint64_t position() const { return keys::getU64(it->key().ToStringView().substr(prefix.size())); }
};

IndexMerge::IndexMerge(const ReadView& view, const EventFilter& filter, uint64_t fromPosition) : view_(view) {
  const LogDb& db = view.log();
  for (uint16_t type : filter.types) {
    cursors_.push_back({view.iterate(db.byType()), keys::byType(type, 0).substr(0, 2)});
  }
  for (const auto& unit : filter.units) cursors_.push_back({view.iterate(db.byUnit()), unit + '\0'});
  for (size_t i = 0; i < cursors_.size() && !error_; ++i) {
    cursors_[i].it->Seek(cursors_[i].prefix + keys::position(fromPosition));
    advance(i, true);
  }
}

IndexMerge::~IndexMerge() = default;

void IndexMerge::advance(size_t i, bool first) {
  Cursor& cursor = cursors_[i];
  if (!first) cursor.it->Next();
  if (cursor.valid()) {
    heap_.emplace(cursor.position(), i);
  } else if (!cursor.it->status().ok()) {
    error_ = statusError(cursor.it->status(), "reading an index of the log", view_.log().path());
  }
}

std::optional<uint64_t> IndexMerge::next() {
  while (!heap_.empty() && !error_) {
    auto [position, i] = heap_.top();
    heap_.pop();
    advance(i, false);
    if (position == last_) continue;
    last_ = position;
    return position;
  }
  return std::nullopt;
}

}  // namespace qingling::store
