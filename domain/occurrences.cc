// The occurrences of a `due` rule over a span (the campaign's, or the phase's for a task that names one), exactly as
// PLAN-FORMAT.md "Recurring occurrences" defines them and tests/fixtures/plans/*.occurrences.json pins them down.
// Dispatch, reports and duty compliance all count periods through here, so they cannot disagree.
#include "domain/occurrences.h"

#include <algorithm>

namespace qingling::domain {
namespace {

LocalDate firstOfMonth(int year, int month) { return LocalDate{year, month, 1}; }

LocalDate addMonths(const LocalDate& firstOfAMonth, int months) {
  int index = firstOfAMonth.year * 12 + (firstOfAMonth.month - 1) + months;
  return firstOfMonth(index / 12, index % 12 + 1);
}

// The first day of the calendar period holding `d`.
LocalDate periodStartOf(schema::Period period, const LocalDate& d) {
  switch (period) {
    case schema::Period::WEEK:
      return d.plusDays(1 - d.weekday());
    case schema::Period::HALF_MONTH:
      return LocalDate{d.year, d.month, d.day <= 15 ? 1 : 16};
    case schema::Period::MONTH:
      return firstOfMonth(d.year, d.month);
    case schema::Period::QUARTER:
      return firstOfMonth(d.year, (d.month - 1) / 3 * 3 + 1);
    case schema::Period::HALF_YEAR:
      return firstOfMonth(d.year, d.month <= 6 ? 1 : 7);
    case schema::Period::YEAR:
      return firstOfMonth(d.year, 1);
  }
  return d;
}

// The first day of the period after the one starting on `start`.
LocalDate nextPeriodStart(schema::Period period, const LocalDate& start) {
  switch (period) {
    case schema::Period::WEEK:
      return start.plusDays(7);
    case schema::Period::HALF_MONTH:
      return start.day == 1 ? LocalDate{start.year, start.month, 16}
                            : addMonths(firstOfMonth(start.year, start.month), 1);
    case schema::Period::MONTH:
      return addMonths(start, 1);
    case schema::Period::QUARTER:
      return addMonths(start, 3);
    case schema::Period::HALF_YEAR:
      return addMonths(start, 6);
    case schema::Period::YEAR:
      return addMonths(start, 12);
  }
  return start.plusDays(1);
}

}  // namespace

std::vector<Occurrence> recurringOccurrences(schema::Period period, uint32_t interval, LocalDate spanStart,
                                             LocalDate spanEnd) {
  std::vector<Occurrence> out;
  if (interval == 0) interval = 1;  // the schema's default: every period
  LocalDate groupStart = periodStartOf(period, spanStart);
  // The group holding spanStart overlaps the span by construction; every later group overlaps it as long as it
  // starts on or before the span's last day.
  while (groupStart <= spanEnd) {
    LocalDate next = groupStart;
    for (uint32_t i = 0; i < interval; ++i) next = nextPeriodStart(period, next);
    LocalDate groupEnd = next.plusDays(-1);
    out.push_back(Occurrence{static_cast<uint32_t>(out.size() + 1), groupStart, groupEnd, std::min(groupEnd, spanEnd)});
    groupStart = next;
  }
  return out;
}

std::vector<Occurrence> occurrences(schema::DueRule::Reader due, LocalDate spanStart, LocalDate spanEnd) {
  std::vector<Occurrence> out;
  switch (due.which()) {
    case schema::DueRule::BY: {
      auto date = LocalDate::parse(due.getBy().cStr());
      if (date) out.push_back(Occurrence{1, spanStart, *date, *date});
      break;
    }
    case schema::DueRule::DATES: {
      std::vector<LocalDate> dates;
      for (auto text : due.getDates()) {
        if (auto date = LocalDate::parse(text.cStr())) dates.push_back(*date);
      }
      // Indexes follow the calendar, whatever order the plan listed the dates in.
      std::sort(dates.begin(), dates.end());
      for (const auto& date : dates)
        out.push_back(Occurrence{static_cast<uint32_t>(out.size() + 1), spanStart, date, date});
      break;
    }
    case schema::DueRule::EVERY:
      return recurringOccurrences(due.getEvery().getPeriod(), due.getEvery().getInterval(), spanStart, spanEnd);
    case schema::DueRule::CONTINUOUS:
      // Open-ended: no deadline; periodEnd is the span's last day, when it is reviewed.
      out.push_back(Occurrence{1, spanStart, spanEnd, std::nullopt});
      break;
  }
  return out;
}

}  // namespace qingling::domain
