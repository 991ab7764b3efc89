// `qingling` subcommands for the enterprise profile (企业档案) and quantitative task targets.
#pragma once

#include "server/cli/cli_commands.h"

namespace qingling::cli {

int cmdEnterprise(CliContext& ctx);
int cmdTargets(CliContext& ctx);

}  // namespace qingling::cli
