// `qingling review`: the accountability review (追责问责) as a table, --json, or a printable HTML file.
#pragma once

#include "server/cli/cli_commands.h"

namespace qingling::cli {

int cmdReview(CliContext& ctx);

}  // namespace qingling::cli
