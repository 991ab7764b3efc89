#include "schemas/json_codec.h"

#include <capnp/compat/json.h>
#include <kj/exception.h>

namespace qingling::schema {
std::string toJson(capnp::DynamicStruct::Reader reader, bool pretty) {
  capnp::JsonCodec codec;
  codec.setPrettyPrint(pretty);
  auto text = codec.encode(reader);
  return std::string(text.cStr(), text.size());
}

void fromJson(std::string_view json, capnp::DynamicStruct::Builder builder) {
  try {
    capnp::JsonCodec codec;
    codec.setMaxNestingDepth(64);
    // A misspelt field or command name must be an error, never silently dropped: JSON here is typed by people.
    codec.setRejectUnknownFields(true);
    codec.decode(kj::ArrayPtr<const char>(json.data(), json.size()), builder);
  } catch (const kj::Exception& e) {
    throw JsonError{std::string(e.getDescription().cStr())};
  }
}

}  // namespace qingling::schema
