// Answers a storedRecords request (`qingling export`): one page of the log's records exactly as stored, so an
// archive holds the very bytes the chain hashes. The router allows it to admins and auditors of a top-level unit,
// as every raw read.
#pragma once

#include <optional>

#include "schemas/wire.capnp.h"
#include "server/outcome.h"
#include "store/event_log.h"

namespace qingling::server {

inline constexpr size_t kRecordsPage = 500;
inline constexpr size_t kRecordsPageBytes = 4 << 20;  // well below the frame limit

// Fills `out` or returns why not (badRequest for a range outside the log, store errors).
std::optional<Failure> answerStoredRecords(const store::EventLog& log, schema::StoredRange::Reader range,
                                           schema::StoredRecords::Builder out);

}  // namespace qingling::server
