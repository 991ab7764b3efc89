// A check of RocksDB's write-ahead logs (*.log) before the event log opens them.
//
// Why: RocksDB 7.8's WAL recovery does not tell a torn tail from damage in the middle. Observed with a store
// written by synced batches and 8 bytes overwritten half-way through its WAL: DB::Open succeeded in every
// wal_recovery_mode (point-in-time, tolerate-tail, even absolute-consistency) and the records after the damage,
// acknowledged writes all of them, were silently gone; the WAL is then flushed and deleted, so nothing is left to
// see. A torn tail is legitimate (the batch being written when the process or machine died was never
// acknowledged: appends are answered only after their sync); intact records *after* a damaged one prove the damage
// is not a torn tail, and opening would lose acknowledged events.
//
// Format (RocksDB db/log_format.h, stable since LevelDB): 32 KiB blocks; each physical record is a header
// (masked CRC32C u32, length u16, type u8; recyclable types 5..8 add a u32 log number) and its payload; the CRC
// covers the type, the log number if any, and the payload; a block's last < header bytes are zero padding.
#pragma once

#include <optional>
#include <string>

#include "store/store_error.h"

namespace qingling::store {

// Checks every *.log file in `dir`. A corruption error names the file, the byte offset and what to do when a
// record fails its checksum or length and an intact record follows it; a damaged or cut tail is accepted.
std::optional<StoreError> checkWriteAheadLogs(const std::string& dir);

}  // namespace qingling::store
