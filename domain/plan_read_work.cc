// The work a plan asks for — tasks with their due rules and targets, leader duties, required reports — read from
// JSON with every value checked on its own (plan_read.h). A `due` must hold exactly one rule; `interval` only makes
// sense beside `every`, so it is refused anywhere else rather than ignored.
#include "domain/plan_read.h"

#include <algorithm>
#include <array>

namespace qingling::domain {
namespace {

constexpr std::array<std::string_view, 8> kMetrics = {
    "inspections", "hazardsFound", "majorHazardsFound", "majorHazardsClosed", "cases",
    "trainings",   "drills",       "meetings"};

bool nonEmptyUnitList(JsonWalk& walk, const JsonObject& o, std::string_view name, std::vector<std::string>& out) {
  if (!walk.textList(o, name, true, out)) return false;
  if (out.empty()) return walk.fail(o.path(name), "empty " + std::string(name) + ": name at least one unit");
  return true;
}

// The optional `every` and `interval` of a due rule or duty item; `interval` defaults to 1.
bool readEvery(JsonWalk& walk, const JsonObject& o, std::optional<schema::Period>& period, uint32_t& interval) {
  std::optional<uint32_t> n;
  if (o.has("every")) {
    schema::Period p = schema::Period::WEEK;
    if (!readEnum(walk, o, "every", true, "period", p)) return false;
    period = p;
  }
  if (auto value = o.get("interval")) {
    n = asInteger(*value, 1, UINT32_MAX);
    if (!n) return walk.fail(o.path("interval"), "bad interval: expected a whole number of periods, at least 1");
  }
  if (n && !period) return walk.fail(o.path("interval"), "interval goes only with every");
  interval = n.value_or(1);
  return true;
}

bool readDue(JsonWalk& walk, const JsonObject& parent, schema::DueRule::Builder out) {
  JsonReader value;
  JsonObject d;
  if (!walk.field(parent, "due", value) ||
      !walk.object(value, parent.path("due"), {"by", "dates", "every", "interval", "continuous"}, d)) {
    return false;
  }
  std::string rules;
  int count = 0;
  for (std::string_view rule : {"by", "dates", "every", "continuous"}) {
    if (!d.has(rule)) continue;
    rules += (count++ ? ", " : "") + std::string(rule);
  }
  const std::string oneRule = "a due needs exactly one rule (by, dates, every or continuous), found ";
  if (count == 0) return walk.fail(d.path(), oneRule + "none");
  if (count > 1) return walk.fail(d.path(), oneRule + "several: " + rules);
  if (d.has("by")) {
    std::string by;
    if (!readDate(walk, d, "by", true, by)) return false;
    out.setBy(text(by));
  } else if (d.has("dates")) {
    std::vector<std::string> dates;
    JsonList list;
    bool present = false;
    if (!walk.array(d, "dates", list, present)) return false;
    if (list.size() == 0) return walk.fail(d.path("dates"), "empty dates: name at least one date");
    for (uint32_t i = 0; i < list.size(); ++i) {
      dates.emplace_back();
      if (!readDateValue(walk, list[i], indexPath(d.path("dates"), i), dates.back())) return false;
      if (std::count(dates.begin(), dates.end(), dates.back()) > 1) {
        return walk.fail(indexPath(d.path("dates"), i), "duplicate date " + dates.back());
      }
    }
    setTextList(out.initDates(dates.size()), dates);
  } else if (d.has("continuous")) {
    std::optional<bool> continuous;
    if (!walk.boolean(d, "continuous", continuous)) return false;
    if (!*continuous)
      return walk.fail(d.path("continuous"), "continuous must be true (give by, dates or every instead)");
    out.setContinuous();
  }
  std::optional<schema::Period> period;
  uint32_t interval = 1;
  if (!readEvery(walk, d, period, interval)) return false;
  if (period) {
    out.initEvery().setPeriod(*period);
    out.getEvery().setInterval(interval);
  }
  return true;
}

bool readTargets(JsonWalk& walk, const JsonObject& task, schema::Task::Builder out) {
  JsonList list;
  bool present = false;
  if (!walk.array(task, "targets", list, present)) return false;
  auto targets = out.initTargets(present ? list.size() : 0);
  for (uint32_t i = 0; i < targets.size(); ++i) {
    JsonObject t;
    std::string metric;
    std::optional<uint32_t> atLeast;
    if (!walk.object(list[i], indexPath(task.path("targets"), i), {"metric", "atLeast"}, t) ||
        !walk.text(t, "metric", true, metric) || !walk.integer(t, "atLeast", 1, UINT32_MAX, atLeast)) {
      return false;
    }
    if (std::find(kMetrics.begin(), kMetrics.end(), metric) == kMetrics.end()) {
      std::string expected;
      for (auto m : kMetrics) expected += (expected.empty() ? "" : ", ") + std::string(m);
      return walk.fail(t.path("metric"), "unknown metric '" + metric + "' (expected one of: " + expected + ")");
    }
    for (uint32_t j = 0; j < i; ++j) {
      if (targets[j].getMetric() == metric.c_str()) {
        return walk.fail(t.path("metric"),
                         "duplicate metric '" + metric + "' (also targets[" + std::to_string(j) + "])");
      }
    }
    targets[i].setMetric(text(metric));
    targets[i].setAtLeast(atLeast.value_or(1));
  }
  return true;
}

bool readTask(JsonWalk& walk, JsonReader value, std::string path, schema::Task::Builder out) {
  JsonObject t;
  if (!walk.object(value, std::move(path), {"key", "group", "title", "content", "assignees", "phase", "due", "targets"},
                   t)) {
    return false;
  }
  std::string key, group, title, content, phase;
  std::vector<std::string> assignees;
  if (!readKey(walk, t, key) || !walk.text(t, "group", false, group) || !walk.text(t, "title", true, title) ||
      !walk.text(t, "content", false, content) || !nonEmptyUnitList(walk, t, "assignees", assignees) ||
      !walk.text(t, "phase", false, phase)) {
    return false;
  }
  out.setKey(text(key));
  out.setGroup(text(group));
  out.setTitle(text(title));
  out.setContent(text(content));
  setTextList(out.initAssignees(assignees.size()), assignees);
  out.setPhase(text(phase));
  return readDue(walk, t, out.initDue()) && readTargets(walk, t, out);
}

bool readDutyItem(JsonWalk& walk, JsonReader value, std::string path, schema::DutyItem::Builder out) {
  JsonObject item;
  std::string itemText;
  schema::DutyActivity activity = schema::DutyActivity::INSPECTION;
  std::optional<schema::Period> period;
  uint32_t interval = 1;
  std::optional<uint32_t> atLeast;
  if (!walk.object(value, std::move(path), {"text", "activity", "every", "interval", "atLeast"}, item) ||
      !walk.text(item, "text", true, itemText) || !readEnum(walk, item, "activity", true, "activity", activity) ||
      !readEvery(walk, item, period, interval) || !walk.integer(item, "atLeast", 1, UINT32_MAX, atLeast)) {
    return false;
  }
  out.setText(text(itemText));
  out.setActivity(activity);
  out.setStanding(!period);
  if (period) out.setEvery(*period);
  out.setInterval(interval);
  out.setAtLeast(atLeast.value_or(1));
  return true;
}

bool readDuty(JsonWalk& walk, JsonReader value, std::string path, schema::Duty::Builder out) {
  JsonObject d;
  std::string holder, position;
  std::vector<std::string> covers, industries;
  if (!walk.object(value, std::move(path), {"holder", "position", "covers", "industries", "items"}, d) ||
      !walk.text(d, "holder", true, holder) || !walk.text(d, "position", false, position) ||
      !walk.textList(d, "covers", false, covers) || !walk.textList(d, "industries", false, industries)) {
    return false;
  }
  out.setHolder(text(holder));
  out.setPosition(text(position));
  setTextList(out.initCovers(covers.size()), covers);
  setTextList(out.initIndustries(industries.size()), industries);
  return readEach(
      walk, d, "items", [&](uint32_t n) { return out.initItems(n); }, readDutyItem);
}

bool readReport(JsonWalk& walk, JsonReader value, std::string path, schema::ReportRequirement::Builder out) {
  JsonObject r;
  std::string key, name;
  std::vector<std::string> from;
  if (!walk.object(value, std::move(path), {"key", "name", "from", "due"}, r) || !readKey(walk, r, key) ||
      !walk.text(r, "name", true, name) || !nonEmptyUnitList(walk, r, "from", from)) {
    return false;
  }
  out.setKey(text(key));
  out.setName(text(name));
  setTextList(out.initFrom(from.size()), from);
  return readDue(walk, r, out.initDue());
}

}  // namespace

bool readTasks(JsonWalk& walk, const JsonObject& root, schema::Campaign::Builder campaign) {
  return readEach(
      walk, root, "tasks", [&](uint32_t n) { return campaign.initTasks(n); }, readTask);
}

bool readDuties(JsonWalk& walk, const JsonObject& root, schema::Campaign::Builder campaign) {
  return readEach(
      walk, root, "duties", [&](uint32_t n) { return campaign.initDuties(n); }, readDuty);
}

bool readReports(JsonWalk& walk, const JsonObject& root, schema::Campaign::Builder campaign) {
  return readEach(
      walk, root, "reports", [&](uint32_t n) { return campaign.initReports(n); }, readReport);
}

}  // namespace qingling::domain
