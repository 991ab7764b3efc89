// A stream's keys are `streamId 0x00 version`, so after reading one stream id the iterator seeks to
// `streamId 0x01`: one seek per stream, however many events each holds.
#include "store/stream_list.h"

namespace qingling::store {

Result<std::vector<std::string>> streamsWithPrefix(const LogDb& db, std::string_view prefix, size_t limit) {
  std::vector<std::string> streams;
  ReadView view(db);
  auto it = view.iterate(db.streams());
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid() && streams.size() < limit;) {
    std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;
    const size_t end = key.find('\0');
    if (end == std::string_view::npos) {
      return StoreError{StoreErrc::corruption, "a key of the `streams` family has no 0x00 after its stream id in " +
                                                   db.path() + ": run `qingling verify` and restore from a backup"};
    }
    streams.emplace_back(key.substr(0, end));
    std::string next = streams.back();
    next.push_back('\x01');
    it->Seek(next);
  }
  if (!it->status().ok()) return statusError(it->status(), "listing streams", db.path());
  return streams;
}

}  // namespace qingling::store
