// Loads a whole-log archive (store/archive_format.h) into a new store, for `qinglingd import`. Two passes: the
// first checks the file against itself — it starts at position 1, positions are dense, every record decodes,
// links to its predecessor and matches its stored hash, and the last one is the header's digest — and writes
// nothing; the second writes the events with every index into `storePath`.importing, which is renamed to
// `storePath` only when complete, then opened and verified against the digest. A store is never half-imported.
#pragma once

#include <functional>
#include <string>

#include "store/event_log.h"

namespace qingling::store {

// `storePath` must not exist (or be an empty directory). `progress(done, total)` is called now and then.
// Returns the digest of the imported log; an error names the file's first bad position.
Result<Digest> importArchive(const std::string& storePath, const std::string& archivePath,
                             const std::function<void(uint64_t done, uint64_t total)>& progress = {});

}  // namespace qingling::store
