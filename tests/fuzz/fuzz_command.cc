// Feeds arbitrary text as a sequence of commands in capnp-json, one drill line each (server/drill_runner.h:
// {"setup":…}, {"as":"zhang","command":{"body":{…}}}, {"at":…,"advance":true}), and decides each the way
// qinglingd would before touching its log: the line read with server/drill_line.h (commands decoded with the
// strict codec of schemas/json_codec.h), the acting user looked up in the directory, the command decided in
// domain/ on the state folded so far, and accepted events folded into that state (tests/fuzz/memory_world.h).
// importPlan lines name files and are skipped: a plan goes in as {"command":{"body":{"importPlan":{"planJson":…}}}}.
//
// Asserts: decoding and deciding never throw (domain rejections are values); a decoded command survives a
// capnp-json round trip; a rejection says why; an accepted decision emits at least one event on named streams.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <variant>

#include "server/clock.h"
#include "server/drill_line.h"
#include "tests/fuzz/command_roundtrip.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/memory_world.h"

using namespace qingling;

namespace {

void checkDecision(domain::Decision& decision) {
  if (auto* rejection = std::get_if<domain::Rejection>(&decision)) {
    FUZZ_CHECK(!rejection->message.empty(), "a rejection says why");
    return;
  }
  auto& emitted = std::get<domain::Emitted>(decision);
  FUZZ_CHECK(!emitted.streams.empty(), "an accepted command emits something");
  for (const auto& stream : emitted.streams) {
    FUZZ_CHECK(!stream.streamId.empty(), "events go to a named stream");
    FUZZ_CHECK(!stream.events.empty(), "a stream in a decision has events");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int64_t kStart = [] {
    int64_t at = 0;
    server::parseInstant("2023-05-20T08:00+08:00", at);
    return at;
  }();
  fuzz::MemoryWorld world;
  int64_t now = kStart;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  for (std::string text; std::getline(in, text);) {
    if (server::isSkippedDrillLine(text)) continue;
    server::DrillLine line;
    try {
      line = server::parseDrillLine(text);
    } catch (const server::DrillLineError&) {
      continue;
    }
    if (line.at && *line.at < now) continue;  // the runner refuses to go back in time
    if (line.at) now = *line.at;
    if (!line.message) continue;  // advance, importPlan
    auto command = line.command().asReader();
    fuzz::checkRoundTrip(command);
    std::optional<domain::Principal> actor =
        line.kind == "setup" ? std::optional<domain::Principal>(world.admin()) : world.principal(line.user);
    if (!actor) continue;  // the server would refuse the unknown or deactivated user's token
    std::optional<domain::Decision> decision = world.decide(*actor, command, now);
    if (!decision) continue;
    checkDecision(*decision);
    if (auto* emitted = std::get_if<domain::Emitted>(&*decision)) world.apply(*emitted, *actor, now);
  }
  return 0;
}
