// Path-tracking typed reads over capnp::JsonValue for plan import (see json_walk.h). Unknown and duplicate field
// names are refused here, once for every object, because a plan is typed by people and a misspelt optional field
// would otherwise vanish without a trace.
#include "domain/json_walk.h"

#include <cmath>

namespace qingling::domain {

std::string fieldPath(const std::string& parent, std::string_view name) {
  return parent.empty() ? std::string(name) : parent + "." + std::string(name);
}

std::string indexPath(const std::string& parent, size_t index) { return parent + "[" + std::to_string(index) + "]"; }

std::string_view jsonTypeName(JsonReader value) {
  switch (value.which()) {
    case capnp::json::Value::NULL_:
      return "null";
    case capnp::json::Value::BOOLEAN:
      return "a boolean";
    case capnp::json::Value::NUMBER:
      return "a number";
    case capnp::json::Value::STRING:
      return "a string";
    case capnp::json::Value::ARRAY:
      return "an array";
    case capnp::json::Value::OBJECT:
      return "an object";
    case capnp::json::Value::CALL:
      return "a function call";
  }
  return "an unknown value";
}

std::optional<uint32_t> asInteger(JsonReader value, uint32_t min, uint32_t max) {
  if (!value.isNumber()) return std::nullopt;
  double n = value.getNumber();
  if (!std::isfinite(n) || n != std::floor(n) || n < min || n > max) return std::nullopt;
  return static_cast<uint32_t>(n);
}

std::optional<JsonReader> JsonObject::get(std::string_view name) const {
  for (const auto& [fieldName, value] : fields_) {
    if (fieldName == name) {
      if (value.isNull()) return std::nullopt;
      return value;
    }
  }
  return std::nullopt;
}

bool JsonWalk::fail(std::string path, std::string message) {
  if (!error_) error_ = PlanError{std::move(path), std::move(message)};
  return false;
}

bool JsonWalk::object(JsonReader value, std::string path, std::initializer_list<std::string_view> allowed,
                      JsonObject& out) {
  if (!value.isObject()) return fail(path, "expected an object, got " + std::string(jsonTypeName(value)));
  out.path_ = std::move(path);
  out.fields_.clear();
  for (auto field : value.getObject()) {
    std::string_view name(field.getName().cStr(), field.getName().size());
    bool known = false;
    for (auto a : allowed) known = known || a == name;
    if (!known) {
      std::string expected;
      for (auto a : allowed) expected += (expected.empty() ? "" : ", ") + std::string(a);
      return fail(out.path(name), "unknown field '" + std::string(name) + "' (expected one of: " + expected + ")");
    }
    for (const auto& seen : out.fields_) {
      if (seen.first == name) return fail(out.path(name), "duplicate field '" + std::string(name) + "'");
    }
    out.fields_.emplace_back(name, field.getValue());
  }
  return true;
}

bool JsonWalk::array(JsonReader value, const std::string& path, JsonList& out) {
  if (!value.isArray()) return fail(path, "expected an array, got " + std::string(jsonTypeName(value)));
  out = value.getArray();
  return true;
}

bool JsonWalk::string(JsonReader value, const std::string& path, std::string& out) {
  if (!value.isString()) return fail(path, "expected a string, got " + std::string(jsonTypeName(value)));
  out.assign(value.getString().cStr(), value.getString().size());
  return true;
}

bool JsonWalk::integer(JsonReader value, const std::string& path, uint32_t min, uint32_t max, uint32_t& out) {
  std::string range = max == UINT32_MAX
                          ? "expected an integer >= " + std::to_string(min)
                          : "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!value.isNumber()) return fail(path, range + ", got " + std::string(jsonTypeName(value)));
  auto n = asInteger(value, min, max);
  if (!n) return fail(path, range);
  out = *n;
  return true;
}

bool JsonWalk::missing(const JsonObject& object, std::string_view name) {
  return fail(object.path(name), "missing required field '" + std::string(name) + "'");
}

bool JsonWalk::field(const JsonObject& object, std::string_view name, JsonReader& out) {
  auto value = object.get(name);
  if (!value) return missing(object, name);
  out = *value;
  return true;
}

bool JsonWalk::text(const JsonObject& object, std::string_view name, bool required, std::string& out) {
  auto value = object.get(name);
  if (!value) return required ? missing(object, name) : true;
  if (!string(*value, object.path(name), out)) return false;
  if (required && out.empty()) return fail(object.path(name), "must not be empty");
  return true;
}

bool JsonWalk::textList(const JsonObject& object, std::string_view name, bool required, std::vector<std::string>& out) {
  auto value = object.get(name);
  if (!value) return required ? missing(object, name) : true;
  JsonList list;
  if (!array(*value, object.path(name), list)) return false;
  out.clear();
  for (auto item : list) {
    out.emplace_back();
    if (!string(item, indexPath(object.path(name), out.size() - 1), out.back())) return false;
  }
  return true;
}

bool JsonWalk::boolean(const JsonObject& object, std::string_view name, std::optional<bool>& out) {
  auto value = object.get(name);
  if (!value) return true;
  if (!value->isBoolean()) {
    return fail(object.path(name), "expected true or false, got " + std::string(jsonTypeName(*value)));
  }
  out = value->getBoolean();
  return true;
}

bool JsonWalk::integer(const JsonObject& object, std::string_view name, uint32_t min, uint32_t max,
                       std::optional<uint32_t>& out) {
  auto value = object.get(name);
  if (!value) return true;
  uint32_t n = 0;
  if (!integer(*value, object.path(name), min, max, n)) return false;
  out = n;
  return true;
}

bool JsonWalk::array(const JsonObject& object, std::string_view name, JsonList& out, bool& present) {
  auto value = object.get(name);
  present = value.has_value();
  if (!present) return true;
  return array(*value, object.path(name), out);
}

}  // namespace qingling::domain
