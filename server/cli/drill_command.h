// `qingling drill FILE.jsonl [--as-of INSTANT]`: runs a drill (format: server/drill_runner.h, ops/drills/README.md)
// against the server the CLI points at, which must run with --clock sim (checked first: a drill moves the clock).
// The CLI's token must be an admin's: the runner registers units and users and issues their tokens. Then, for each
// campaign the drill imported and as the leader who imported it, prints the campaign's progress, its escalation
// board and the task list of its issuing unit, as of INSTANT or now (tables, or capnp-json with --json).
// Exit code: 0 the drill ran to its end as written, 1 a line failed or the server refused, 2 usage.
#pragma once

#include "server/cli/cli_commands.h"

namespace qingling::cli {

int cmdDrill(CliContext& ctx);

}  // namespace qingling::cli
