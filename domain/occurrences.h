// Occurrences of a `due` rule (PLAN-FORMAT.md, "Recurring occurrences"): calendar periods in the campaign's
// timezone — ISO weeks, half-months (1st-15th, 16th-end), months, quarters from January, half-years, years — grouped
// `interval` at a time counting from the period that holds the span's start; one occurrence per group that
// overlaps the span, due at the end of the group's last day or the span's last day, whichever comes first.
// `by` gives one occurrence; `dates` one per date; `continuous` one open-ended occurrence with no due date.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/local_date.h"
#include "schemas/common.capnp.h"

namespace qingling::domain {

struct Occurrence {
  uint32_t index = 0;            // 1-based
  LocalDate periodStart;         // the calendar period's first day (may precede the span); for by/dates: the span start
  LocalDate periodEnd;           // the calendar period's last day; for by/dates: the date
  std::optional<LocalDate> due;  // nullopt = continuous
};

// Periods for a recurring rule, e.g. duty items (`every` + `interval`), over [spanStart, spanEnd].
std::vector<Occurrence> recurringOccurrences(schema::Period period, uint32_t interval, LocalDate spanStart,
                                             LocalDate spanEnd);

// Every occurrence of `due` over [spanStart, spanEnd]. The rule is assumed valid (plan import checked it).
std::vector<Occurrence> occurrences(schema::DueRule::Reader due, LocalDate spanStart, LocalDate spanEnd);

}  // namespace qingling::domain
