// Reading a `qingling.plan/v1` document (PLAN-FORMAT.md) into a validated PlanDocument. Every rule of the format's
// Validation section is its own error naming the JSON path ("tasks[3].due") and the reason; the first error
// found is returned and nothing of the plan is used. JSON is parsed with capnp-json's raw decoder.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <capnp/message.h>

#include "schemas/plan.capnp.h"

namespace qingling::domain {

struct PlanError {
  std::string path;     // JSON path of the offending value, "" for the document itself
  std::string message;  // what is wrong and what is expected
};

struct ParsedPlan {
  std::unique_ptr<capnp::MallocMessageBuilder> message;  // root: schema::PlanDocument
  schema::PlanDocument::Reader document() const { return message->getRoot<schema::PlanDocument>().asReader(); }
};

// Facts about units registered before this plan, so a plan may name them (e.g. as issuer or parent) without
// declaring them. Returns nullopt for an unknown unit, else its parent ("" for a root).
using KnownUnit = std::function<std::optional<std::string>(const std::string& unitId)>;

std::variant<ParsedPlan, PlanError> parsePlan(std::string_view json, const KnownUnit& known);

}  // namespace qingling::domain
