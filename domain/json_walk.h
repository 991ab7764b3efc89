// Typed reads of a capnp-json raw tree (capnp::JsonValue) that track the JSON path ("tasks[3].due") and record the
// first error as a PlanError instead of throwing. Private to plan import. Every reader returns false once it has
// recorded an error, so callers write `if (!walk.x(...)) return false;` and the first error wins.
//
// Lifetime: JsonObject and the string_views it hands out point into the JsonValue message; that message must
// outlive them.
#pragma once

#include <capnp/compat/json.capnp.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/plan_import.h"

namespace qingling::domain {

using JsonReader = capnp::json::Value::Reader;
using JsonList = capnp::List<capnp::json::Value>::Reader;

std::string fieldPath(const std::string& parent, std::string_view name);  // "campaign" + "start" → "campaign.start"
std::string indexPath(const std::string& parent, size_t index);           // "tasks" + 3 → "tasks[3]"
std::string_view jsonTypeName(JsonReader value);                          // "a string", "null", …
std::optional<uint32_t> asInteger(JsonReader value, uint32_t min, uint32_t max);  // nullopt: not one in range

// The fields of one JSON object, already checked for duplicate and unknown names.
class JsonObject {
 public:
  const std::string& path() const { return path_; }
  std::string path(std::string_view name) const { return fieldPath(path_, name); }
  // The field's value; nullopt when absent or null (null means "not given" for every optional field).
  std::optional<JsonReader> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }

 private:
  friend class JsonWalk;
  std::string path_;
  std::vector<std::pair<std::string_view, JsonReader>> fields_;
};

class JsonWalk {
 public:
  bool ok() const { return !error_.has_value(); }
  const std::optional<PlanError>& error() const { return error_; }
  // Records the error unless one is already recorded; always returns false.
  bool fail(std::string path, std::string message);

  // `value` must be an object whose field names are unique and among `allowed`.
  bool object(JsonReader value, std::string path, std::initializer_list<std::string_view> allowed, JsonObject& out);
  bool array(JsonReader value, const std::string& path, JsonList& out);
  bool string(JsonReader value, const std::string& path, std::string& out);
  bool integer(JsonReader value, const std::string& path, uint32_t min, uint32_t max, uint32_t& out);

  // Field reads. A `required` field must be present and not null; a required text must not be empty. An absent
  // optional field leaves `out` untouched.
  bool field(const JsonObject& object, std::string_view name, JsonReader& out);  // required, any type
  bool text(const JsonObject& object, std::string_view name, bool required, std::string& out);
  bool textList(const JsonObject& object, std::string_view name, bool required, std::vector<std::string>& out);
  bool boolean(const JsonObject& object, std::string_view name, std::optional<bool>& out);
  bool integer(const JsonObject& object, std::string_view name, uint32_t min, uint32_t max,
               std::optional<uint32_t>& out);
  // An optional array: absent leaves `out` empty.
  bool array(const JsonObject& object, std::string_view name, JsonList& out, bool& present);
  bool missing(const JsonObject& object, std::string_view name);  // always false

 private:
  std::optional<PlanError> error_;
};

}  // namespace qingling::domain
