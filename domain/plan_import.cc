// Plan import (plan_import.h) in three steps: capnp-json's raw decoder turns the text into a JsonValue tree,
// plan_read checks each value and builds the PlanDocument, plan_validate checks what refers to what. The decoder
// reports malformed JSON by throwing kj::Exception; it is caught here so that no exception leaves the domain.
#include "domain/plan_import.h"

#include <capnp/compat/json.h>
#include <kj/exception.h>

#include "domain/json_walk.h"
#include "domain/plan_read.h"
#include "domain/plan_validate.h"

namespace qingling::domain {

std::variant<ParsedPlan, PlanError> parsePlan(std::string_view json, const KnownUnit& known) {
  capnp::MallocMessageBuilder tree;
  auto root = tree.initRoot<capnp::json::Value>();
  try {
    capnp::JsonCodec codec;
    codec.setMaxNestingDepth(16);  // a plan nests five deep; anything deeper is not a plan
    codec.decodeRaw(kj::ArrayPtr<const char>(json.data(), json.size()), root);
  } catch (const kj::Exception& e) {
    // KJ prefixes the failed check ("expected !input.exhausted(); JSON message ends prematurely."): keep the prose.
    std::string reason = e.getDescription().cStr();
    if (size_t semicolon = reason.find("; "); reason.starts_with("expected ") && semicolon != std::string::npos) {
      reason.erase(0, semicolon + 2);
    }
    return PlanError{"", "not valid JSON: " + reason};
  }

  ParsedPlan plan{std::make_unique<capnp::MallocMessageBuilder>()};
  JsonWalk walk;
  if (!readPlan(root.asReader(), plan.message->initRoot<schema::PlanDocument>(), walk)) return *walk.error();
  if (auto error = validatePlan(plan.document(), known)) return *error;
  return plan;
}

}  // namespace qingling::domain
