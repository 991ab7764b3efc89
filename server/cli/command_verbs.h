// `qingling NOUN VERB …` subcommands that send one domain command each — hazards, inspections, tips, measures,
// facts, extensions, escalation acknowledgements — instead of `qingling command JSON`. Every flag maps to a field
// of the command's struct in schemas/commands.capnp; the answer is what was appended (or --json).
#pragma once

#include "server/cli/cli_commands.h"

namespace qingling::cli {

int cmdHazard(CliContext& ctx);      // hazard_verbs.cc
int cmdTip(CliContext& ctx);         // tip_verbs.cc
int cmdInspection(CliContext& ctx);  // supervision_verbs.cc, as the rest
int cmdMeasure(CliContext& ctx);
int cmdFact(CliContext& ctx);
int cmdExtension(CliContext& ctx);
int cmdEscalation(CliContext& ctx);

}  // namespace qingling::cli
