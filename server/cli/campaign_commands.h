// `qingling` subcommands for campaigns, dispatches, duties and the projections; `plan occurrences` runs offline.
#pragma once

#include "server/cli/cli_commands.h"

namespace qingling::cli {

int cmdPlan(CliContext& ctx);
int cmdCampaign(CliContext& ctx);
int cmdDispatch(CliContext& ctx);
int cmdDuty(CliContext& ctx);
int cmdTasks(CliContext& ctx);
int cmdProgress(CliContext& ctx);
int cmdEscalations(CliContext& ctx);

// `qingling plan occurrences FILE`: validates the plan and prints every task's occurrences, without a server.
int runPlanOccurrences(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace qingling::cli
