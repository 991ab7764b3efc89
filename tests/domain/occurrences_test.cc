#include "domain/occurrences.h"

#include <gtest/gtest.h>

#include "plan_test_util.h"

namespace qingling::domain {
namespace {

using testing::hasMember;
using testing::member;
using testing::str;
using testing::textOf;

LocalDate d(const char* text) { return LocalDate::parse(text).value(); }

// "periodStart..periodEnd>due" for each occurrence, to compare whole sequences in one assertion.
std::string render(const std::vector<Occurrence>& occurrences) {
  std::string out;
  for (const auto& o : occurrences) {
    out += (out.empty() ? "" : " ") + o.periodStart.str() + ".." + o.periodEnd.str() + ">" +
           (o.due ? o.due->str() : "open");
  }
  return out;
}

// The golden files name a rule as "every month x2", "by 2022-09-30", "dates a, b" or "continuous".
std::string describe(schema::DueRule::Reader due) {
  switch (due.which()) {
    case schema::DueRule::BY:
      return "by " + str(due.getBy());
    case schema::DueRule::DATES: {
      std::string out = "dates";
      for (uint32_t i = 0; i < due.getDates().size(); ++i) out += (i ? ", " : " ") + str(due.getDates()[i]);
      return out;
    }
    case schema::DueRule::EVERY: {
      static const char* kNames[] = {"week", "halfMonth", "month", "quarter", "halfYear", "year"};
      auto every = due.getEvery();
      std::string out = std::string("every ") + kNames[static_cast<int>(every.getPeriod())];
      return every.getInterval() > 1 ? out + " x" + std::to_string(every.getInterval()) : out;
    }
    case schema::DueRule::CONTINUOUS:
      return "continuous";
  }
  return "?";
}

void expectDues(capnp::json::Value::Reader golden, const std::vector<Occurrence>& got) {
  auto dues = golden.getArray();
  ASSERT_EQ(dues.size(), got.size());
  for (uint32_t i = 0; i < dues.size(); ++i) {
    EXPECT_EQ(dues[i].isNull() ? std::string("null") : textOf(dues[i]), got[i].due ? got[i].due->str() : "null");
  }
}

void checkGolden(const std::string& plan, const std::string& goldenFile) {
  auto parsed = parsePlan(testing::readFixture(plan), nullptr);
  ASSERT_TRUE(std::holds_alternative<ParsedPlan>(parsed))
      << std::get<PlanError>(parsed).path << ": " << std::get<PlanError>(parsed).message;
  auto campaign = std::get<ParsedPlan>(parsed).document().getCampaign();
  testing::JsonTree tree(testing::readFixture(goldenFile));
  auto golden = tree.root();
  EXPECT_EQ(textOf(member(golden, "timezone")), str(campaign.getTimezone()));
  LocalDate start = d(campaign.getStart().cStr()), end = d(campaign.getEnd().cStr());

  auto tasks = member(golden, "tasks").getArray();
  ASSERT_EQ(tasks.size(), campaign.getTasks().size());
  size_t taskOccurrences = 0;
  for (uint32_t i = 0; i < tasks.size(); ++i) {
    auto want = tasks[i];
    auto task = campaign.getTasks()[i];
    SCOPED_TRACE(str(task.getKey()));
    ASSERT_EQ(textOf(member(want, "key")), str(task.getKey()));
    EXPECT_EQ(textOf(member(want, "rule")), describe(task.getDue()));
    LocalDate spanStart = start, spanEnd = end;
    for (auto phase : campaign.getPhases()) {
      if (phase.getKey() == task.getPhase()) spanStart = d(phase.getStart().cStr()), spanEnd = d(phase.getEnd().cStr());
    }
    auto phase = member(want, "phase");
    EXPECT_EQ(phase.isNull() ? std::string() : textOf(phase), str(task.getPhase()));
    EXPECT_EQ(textOf(member(member(want, "span"), "start")), spanStart.str());
    EXPECT_EQ(textOf(member(member(want, "span"), "end")), spanEnd.str());

    auto got = occurrences(task.getDue(), spanStart, spanEnd);
    taskOccurrences += got.size();
    EXPECT_EQ(member(want, "count").getNumber(), got.size());
    expectDues(member(want, "dues"), got);
    auto occ = member(want, "occurrences").getArray();
    ASSERT_EQ(occ.size(), got.size());
    for (uint32_t j = 0; j < occ.size(); ++j) {
      SCOPED_TRACE("occurrence " + std::to_string(j));
      EXPECT_EQ(got[j].index, j + 1);
      if (hasMember(occ[j], "periodStart")) {
        EXPECT_EQ(textOf(member(occ[j], "periodStart")), got[j].periodStart.str());
        EXPECT_EQ(textOf(member(occ[j], "periodEnd")), got[j].periodEnd.str());
      }
      auto due = member(occ[j], "due");
      if (due.isNull()) {
        EXPECT_FALSE(got[j].due.has_value());
        EXPECT_EQ(textOf(member(occ[j], "reviewAt")), got[j].periodEnd.str());
      } else {
        ASSERT_TRUE(got[j].due.has_value());
        EXPECT_EQ(textOf(due), got[j].due->str());
        if (task.getDue().isBy() || task.getDue().isDates()) {
          EXPECT_EQ(got[j].periodStart, spanStart);
          EXPECT_EQ(got[j].periodEnd, *got[j].due);
        }
      }
    }
  }

  auto reports = member(golden, "reports").getArray();
  ASSERT_EQ(reports.size(), campaign.getReports().size());
  size_t reportOccurrences = 0;
  for (uint32_t i = 0; i < reports.size(); ++i) {
    auto report = campaign.getReports()[i];
    SCOPED_TRACE(str(report.getKey()));
    EXPECT_EQ(textOf(member(reports[i], "key")), str(report.getKey()));
    EXPECT_EQ(textOf(member(reports[i], "rule")), describe(report.getDue()));
    auto got = occurrences(report.getDue(), start, end);
    reportOccurrences += got.size();
    EXPECT_EQ(member(reports[i], "count").getNumber(), got.size());
    expectDues(member(reports[i], "dues"), got);
  }

  auto duties = member(golden, "duties").getArray();
  ASSERT_EQ(duties.size(), campaign.getDuties().size());
  for (uint32_t i = 0; i < duties.size(); ++i) {
    auto items = member(duties[i], "items").getArray();
    auto duty = campaign.getDuties()[i];
    EXPECT_EQ(textOf(member(duties[i], "holder")), str(duty.getHolder()));
    ASSERT_EQ(items.size(), duty.getItems().size());
    for (uint32_t j = 0; j < items.size(); ++j) {
      auto item = duty.getItems()[j];
      auto periods = member(items[j], "periodsInCampaign");
      EXPECT_EQ(periods.isNull(), item.getStanding());
      if (!item.getStanding()) {
        EXPECT_EQ(periods.getNumber(), recurringOccurrences(item.getEvery(), item.getInterval(), start, end).size());
        EXPECT_EQ(member(items[j], "atLeast").getNumber(), item.getAtLeast());
      }
    }
  }

  auto totals = member(golden, "totals");
  auto doc = std::get<ParsedPlan>(parsed).document();
  EXPECT_EQ(member(totals, "units").getNumber(), doc.getUnits().size());
  EXPECT_EQ(member(totals, "phases").getNumber(), campaign.getPhases().size());
  EXPECT_EQ(member(totals, "tasks").getNumber(), campaign.getTasks().size());
  EXPECT_EQ(member(totals, "duties").getNumber(), campaign.getDuties().size());
  EXPECT_EQ(member(totals, "reports").getNumber(), campaign.getReports().size());
  EXPECT_EQ(member(totals, "taskOccurrences").getNumber(), taskOccurrences);
  EXPECT_EQ(member(totals, "reportOccurrences").getNumber(), reportOccurrences);
}

TEST(Occurrences, MatchTheGoldenFileOfTheJinchengPlan) {
  checkGolden("jc-2022-three-battles.json", "jc-2022-three-battles.occurrences.json");
}

TEST(Occurrences, MatchTheGoldenFileOfTheZhengyangPlan) {
  checkGolden("zy-2023-major-hazards.json", "zy-2023-major-hazards.occurrences.json");
}

TEST(Occurrences, HalfMonthsSplitOnTheFifteenth) {
  EXPECT_EQ(render(recurringOccurrences(schema::Period::HALF_MONTH, 1, d("2024-02-10"), d("2024-03-20"))),
            "2024-02-01..2024-02-15>2024-02-15 2024-02-16..2024-02-29>2024-02-29 "
            "2024-03-01..2024-03-15>2024-03-15 2024-03-16..2024-03-31>2024-03-20");
}

TEST(Occurrences, QuartersHalfYearsAndYearsAreCalendarPeriods) {
  EXPECT_EQ(render(recurringOccurrences(schema::Period::QUARTER, 1, d("2023-11-20"), d("2024-04-02"))),
            "2023-10-01..2023-12-31>2023-12-31 2024-01-01..2024-03-31>2024-03-31 2024-04-01..2024-06-30>2024-04-02");
  EXPECT_EQ(render(recurringOccurrences(schema::Period::HALF_YEAR, 1, d("2023-05-20"), d("2024-01-10"))),
            "2023-01-01..2023-06-30>2023-06-30 2023-07-01..2023-12-31>2023-12-31 2024-01-01..2024-06-30>2024-01-10");
  EXPECT_EQ(render(recurringOccurrences(schema::Period::YEAR, 1, d("2021-03-01"), d("2023-12-31"))),
            "2021-01-01..2021-12-31>2021-12-31 2022-01-01..2022-12-31>2022-12-31 2023-01-01..2023-12-31>2023-12-31");
}

TEST(Occurrences, IntervalsGroupPeriodsFromTheOneHoldingTheStart) {
  // Every 2 weeks from a Wednesday: the first group is the ISO week holding it and the next one.
  EXPECT_EQ(render(recurringOccurrences(schema::Period::WEEK, 2, d("2024-01-03"), d("2024-01-31"))),
            "2024-01-01..2024-01-14>2024-01-14 2024-01-15..2024-01-28>2024-01-28 2024-01-29..2024-02-11>2024-01-31");
  // Every 3 months from August: Aug-Oct, Nov-Jan (crossing the year).
  EXPECT_EQ(render(recurringOccurrences(schema::Period::MONTH, 3, d("2023-08-15"), d("2024-01-15"))),
            "2023-08-01..2023-10-31>2023-10-31 2023-11-01..2024-01-31>2024-01-15");
  EXPECT_EQ(render(recurringOccurrences(schema::Period::MONTH, 0, d("2023-08-15"), d("2023-09-15"))),
            "2023-08-01..2023-08-31>2023-08-31 2023-09-01..2023-09-30>2023-09-15");
}

TEST(Occurrences, AOneDaySpanHasOneOccurrence) {
  EXPECT_EQ(render(recurringOccurrences(schema::Period::WEEK, 1, d("2024-01-07"), d("2024-01-07"))),
            "2024-01-01..2024-01-07>2024-01-07");
}

TEST(Occurrences, APhaseSpanBoundsTheOccurrencesOfItsTasks) {
  // The small plan's T1 is monthly; named in phase "second" (April-June) it gets three occurrences.
  auto parsed = parsePlan(testing::smallPlanWith(R"("title": "月", )", R"("title": "月", "phase": "second", )"),
                          testing::registered);
  ASSERT_TRUE(std::holds_alternative<ParsedPlan>(parsed));
  auto task = std::get<ParsedPlan>(parsed).document().getCampaign().getTasks()[0];
  EXPECT_EQ(render(occurrences(task.getDue(), d("2024-04-01"), d("2024-06-30"))),
            "2024-04-01..2024-04-30>2024-04-30 2024-05-01..2024-05-31>2024-05-31 2024-06-01..2024-06-30>2024-06-30");
}

TEST(Occurrences, ByDatesAndContinuousRules) {
  capnp::MallocMessageBuilder message;
  auto due = message.initRoot<schema::DueRule>();
  due.setBy("2024-03-10");
  EXPECT_EQ(render(occurrences(due, d("2024-01-01"), d("2024-06-30"))), "2024-01-01..2024-03-10>2024-03-10");
  auto dates = due.initDates(2);
  dates.set(0, "2024-05-15");
  dates.set(1, "2024-02-15");
  EXPECT_EQ(render(occurrences(due, d("2024-01-01"), d("2024-06-30"))),
            "2024-01-01..2024-02-15>2024-02-15 2024-01-01..2024-05-15>2024-05-15");
  due.setContinuous();
  auto open = occurrences(due, d("2024-01-01"), d("2024-06-30"));
  EXPECT_EQ(render(open), "2024-01-01..2024-06-30>open");
  EXPECT_EQ(open[0].index, 1u);
}

}  // namespace
}  // namespace qingling::domain
