// One line of a drill file (the format is in server/drill_runner.h), read without a server: the JSON object, its
// fields checked (one kind; at, as, expect besides), `at` parsed, and a setup or command line decoded into a
// Command with the project's strict capnp-json codec. The runner plays what this returns against qinglingd; the
// fuzz target tests/fuzz/fuzz_drill_line.cc feeds it arbitrary text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <capnp/message.h>

#include "schemas/commands.capnp.h"

namespace qingling::server {

// A line that cannot run as written; `message` says why (the runner prefixes the line number).
struct DrillLineError {
  std::string message;
};

struct DrillLine {
  std::string kind;           // "advance", "setup", "importPlan" or "command"
  std::optional<int64_t> at;  // the line's instant, when it has one
  std::string user;           // "as": who sends an importPlan or command
  std::string expect;         // "ok" or the name of a wire ErrorCode
  std::string planPath;       // importPlan: the plan file as written (relative to the drill's folder)
  std::string what;           // setup and command lines: what the line does, for messages ("setup unit zy-gwh")
  std::unique_ptr<capnp::MallocMessageBuilder> message;  // setup and command lines: root schema::Command

  schema::Command::Builder command() { return message->getRoot<schema::Command>(); }
};

// True for lines a drill skips: blank, or starting with '#' after blanks.
bool isSkippedDrillLine(const std::string& text);

// Reads one line that is not skipped. Throws DrillLineError; never anything else for any input.
DrillLine parseDrillLine(const std::string& text);

// The line's "at" as written ("" when it has none); nullopt when the line is not a JSON object or its "at" is
// not a string.
std::optional<std::string> drillLineAtText(const std::string& text);

}  // namespace qingling::server
