// Feeds arbitrary text as a drill file (the format is in server/drill_runner.h) to the runner's line reader,
// server/drill_line.h, line by line as DrillRunner::run and DrillRunner::firstInstant take them: skipped lines,
// the "at" of a line, and the whole line parsed (fields, instant, setup or command decoded with the strict
// capnp-json codec). Nothing is sent anywhere.
//
// Asserts: a line is either read or refused with a DrillLineError that says why (no other exception); a line
// that was read has one of the four kinds, an "at" exactly when drillLineAtText finds one, a command for setup
// and command lines (setup: registerUnit or registerUser), a plan path for importPlan, and its command survives
// a capnp-json round trip.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "server/drill_line.h"
#include "tests/fuzz/command_roundtrip.h"
#include "tests/fuzz/fuzz_check.h"

using namespace qingling;

namespace {

void checkLine(const std::string& text) {
  if (server::isSkippedDrillLine(text)) return;
  std::optional<std::string> at = server::drillLineAtText(text);
  server::DrillLine line;
  try {
    line = server::parseDrillLine(text);
  } catch (const server::DrillLineError& e) {
    FUZZ_CHECK(!e.message.empty(), "a refused line says why");
    return;
  }
  FUZZ_CHECK(at.has_value(), "a line that was read has a readable \"at\" (or none)");
  FUZZ_CHECK(line.at.has_value() == !at->empty(), "a line has an instant exactly when it has an \"at\"");
  bool known = line.kind == "advance" || line.kind == "setup" || line.kind == "importPlan" || line.kind == "command";
  FUZZ_CHECK(known, "a line is advance, setup, importPlan or command");
  FUZZ_CHECK(!line.expect.empty(), "a line expects something");
  bool sends = line.kind == "setup" || line.kind == "command";
  FUZZ_CHECK(sends == (line.message != nullptr), "setup and command lines, and only they, carry a command");
  if (line.kind == "importPlan") FUZZ_CHECK(!line.user.empty(), "an import names who sends it");
  if (!sends) return;
  auto command = line.command().asReader();
  if (line.kind == "setup") {
    auto which = command.getBody().which();
    FUZZ_CHECK(which == schema::Command::Body::REGISTER_UNIT || which == schema::Command::Body::REGISTER_USER,
               "setup registers a unit or a user");
  }
  fuzz::checkRoundTrip(command);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  for (std::string text; std::getline(in, text);) checkLine(text);
  return 0;
}
