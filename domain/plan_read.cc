// The document, campaign, units, phases and escalation ladder of a plan, read from JSON into a PlanDocument with
// every value checked on its own (plan_read.h). The format is checked before anything else so that a document of
// another format gets "unsupported format" rather than a list of fields this reader does not know.
#include "domain/plan_read.h"

#include "domain/directory_commands.h"
#include "domain/duration.h"
#include "domain/local_date.h"

namespace qingling::domain {
namespace {

constexpr std::string_view kFormat = "qingling.plan/v1";
constexpr std::string_view kDefaultTimezone = "Asia/Shanghai";

bool isCampaignId(std::string_view id) {
  if (id.size() < 3 || id.size() > 64) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool readFormat(JsonWalk& walk, JsonReader root) {
  if (!root.isObject()) return walk.fail("", "a plan must be a JSON object, got " + std::string(jsonTypeName(root)));
  for (auto field : root.getObject()) {
    if (field.getName() != "format") continue;
    std::string format;
    if (!walk.string(field.getValue(), "format", format)) return false;
    if (format != kFormat) {
      return walk.fail("format", "unsupported format '" + format + "' (expected '" + std::string(kFormat) + "')");
    }
    return true;
  }
  return walk.fail("format", "missing format (expected \"format\": \"" + std::string(kFormat) + "\")");
}

bool readCampaign(JsonWalk& walk, JsonReader value, schema::Campaign::Builder out) {
  JsonObject c;
  if (!walk.object(value, "campaign",
                   {"id", "title", "docNumber", "issuer", "issuedOn", "basedOn", "start", "end", "timezone", "focus"},
                   c)) {
    return false;
  }
  std::string id, title, docNumber, issuer, issuedOn, start, end, timezone(kDefaultTimezone);
  std::vector<std::string> basedOn, focus;
  if (!walk.text(c, "id", true, id)) return false;
  if (!isCampaignId(id)) return walk.fail(c.path("id"), "campaign id '" + id + "' must be 3-64 of a-z 0-9 -");
  if (!walk.text(c, "title", true, title) || !walk.text(c, "docNumber", false, docNumber) ||
      !walk.text(c, "issuer", true, issuer) || !readDate(walk, c, "issuedOn", false, issuedOn) ||
      !walk.textList(c, "basedOn", false, basedOn) || !readDate(walk, c, "start", true, start) ||
      !readDate(walk, c, "end", true, end) || !walk.text(c, "timezone", false, timezone)) {
    return false;
  }
  if (!timezoneOffsetSeconds(timezone)) {
    return walk.fail(c.path("timezone"), "unknown timezone '" + timezone +
                                             "' (expected Asia/Shanghai, UTC or a fixed offset such as +08:00)");
  }
  if (!walk.textList(c, "focus", false, focus)) return false;
  out.setId(text(id));
  out.setTitle(text(title));
  out.setDocNumber(text(docNumber));
  out.setIssuer(text(issuer));
  out.setIssuedOn(text(issuedOn));
  setTextList(out.initBasedOn(basedOn.size()), basedOn);
  out.setStart(text(start));
  out.setEnd(text(end));
  out.setTimezone(text(timezone));
  setTextList(out.initFocus(focus.size()), focus);
  return true;
}

bool readUnit(JsonWalk& walk, JsonReader value, std::string path, schema::PlanUnit::Builder out) {
  JsonObject u;
  if (!walk.object(value, std::move(path),
                   {"id", "name", "kind", "parent", "industry", "employees", "keySupervision", "supervisionLevel"},
                   u)) {
    return false;
  }
  std::string id, name, parent, industry;
  schema::UnitKind kind = schema::UnitKind::OTHER;
  std::optional<uint32_t> employees, supervisionLevel;
  std::optional<bool> keySupervision;
  if (!walk.text(u, "id", true, id)) return false;
  if (!isValidId(id)) return walk.fail(u.path("id"), "unit id '" + id + "' must be 1-64 of a-z 0-9 - _ .");
  if (!walk.text(u, "name", true, name) || !readEnum(walk, u, "kind", true, "unit kind", kind) ||
      !walk.text(u, "parent", false, parent) || !walk.text(u, "industry", false, industry) ||
      !walk.integer(u, "employees", 0, UINT32_MAX, employees) || !walk.boolean(u, "keySupervision", keySupervision) ||
      !walk.integer(u, "supervisionLevel", 1, 4, supervisionLevel)) {
    return false;
  }
  out.setId(text(id));
  out.setName(text(name));
  out.setKind(kind);
  out.setParent(text(parent));
  out.setIndustry(text(industry));
  out.setEmployees(employees.value_or(0));
  out.setKeySupervision(keySupervision.value_or(false));
  out.setSupervisionLevel(static_cast<uint8_t>(supervisionLevel.value_or(0)));
  return true;
}

bool readPhase(JsonWalk& walk, JsonReader value, std::string path, schema::Phase::Builder out) {
  JsonObject p;
  if (!walk.object(value, std::move(path), {"key", "name", "start", "end"}, p)) return false;
  std::string key, name, start, end;
  if (!readKey(walk, p, key) || !walk.text(p, "name", true, name) || !readDate(walk, p, "start", true, start) ||
      !readDate(walk, p, "end", true, end)) {
    return false;
  }
  out.setKey(text(key));
  out.setName(text(name));
  out.setStart(text(start));
  out.setEnd(text(end));
  return true;
}

bool readStep(JsonWalk& walk, JsonReader value, std::string path, schema::EscalationStep::Builder out) {
  JsonObject s;
  if (!walk.object(value, std::move(path), {"after", "action", "to"}, s)) return false;
  std::string after;
  if (!walk.text(s, "after", true, after)) return false;
  if (!parseDuration(after)) {
    return walk.fail(s.path("after"), "bad duration '" + after + "' (expected ISO 8601 such as P3D, PT12H or -P1D)");
  }
  schema::EscalationAction action = schema::EscalationAction::REMIND;
  schema::EscalationTarget to = schema::EscalationTarget::ASSIGNEE;
  if (!readEnum(walk, s, "action", true, "escalation action", action) ||
      !readEnum(walk, s, "to", true, "escalation target", to)) {
    return false;
  }
  out.setAfter(text(after));
  out.setAction(action);
  out.setTo(to);
  return true;
}

}  // namespace

bool readPlan(JsonReader root, schema::PlanDocument::Builder doc, JsonWalk& walk) {
  if (!readFormat(walk, root)) return false;
  JsonObject r;
  if (!walk.object(root, "", {"format", "campaign", "units", "phases", "tasks", "duties", "reports", "escalation"},
                   r)) {
    return false;
  }
  JsonReader campaignValue;
  if (!walk.field(r, "campaign", campaignValue)) return false;
  auto campaign = doc.initCampaign();
  if (!readCampaign(walk, campaignValue, campaign)) return false;

  return readEach(
             walk, r, "units", [&](uint32_t n) { return doc.initUnits(n); }, readUnit) &&
         readEach(
             walk, r, "phases", [&](uint32_t n) { return campaign.initPhases(n); }, readPhase) &&
         readTasks(walk, r, campaign) && readDuties(walk, r, campaign) && readReports(walk, r, campaign) &&
         readEach(
             walk, r, "escalation", [&](uint32_t n) { return campaign.initEscalation(n); }, readStep);
}

bool readDateValue(JsonWalk& walk, JsonReader value, const std::string& path, std::string& out) {
  if (!walk.string(value, path, out)) return false;
  if (!LocalDate::parse(out)) return walk.fail(path, "'" + out + "' is not a real date (expected YYYY-MM-DD)");
  return true;
}

bool readDate(JsonWalk& walk, const JsonObject& object, std::string_view name, bool required, std::string& out) {
  auto value = object.get(name);
  if (!value) return required ? walk.missing(object, name) : true;
  return readDateValue(walk, *value, object.path(name), out);
}

bool readKey(JsonWalk& walk, const JsonObject& object, std::string& out) {
  if (!walk.text(object, "key", true, out)) return false;
  bool ok = out.size() <= 64;
  for (char c : out) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                c == '.');
  }
  if (!ok) return walk.fail(object.path("key"), "key '" + out + "' must be 1-64 of A-Z a-z 0-9 - _ .");
  return true;
}

void setTextList(capnp::List<capnp::Text>::Builder list, const std::vector<std::string>& values) {
  for (uint32_t i = 0; i < values.size(); ++i) list.set(i, text(values[i]));
}

bool readEnumerant(JsonWalk& walk, const JsonObject& object, std::string_view name, bool required,
                   capnp::EnumSchema schema, std::string_view what, uint16_t& out) {
  auto value = object.get(name);
  if (!value) return required ? walk.missing(object, name) : true;
  std::string given;
  if (!walk.string(*value, object.path(name), given)) return false;
  std::string expected;
  for (auto e : schema.getEnumerants()) {
    if (e.getProto().getName() == given.c_str()) {
      out = e.getOrdinal();
      return true;
    }
    expected += (expected.empty() ? "" : ", ") + std::string(e.getProto().getName().cStr());
  }
  return walk.fail(object.path(name),
                   "unknown " + std::string(what) + " '" + given + "' (expected one of: " + expected + ")");
}

}  // namespace qingling::domain
