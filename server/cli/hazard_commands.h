// `qingling` subcommands for the hazard ledger (隐患台账) and the monthly dispatch table (月度调度表).
#pragma once

#include "schemas/projections.capnp.h"
#include "server/cli/cli_commands.h"

namespace qingling::cli {

int cmdHazards(CliContext& ctx);
int cmdReport(CliContext& ctx);
// The ledger's rows as a table (also in `qingling enterprise`).
void printHazardRows(CliContext& ctx, capnp::List<schema::HazardRow>::Reader rows);

}  // namespace qingling::cli
