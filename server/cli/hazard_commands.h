// `qingling` subcommands for the hazard ledger (隐患台账) and the monthly dispatch table (月度调度表).
#pragma once

#include "server/cli/cli_commands.h"

namespace qingling::cli {

int cmdHazards(CliContext& ctx);
int cmdReport(CliContext& ctx);

}  // namespace qingling::cli
