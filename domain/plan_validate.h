// The cross-reference rules of PLAN-FORMAT.md "Validation", checked on a PlanDocument whose values plan_read has
// already checked one by one: spans, unknown and duplicate units/phases/keys, duty holders, cyclic parents.
// Private to plan import; errors carry the JSON path the value came from ("tasks[3].assignees[0]").
#pragma once

#include <optional>

#include "domain/plan_import.h"

namespace qingling::domain {

std::optional<PlanError> validatePlan(schema::PlanDocument::Reader doc, const KnownUnit& known);

}  // namespace qingling::domain
