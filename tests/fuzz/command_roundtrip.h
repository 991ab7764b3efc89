// Checks that a Command decoded from capnp-json encodes back to JSON that decodes to the same Command: what
// `qingling command`, drills and exports rely on when they print and re-read commands (schemas/json_codec.h).
#pragma once

#include <capnp/message.h>

#include "schemas/commands.capnp.h"
#include "schemas/json_codec.h"
#include "tests/fuzz/fuzz_check.h"

namespace qingling::fuzz {

inline void checkRoundTrip(schema::Command::Reader command) {
  std::string json = schema::toJson(command);
  capnp::MallocMessageBuilder again;
  try {
    schema::fromJson(json, again.initRoot<schema::Command>());
  } catch (const schema::JsonError& e) {
    std::fprintf(stderr, "re-decoding failed: %s\njson: %s\n", e.message.c_str(), json.c_str());
    FUZZ_CHECK(false, "a decoded command's own JSON decodes");
  }
  FUZZ_CHECK(schema::toJson(again.getRoot<schema::Command>().asReader()) == json, "the JSON round trip is stable");
}

}  // namespace qingling::fuzz
