// Reading a generated history back, for the benchmarks' other two systems: the raw RocksDB scan that is the
// replay's limit, and the TSV PostgreSQL's COPY loads (tests/bench/peer/peer.sh documents its columns).
#pragma once

#include <cstdint>
#include <string>

#include "store/event_log.h"

namespace qingling::bench {

// Writes every event as `position, stream_id, version, type, data (the payload's JSON), recorded_at_ms` in COPY's
// text format; returns the rows written. Throws std::runtime_error on a read or write failure.
uint64_t exportTsv(store::EventLog& log, const std::string& path);

// Iterates the events family of the store in DIR (or DIR/events) touching every byte, and prints
// `label=limit-scan events=… seconds=… events_per_s=… bytes=…`. Returns the process's exit code.
int scanLimit(std::string dir);

}  // namespace qingling::bench
