// RocksDB's info LOG for the event log's database, written so that a full disk cannot take the process down.
//
// Why not RocksDB's own: its file logger writes through a WritableFileWriter, and once one write to LOG has
// failed (ENOSPC), the next one trips `assert(sync_without_flush_called_)` in
// WritableFileWriter::AssertFalseAndGetStatusForPrevError. Debian's librocksdb 7.8.3 is built with assertions
// on, so on a full disk qinglingd aborted on the first message RocksDB logged after the failed write (observed:
// the abort came from ErrorHandler logging the no-space error of a WAL append). This logger appends each line
// with one write(2) and drops what the disk refuses: losing diagnostics on a full disk is better than losing the
// server.
//
// Same place and rotation as RocksDB's: `<dir>/LOG`, the previous one renamed `LOG.old.<micros>`; RocksDB
// deletes the old ones beyond DBOptions::keep_log_file_num. Thread-safe.
#pragma once

#include <rocksdb/env.h>

#include <memory>
#include <string>

namespace qingling::store {

// Never null: if LOG cannot be opened, the logger discards everything (the open of the database reports the
// directory's real problem).
std::shared_ptr<rocksdb::Logger> openInfoLog(const std::string& dir);

}  // namespace qingling::store
