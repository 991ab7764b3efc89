// `qingling history KIND ID`: every event about a campaign, dispatch, hazard, tip, unit or user, in global
// order (server/history_service.h says which events and who may read them). Fetches every page, showing
// progress on stderr when it is a terminal and the fetch takes over a second; prints one table, or with --json
// one capnp-json HistoryPage holding every entry.
#pragma once

#include "server/cli/cli_commands.h"

namespace qingling::cli {

int cmdHistory(CliContext& ctx);

}  // namespace qingling::cli
