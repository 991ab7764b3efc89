// Feeds arbitrary text as a `qingling.plan/v1` document to the plan import's parser and validator
// (domain::parsePlan, with no units known before, as `qingling plan occurrences FILE` calls it), then, for a plan
// it accepts, lists every task's occurrences over its phase or the campaign the way that command does.
//
// Asserts: parsePlan returns a plan or an error naming a reason, never throws; an accepted plan's campaign and
// phase dates are real dates (the CLI dereferences them); every occurrence is numbered from 1 in order, has a
// period that starts no later than it ends, and a due date, when it has one, within the span.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "domain/local_date.h"
#include "domain/occurrences.h"
#include "domain/plan_import.h"
#include "tests/fuzz/fuzz_check.h"

using namespace qingling;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto parsed = domain::parsePlan(json, [](const std::string&) { return std::nullopt; });
  if (auto* error = std::get_if<domain::PlanError>(&parsed)) {
    FUZZ_CHECK(!error->message.empty(), "a refused plan says why");
    return 0;
  }
  auto campaign = std::get<domain::ParsedPlan>(parsed).document().getCampaign();
  auto start = domain::LocalDate::parse(campaign.getStart().cStr());
  auto end = domain::LocalDate::parse(campaign.getEnd().cStr());
  FUZZ_CHECK(start && end, "an accepted campaign has real start and end dates");
  for (auto task : campaign.getTasks()) {
    auto spanStart = *start, spanEnd = *end;
    for (auto phase : campaign.getPhases()) {
      if (phase.getKey() != task.getPhase()) continue;
      auto phaseStart = domain::LocalDate::parse(phase.getStart().cStr());
      auto phaseEnd = domain::LocalDate::parse(phase.getEnd().cStr());
      FUZZ_CHECK(phaseStart && phaseEnd, "an accepted phase has real start and end dates");
      spanStart = *phaseStart;
      spanEnd = *phaseEnd;
    }
    uint32_t expected = 1;
    for (const auto& o : domain::occurrences(task.getDue(), spanStart, spanEnd)) {
      FUZZ_CHECK(o.index == expected++, "occurrences are numbered 1, 2, ...");
      FUZZ_CHECK(o.periodStart <= o.periodEnd, "a period starts no later than it ends");
      if (o.due) FUZZ_CHECK(*o.due <= spanEnd, "an occurrence is due within its span");
    }
  }
  return 0;
}
