// Reads of the event log: single events, one stream, the global order (optionally through the type and unit
// indexes), command records and the head. Each call reads from one ReadView, so indexes and events agree.
// Callers cap `limit` (EventLog applies LogOptions::readPageLimit). Thread-safe. Private to the store.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "store/event_log.h"
#include "store/hash_chain.h"
#include "store/log_db.h"

namespace qingling::store {

// The end of the log as the writer continues it.
struct LogHead {
  uint64_t position = 0;
  Hash hash = kGenesisHash;
  int64_t recordedAt = std::numeric_limits<int64_t>::min();  // of the last event; appends never go below it
};

// Stream ids and unit ids are key prefixes ended by 0x00 (store/key_format.h), so they may not contain it.
std::optional<StoreError> checkKeyPart(std::string_view id, std::string_view what);

// The error for a log whose families disagree (an index naming a missing event, a key of the wrong shape).
StoreError corruptIndex(std::string_view path, std::string_view what);

// Hands every event `filter` selects from `fromPosition` on to `visit` (EventLog::scan).
std::optional<StoreError> scanLog(const LogDb& db, uint64_t fromPosition, const EventFilter& filter,
                                  const EventVisitor& visit);

// Turns a stored value into a RecordedEvent, or a corruption error naming the position.
Result<RecordedEvent> decodeEvent(uint64_t position, std::string_view value, std::string_view path);

Result<LogHead> recoverHead(const LogDb& db);
Result<std::optional<AppendResult>> findCommand(const LogDb& db, std::string_view commandId);
Result<uint64_t> streamVersion(const LogDb& db, std::string_view streamId);
Result<std::optional<RecordedEvent>> readEvent(const LogDb& db, uint64_t position);
Result<std::vector<RecordedEvent>> readStream(const LogDb& db, std::string_view streamId, uint64_t fromVersion,
                                              bool backward, size_t limit);
Result<std::vector<RecordedEvent>> readAll(const LogDb& db, uint64_t fromPosition, size_t limit,
                                           const EventFilter& filter);

// Shared by the readers: the event at `position` within `view`; a missing one is reported as `missing`.
Result<std::optional<RecordedEvent>> readEventIn(const ReadView& view, uint64_t position);

}  // namespace qingling::store
