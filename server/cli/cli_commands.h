// The `qingling` subcommands. Each takes the parsed arguments and a connected client, prints its answer (a
// table, or capnp-json with --json) and returns the process exit code: 0 ok, 1 the server refused.
#pragma once

#include <iostream>
#include <string>

#include "server/cli/cli_args.h"
#include "server/client.h"

namespace qingling::cli {

struct CliContext {
  const Args& args;
  server::Client& client;
  bool json;
  std::ostream& out = std::cout;
  std::ostream& err = std::cerr;
};

// Runs the subcommand named by args.word(0); throws UsageError for an unknown one.
int runCommand(CliContext& context);
std::string usage();

}  // namespace qingling::cli
