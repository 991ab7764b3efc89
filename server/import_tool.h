// `qinglingd import --data DIR FILE`: the offline half of the archive. Loads a whole-log export made by
// `qingling export` into DIR/events, which must not exist yet, verifying every hash and the final digest before
// the store exists at all (store/archive_import.h). Offline on purpose: the store is created whole by one
// process, and no server serves it until `qinglingd --data DIR` starts on it afterwards. DIR's admin.token and
// seal.key are not in the log: copy them from the old data directory (ops/runbook-archive.md).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace qingling::server {

// `args` are what follows `import`. Returns the exit code: 0 imported, 1 refused (the reason on `err`), 2 usage.
int runImport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace qingling::server
