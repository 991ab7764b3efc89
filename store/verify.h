// Verification of the whole hash chain, for operators and backups. Private to the store; EventLog::verify is
// the public entry point.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/event_log.h"
#include "store/log_db.h"

namespace qingling::store {

// `knownHead` is the head when the run starts, used only for progress totals. Reads from one snapshot, so it
// may run while appends continue.
// Checks one stored value (hash || envelope) at `position` against the chain so far (`prev`, the hash before it):
// it decodes, names its own position, links to `prev`, and its stored hash matches its bytes. Sets `hash` and
// returns "" if sound; else what is wrong, for a human, naming the position. Shared with the archive import.
std::string checkChainedEvent(uint64_t position, std::string_view value, const Hash& prev, Hash& hash);

Result<VerifyReport> verifyLog(const LogDb& db, uint64_t knownHead, const VerifyOptions& options);

}  // namespace qingling::store
