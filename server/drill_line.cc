// Reading one drill line (see drill_line.h; the format is in drill_runner.h).
#include "server/drill_line.h"

#include <algorithm>
#include <map>
#include <vector>

#include <capnp/compat/json.h>
#include <capnp/schema.h>
#include <kj/exception.h>

#include "schemas/json_codec.h"
#include "schemas/wire.capnp.h"
#include "server/clock.h"

namespace qingling::server {
namespace {

using JsonReader = capnp::json::Value::Reader;
using Fields = std::map<std::string, JsonReader>;
using LineError = DrillLineError;

bool isErrorCodeName(const std::string& name) {
  return capnp::Schema::from<schema::ErrorCode>().findEnumerantByName(name) != nullptr;
}

Fields objectFields(JsonReader value, const std::string& what) {
  if (!value.isObject()) throw LineError{what + " must be a JSON object"};
  Fields out;
  for (auto field : value.getObject()) {
    std::string name = field.getName();
    if (!out.emplace(name, field.getValue()).second) throw LineError{what + " names \"" + name + "\" twice"};
  }
  return out;
}

std::string text(const Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  if (it == fields.end()) return "";
  if (!it->second.isString()) throw LineError{"\"" + name + "\" must be a string"};
  return it->second.getString();
}

std::string encodeRaw(JsonReader value) { return capnp::JsonCodec().encodeRaw(value).cStr(); }

// Decodes `value` into `builder` with the project's strict codec (unknown fields are errors).
template <class Builder>
void decodeInto(JsonReader value, Builder builder, const std::string& what) {
  try {
    schema::fromJson(encodeRaw(value), builder);
  } catch (const schema::JsonError& e) {
    throw LineError{what + " is not valid capnp-json: " + e.message};
  }
}

// A line's fields, checked: exactly one kind (advance, setup, importPlan, command) and only at, as, expect besides.
struct LineParts {
  std::string kind, at, user, expect;
  JsonReader value;
};

LineParts partsOf(const Fields& fields) {
  static const std::vector<std::string> kKinds = {"advance", "setup", "importPlan", "command"};
  LineParts parts;
  for (const auto& [key, value] : fields) {
    bool isKind = std::find(kKinds.begin(), kKinds.end(), key) != kKinds.end();
    if (!isKind && key != "at" && key != "as" && key != "expect") {
      throw LineError{"unknown field \"" + key + "\" (a line has at, as, expect and one of " +
                      "advance, setup, importPlan, command)"};
    }
    if (isKind && !parts.kind.empty()) {
      throw LineError{"one line does one thing: both \"" + parts.kind + "\" and \"" + key + "\""};
    }
    if (isKind) {
      parts.kind = key;
      parts.value = value;
    }
  }
  if (parts.kind.empty()) throw LineError{"nothing to do: a line needs advance, setup, importPlan or command"};
  parts.at = text(fields, "at");
  parts.user = text(fields, "as");
  parts.expect = text(fields, "expect");
  if (parts.expect.empty()) parts.expect = "ok";
  if (parts.expect != "ok" && !isErrorCodeName(parts.expect)) {
    throw LineError{"\"expect\" is \"ok\" or an error code such as forbidden, rejected, notFound, badRequest; not \"" +
                    parts.expect + "\""};
  }
  bool needsUser = parts.kind == "importPlan" || parts.kind == "command";
  if (needsUser && parts.user.empty()) throw LineError{"\"" + parts.kind + "\" needs \"as\": the user who sends it"};
  if (!needsUser && !parts.user.empty()) throw LineError{"\"as\" goes with importPlan or command, not " + parts.kind};
  if (parts.kind == "advance" && (parts.at.empty() || fields.count("expect"))) {
    throw LineError{"\"advance\" needs \"at\" (and expects nothing)"};
  }
  return parts;
}

// Fills a registerUnit or registerUser command from a "setup" value; returns what it is, for messages.
std::string fillSetup(JsonReader value, schema::Command::Builder command) {
  Fields setup = objectFields(value, "\"setup\"");
  if (setup.size() != 1 || !(setup.count("unit") || setup.count("user"))) {
    throw LineError{"\"setup\" holds exactly one of \"unit\" or \"user\""};
  }
  if (setup.count("unit")) {
    decodeInto(setup.at("unit"), command.getBody().initRegisterUnit(), "setup unit");
    return "setup unit " + std::string(command.getBody().getRegisterUnit().getId().cStr());
  }
  decodeInto(setup.at("user"), command.getBody().initRegisterUser(), "setup user");
  return "setup user " + std::string(command.getBody().getRegisterUser().getUserId().cStr());
}

// Decodes the line's JSON object into `message` (root capnp::json::Value) and returns its fields.
Fields lineFields(const std::string& line, capnp::MallocMessageBuilder& message) {
  auto root = message.initRoot<capnp::json::Value>();
  try {
    capnp::JsonCodec().decodeRaw(kj::ArrayPtr<const char>(line.data(), line.size()), root);
  } catch (const kj::Exception& e) {
    throw LineError{"not a JSON object: " + std::string(e.getDescription().cStr())};
  }
  return objectFields(root.asReader(), "a drill line");
}

}  // namespace

bool isSkippedDrillLine(const std::string& line) {
  size_t start = line.find_first_not_of(" \t\r");
  return start == std::string::npos || line[start] == '#';
}

DrillLine parseDrillLine(const std::string& line) {
  capnp::MallocMessageBuilder json;
  LineParts parts = partsOf(lineFields(line, json));
  DrillLine out;
  out.kind = parts.kind;
  out.user = parts.user;
  out.expect = parts.expect;
  if (!parts.at.empty()) {
    int64_t instant = 0;
    if (!parseInstant(parts.at, instant)) {
      throw LineError{"\"at\" is not an instant such as 2023-05-20T09:00+08:00: " + parts.at};
    }
    out.at = instant;
  }
  if (parts.kind == "advance") return out;
  if (parts.kind == "importPlan") {
    if (!parts.value.isString()) throw LineError{"\"importPlan\" names a plan file"};
    out.planPath = parts.value.getString().cStr();
    return out;
  }
  out.message = std::make_unique<capnp::MallocMessageBuilder>();
  auto command = out.message->initRoot<schema::Command>();
  if (parts.kind == "setup") {
    out.what = fillSetup(parts.value, command);
    return out;
  }
  decodeInto(parts.value, command, "\"command\"");
  out.what = parts.kind;
  KJ_IF_MAYBE (member, capnp::toDynamic(command.asReader().getBody()).which()) {
    out.what = member->getProto().getName();
  }
  return out;
}

std::optional<std::string> drillLineAtText(const std::string& line) {
  try {
    capnp::MallocMessageBuilder json;
    return text(lineFields(line, json), "at");
  } catch (const LineError&) {
    return std::nullopt;
  }
}

}  // namespace qingling::server
