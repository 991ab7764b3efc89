// Helpers for the plan import and occurrence tests: the fixture plans on disk, a small valid plan to break one rule
// at a time, and lookups into capnp-json raw trees (the golden files are read with the same decoder as plans).
#pragma once

#include <capnp/compat/json.capnp.h>
#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>

#include "domain/plan_import.h"

#ifndef QINGLING_PLAN_FIXTURES
#error "QINGLING_PLAN_FIXTURES must name tests/fixtures/plans"
#endif

namespace qingling::domain::testing {

inline std::string readFixture(const std::string& name) {
  std::ifstream in(std::string(QINGLING_PLAN_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open fixture " << name;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A parsed JSON tree; readers into it live as long as this object.
struct JsonTree {
  explicit JsonTree(const std::string& json) {
    capnp::JsonCodec codec;
    codec.decodeRaw(kj::ArrayPtr<const char>(json.data(), json.size()), message.initRoot<capnp::json::Value>());
  }
  capnp::json::Value::Reader root() { return message.getRoot<capnp::json::Value>().asReader(); }
  capnp::MallocMessageBuilder message;
};

inline capnp::json::Value::Reader member(capnp::json::Value::Reader object, std::string_view name) {
  for (auto field : object.getObject()) {
    if (field.getName() == kj::StringPtr(name.data(), name.size())) return field.getValue();
  }
  ADD_FAILURE() << "no field " << name;
  return capnp::json::Value::Reader();
}

inline bool hasMember(capnp::json::Value::Reader object, std::string_view name) {
  for (auto field : object.getObject()) {
    if (field.getName() == kj::StringPtr(name.data(), name.size())) return true;
  }
  return false;
}

inline std::string textOf(capnp::json::Value::Reader value) {
  return value.isString() ? std::string(value.getString().cStr()) : "<not a string>";
}

inline std::string str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

// Registered units known to the tests' KnownUnit: "province" (a root) and "county" under it.
inline std::optional<std::string> registered(const std::string& id) {
  if (id == "province") return std::string();
  if (id == "county") return std::string("province");
  return std::nullopt;
}

// A small plan that is valid; each bad-plan test breaks one rule of it by replacing one exact piece of text.
inline constexpr std::string_view kSmallPlan = R"({
  "format": "qingling.plan/v1",
  "campaign": {"id": "t-2024", "title": "测试方案", "docNumber": "测〔2024〕1号", "issuer": "agency",
               "issuedOn": "2024-01-05", "start": "2024-01-01", "end": "2024-06-30", "focus": ["民爆"]},
  "units": [
    {"id": "agency", "name": "局", "kind": "agency", "parent": null},
    {"id": "section", "name": "科", "kind": "section", "parent": "agency"},
    {"id": "director", "name": "局长", "kind": "position", "parent": "agency"},
    {"id": "town", "name": "镇", "kind": "jurisdiction", "parent": "agency", "employees": 3, "keySupervision": false}
  ],
  "phases": [
    {"key": "first", "name": "一", "start": "2024-01-01", "end": "2024-03-31"},
    {"key": "second", "name": "二", "start": "2024-04-01", "end": "2024-06-30"}
  ],
  "tasks": [
    {"key": "T1", "title": "月", "assignees": ["section"], "due": {"every": "month"}},
    {"key": "T2", "title": "期", "assignees": ["town"], "phase": "second", "due": {"by": "2024-05-31"},
     "targets": [{"metric": "inspections", "atLeast": 2}]}
  ],
  "duties": [{"holder": "director", "covers": ["town"],
              "items": [{"text": "周", "activity": "inspection", "every": "week"}]}],
  "reports": [{"key": "R1", "name": "报", "from": ["town"], "due": {"dates": ["2024-03-31", "2024-06-30"]}}],
  "escalation": [{"after": "-P1D", "action": "remind", "to": "assignee"},
                 {"after": "P3D", "action": "warn", "to": "assigneeHead"}]
})";

// `plan` with `from` (which must occur exactly once) replaced by `to`.
inline std::string replaced(std::string plan, std::string_view from, std::string_view to) {
  size_t at = plan.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the plan: " << from;
  EXPECT_EQ(plan.find(from, at + 1), std::string::npos) << "more than once in the plan: " << from;
  if (at != std::string::npos) plan.replace(at, from.size(), to);
  return plan;
}

inline std::string smallPlanWith(std::string_view from, std::string_view to) {
  return replaced(std::string(kSmallPlan), from, to);
}

// Asserts that `json` is refused with an error at `path` whose message contains `reason`.
inline void expectRejected(const std::string& json, const std::string& path, const std::string& reason) {
  auto result = parsePlan(json, registered);
  const PlanError* error = std::get_if<PlanError>(&result);
  ASSERT_NE(error, nullptr) << "accepted; expected an error at " << path << ": " << reason;
  EXPECT_EQ(error->path, path) << error->message;
  EXPECT_NE(error->message.find(reason), std::string::npos) << "message: " << error->message;
}

inline void expectBroken(std::string_view from, std::string_view to, const std::string& path,
                         const std::string& reason) {
  SCOPED_TRACE(std::string(from) + " -> " + std::string(to));
  expectRejected(smallPlanWith(from, to), path, reason);
}

}  // namespace qingling::domain::testing
