// `qingling export FILE [--from POS] [--to POS]`: writes the log, or a range of it, to an archive file
// (store/archive_format.h) with the records exactly as stored, checking the chain as it goes, so a damaged store
// never yields a plausible archive. Admin or an auditor of a top-level unit. Loading an archive is offline:
// `qinglingd import --data DIR FILE` (server/import_tool.h); see ops/runbook-archive.md.
#pragma once

#include "server/cli/cli_commands.h"

namespace qingling::cli {

int cmdExport(CliContext& ctx);

}  // namespace qingling::cli
