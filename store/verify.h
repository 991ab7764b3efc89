// Verification of the whole hash chain, for operators and backups. Private to the store; EventLog::verify is
// the public entry point.
#pragma once

#include <cstdint>

#include "store/event_log.h"
#include "store/log_db.h"

namespace qingling::store {

// `knownHead` is the head when the run starts, used only for progress totals. Reads from one snapshot, so it
// may run while appends continue.
Result<VerifyReport> verifyLog(const LogDb& db, uint64_t knownHead, const VerifyOptions& options);

}  // namespace qingling::store
