// Reading a plan's JSON tree into a PlanDocument, each value checked on its own: JSON types, unknown fields, ids
// and keys, real dates, enum names, due rules, metrics, durations. Private to plan import; cross-references
// (units, phases, spans, duplicates, cycles) are plan_validate's job, once the whole document has been read.
// Paths are JSON paths: the document's `phases` are "phases[i]" although they land in campaign.phases.
#pragma once

#include <capnp/schema.h>

#include <string>
#include <string_view>

#include "domain/json_walk.h"
#include "schemas/plan.capnp.h"

namespace qingling::domain {

bool readPlan(JsonReader root, schema::PlanDocument::Builder doc, JsonWalk& walk);

// plan_read_work.cc: the work a campaign asks for.
bool readTasks(JsonWalk& walk, const JsonObject& root, schema::Campaign::Builder campaign);
bool readDuties(JsonWalk& walk, const JsonObject& root, schema::Campaign::Builder campaign);
bool readReports(JsonWalk& walk, const JsonObject& root, schema::Campaign::Builder campaign);

// Shared by both reading files.
inline capnp::Text::Reader text(const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); }
bool readDate(JsonWalk& walk, const JsonObject& object, std::string_view name, bool required, std::string& out);
bool readDateValue(JsonWalk& walk, JsonReader value, const std::string& path, std::string& out);
// A key naming a phase, task or report: it becomes part of ids ("campaign/T07/unit/3"), so no '/' or spaces.
bool readKey(JsonWalk& walk, const JsonObject& object, std::string& out);
void setTextList(capnp::List<capnp::Text>::Builder list, const std::vector<std::string>& values);

// Reads the optional array `name` of `object` (absent = empty) into `init(size)`, one element at a time with
// `readOne(walk, value, path, builder)`.
template <typename Init, typename ReadOne>
bool readEach(JsonWalk& walk, const JsonObject& object, std::string_view name, Init init, ReadOne readOne) {
  JsonList list;
  bool present = false;
  if (!walk.array(object, name, list, present)) return false;
  auto out = init(present ? list.size() : 0);
  for (uint32_t i = 0; i < out.size(); ++i) {
    if (!readOne(walk, list[i], indexPath(object.path(name), i), out[i])) return false;
  }
  return true;
}

// An enum field named as in the schema (UnitKind, Period, …); `what` names it in the error ("unit kind").
bool readEnumerant(JsonWalk& walk, const JsonObject& object, std::string_view name, bool required,
                   capnp::EnumSchema schema, std::string_view what, uint16_t& out);
template <typename E>
bool readEnum(JsonWalk& walk, const JsonObject& object, std::string_view name, bool required, std::string_view what,
              E& out) {
  uint16_t ordinal = static_cast<uint16_t>(out);
  if (!readEnumerant(walk, object, name, required, capnp::Schema::from<E>(), what, ordinal)) return false;
  out = static_cast<E>(ordinal);
  return true;
}

}  // namespace qingling::domain
