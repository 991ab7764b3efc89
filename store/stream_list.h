// Lists the streams whose id begins with a prefix, from the `streams` family (store/key_format.h), so a reader
// can find the streams that belong to one entity (a dispatch's child dispatches, a hazard's escalations)
// without scanning the log. Private to the store; EventLog::streamsWithPrefix is the public entry point.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/log_db.h"

namespace qingling::store {

// Stream ids in byte order, each once; at most `limit` of them.
Result<std::vector<std::string>> streamsWithPrefix(const LogDb& db, std::string_view prefix, size_t limit);

}  // namespace qingling::store
