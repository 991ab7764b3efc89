// JSON <-> Cap'n Proto in the capnp-json form (STACK.md pitfall 3: 64-bit integers as strings, enums by name,
// unions keyed by member name). Used by the CLI, drills and exports; the wire and the store stay binary.
#pragma once

#include <string>
#include <string_view>

#include <capnp/dynamic.h>
#include <capnp/message.h>

namespace qingling::schema {

// Encodes any struct reader as JSON. `pretty` indents for humans.
std::string toJson(capnp::DynamicStruct::Reader reader, bool pretty = false);

template <class Reader>
std::string toJson(Reader reader, bool pretty = false) {
  return toJson(capnp::DynamicStruct::Reader(reader), pretty);
}

// Decodes JSON into `builder`. Throws JsonError with the decoder's reason on malformed input or on a field the
// schema does not have.
struct JsonError {
  std::string message;
};
void fromJson(std::string_view json, capnp::DynamicStruct::Builder builder);

template <class Builder>
void fromJson(std::string_view json, Builder builder) {
  fromJson(json, capnp::DynamicStruct::Builder(builder));
}

}  // namespace qingling::schema
