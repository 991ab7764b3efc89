// The agenda, in memory: a small campaign (a monthly task for a group of two towns, a weekly task of a phase, a
// two-step ladder, one covering leader) folded event by event; jobs are "run" the way the scheduler runs them —
// decideJob's events recorded at the job's instant and folded back — so order, ids, deadlines and the stop and
// resume rules are checked without a server.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "domain/agenda.h"
#include "domain/local_date.h"
#include "domain/plan_import.h"
#include "tests/domain/china_days_for_test.h"

namespace qingling::domain {
namespace {

using testing::day;
using testing::kDay;
using testing::kHour;

const char* const kPlan = R"({
  "format": "qingling.plan/v1",
  "campaign": {"id": "cmp", "title": "test", "issuer": "county", "issuedOn": "2023-07-01",
               "start": "2023-07-01", "end": "2023-09-30", "timezone": "Asia/Shanghai", "focus": []},
  "units": [
    {"id": "county", "name": "county", "kind": "agency", "parent": "gov"},
    {"id": "director", "name": "director", "kind": "position", "parent": "county"},
    {"id": "sec", "name": "sec", "kind": "section", "parent": "county"},
    {"id": "towns", "name": "towns", "kind": "group", "parent": "county"},
    {"id": "town-a", "name": "a", "kind": "jurisdiction", "parent": "towns"},
    {"id": "town-b", "name": "b", "kind": "jurisdiction", "parent": "towns"}],
  "phases": [{"key": "focus", "name": "focus", "start": "2023-08-01", "end": "2023-08-31"}],
  "tasks": [
    {"key": "T1", "title": "monthly check", "content": "", "assignees": ["towns"], "due": {"every": "month"},
     "targets": [{"metric": "inspections", "atLeast": 2}]},
    {"key": "T2", "title": "weekly", "content": "", "assignees": ["sec"], "phase": "focus", "due": {"every": "week"}}],
  "duties": [{"holder": "director", "position": "director", "covers": ["town-a"], "industries": [],
              "items": [{"text": "inspect", "activity": "inspection", "every": "month", "atLeast": 1}]}],
  "escalation": [{"after": "-P1D", "action": "remind", "to": "assignee"},
                 {"after": "P3D", "action": "summon", "to": "coveringLeader"}]
})";

class AgendaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = parsePlan(kPlan, [](const std::string& id) -> std::optional<std::string> {
      if (id == "gov") return "";
      return std::nullopt;
    });
    ASSERT_TRUE(std::holds_alternative<ParsedPlan>(parsed)) << std::get<PlanError>(parsed).message;
    auto plan = std::get<ParsedPlan>(parsed).document();
    registerUnit(day("2023-06-20"), "gov", "");
    for (auto unit : plan.getUnits()) {
      add(day("2023-06-20")).initUnitRegistered().setUnit(unit);
      fold();
    }
    add(day("2023-06-21")).initCampaignDrafted().setCampaign(plan.getCampaign());
    fold();
    add(issuedAt).initCampaignIssued().setCampaignId("cmp");
    fold();
  }

  schema::Event::Builder add(int64_t at) {
    auto& message = log_.emplace_back(std::make_unique<capnp::MallocMessageBuilder>());
    auto e = message->initRoot<schema::EventEnvelope>();
    e.setPosition(log_.size());
    e.setStreamVersion(1);
    e.setRecordedAt(at);
    return e.initPayload();
  }
  void fold() {
    auto e = log_.back()->getRoot<schema::EventEnvelope>().asReader();
    dir.evolve(e.getPayload());
    agenda.apply(e);
  }
  void registerUnit(int64_t at, const std::string& id, const std::string& parent, bool group = false) {
    auto unit = add(at).initUnitRegistered().initUnit();
    unit.setId(id);
    unit.setParent(parent);
    unit.setKind(group ? schema::UnitKind::GROUP : schema::UnitKind::JURISDICTION);
    fold();
  }
  void dispatchEvent(int64_t at, const std::string& id, void (*fill)(schema::Event::Builder, const std::string&)) {
    fill(add(at), id);
    fold();
  }
  void complete(int64_t at, const std::string& id) {
    dispatchEvent(at, id,
                  [](schema::Event::Builder p, const std::string& d) { p.initDispatchCompleted().setDispatchId(d); });
  }
  void giveBack(int64_t at, const std::string& id) {
    dispatchEvent(at, id,
                  [](schema::Event::Builder p, const std::string& d) { p.initDispatchReturned().setDispatchId(d); });
  }

  // Runs every job due by t one at a time, as the scheduler does; returns (at, id) in the order run.
  std::vector<std::pair<int64_t, std::string>> run(int64_t t) {
    std::vector<std::pair<int64_t, std::string>> ran;
    for (auto jobs = agenda.dueUpTo(t, dir); !jobs.empty(); jobs = agenda.dueUpTo(t, dir)) {
      const Job& job = jobs.front();
      EXPECT_TRUE(agenda.stillDue(job));
      Emitted emitted = decideJob(job, false);
      auto& message = log_.emplace_back(std::move(emitted.streams[0].events[0].message));
      auto e = message->getRoot<schema::EventEnvelope>();
      e.setRecordedAt(job.at);
      e.setStreamVersion(1);
      agenda.apply(e.asReader());
      EXPECT_FALSE(agenda.stillDue(job)) << job.id;
      ran.emplace_back(job.at, job.id);
    }
    return ran;
  }

  const int64_t issuedAt = day("2023-07-03") + 10 * kHour;
  std::vector<std::unique_ptr<capnp::MallocMessageBuilder>> log_;
  Directory dir;
  Agenda agenda;
};

using Ran = std::vector<std::pair<int64_t, std::string>>;

TEST_F(AgendaTest, IssuingDispatchesTheCurrentOccurrenceToEveryGroupMemberAtOnce) {
  auto jobs = agenda.dueUpTo(issuedAt, dir);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].id, "cmp.T1.town-a.1");
  EXPECT_EQ(jobs[1].id, "cmp.T1.town-b.1");
  EXPECT_EQ(jobs[0].at, issuedAt);
  EXPECT_EQ(jobs[0].dueAt, day("2023-08-01"));  // end of 2023-07-31, local
  EXPECT_EQ(jobs[0].periodStart, "2023-07-01");
  EXPECT_EQ(jobs[0].issuer, "county");
  EXPECT_TRUE(agenda.dueUpTo(issuedAt - 1, dir).empty());
  // The phase task waits for its phase; the next job is the next month's occurrence.
  EXPECT_EQ(agenda.nextAfter(issuedAt, dir), day("2023-08-01"));
}

TEST_F(AgendaTest, JobsRunInTimeOrderWithStepsAddressedByTheLadder) {
  Ran ran = run(day("2023-08-05"));
  Ran expected = {{issuedAt, "cmp.T1.town-a.1"},
                  {issuedAt, "cmp.T1.town-b.1"},
                  {day("2023-07-31"), "cmp.T1.town-a.1#0"},
                  {day("2023-07-31"), "cmp.T1.town-b.1#0"},
                  {day("2023-08-01"), "cmp.T1.town-a.2"},
                  {day("2023-08-01"), "cmp.T1.town-b.2"},
                  {day("2023-08-04"), "cmp.T1.town-a.1#1"},
                  {day("2023-08-04"), "cmp.T1.town-b.1#1"}};
  EXPECT_EQ(ran, expected);
  auto steps = agenda.escalationsOf("cmp.T1.town-a.2", dir);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].addressee, "town-a");                                         // remind the assignee
  EXPECT_EQ(steps[1].addressee, "director");                                       // the duty covering town-a
  EXPECT_EQ(agenda.escalationsOf("cmp.T1.town-b.2", dir)[1].addressee, "county");  // nobody covers it: the issuer
  EXPECT_TRUE(run(day("2023-08-05")).empty()) << "nothing runs twice";
}

TEST_F(AgendaTest, CompletionStopsFurtherStepsAndAReturnBringsThemBack) {
  run(issuedAt);
  complete(day("2023-07-20"), "cmp.T1.town-a.1");
  Ran ran = run(day("2023-08-05"));
  for (const auto& [at, id] : ran) EXPECT_EQ(id.find("cmp.T1.town-a.1#"), std::string::npos) << id;
  giveBack(day("2023-08-10"), "cmp.T1.town-a.1");
  auto jobs = agenda.dueUpTo(day("2023-08-10"), dir);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].id, "cmp.T1.town-a.1#0");
  // Both steps were skipped while the work stood completed: they fall due at the return (退回), not back-dated.
  EXPECT_EQ(jobs[0].at, day("2023-08-10"));
  EXPECT_EQ(jobs[1].id, "cmp.T1.town-a.1#1");
  EXPECT_EQ(jobs[1].at, day("2023-08-10"));
}

TEST_F(AgendaTest, APhaseTaskRunsFromThePhaseStartUntilItsClose) {
  const int64_t started = day("2023-08-09") + 12 * kHour;
  run(started);
  add(started).initPhaseStarted().setPhaseKey("focus");
  log_.back()->getRoot<schema::EventEnvelope>().getPayload().getPhaseStarted().setCampaignId("cmp");
  fold();
  auto jobs = agenda.dueUpTo(started, dir);
  ASSERT_EQ(jobs.size(), 2u);  // the weeks of Jul 31 and Aug 7 have begun: both go out at the start
  EXPECT_EQ(jobs[0].id, "cmp.T2.sec.1");
  EXPECT_EQ(jobs[0].at, started);
  EXPECT_EQ(jobs[0].dueAt, day("2023-08-07"));
  // Week 1 was nearly due when dispatched: its reminder falls due at once, never before the dispatch.
  Ran expected = {{started, "cmp.T2.sec.1"}, {started, "cmp.T2.sec.2"}, {started, "cmp.T2.sec.1#0"}};
  EXPECT_EQ(run(started), expected);
  auto closed = add(day("2023-08-16") + kHour).initPhaseClosed();
  closed.setCampaignId("cmp");
  closed.setPhaseKey("focus");
  fold();
  std::vector<std::string> weekly;
  for (const auto& [at, id] : run(day("2023-09-30"))) {
    if (id.starts_with("cmp.T2.") && id.find('#') == std::string::npos) weekly.push_back(id);
  }
  // Week 3 began before the close and still goes out; weeks 4 and 5 never do.
  EXPECT_EQ(weekly, (std::vector<std::string>{"cmp.T2.sec.3"}));
}

TEST_F(AgendaTest, MembersRegisteredLaterGetOnlyLaterOccurrences) {
  run(issuedAt);
  registerUnit(day("2023-07-15"), "town-c", "towns");
  EXPECT_TRUE(agenda.dueUpTo(day("2023-07-20"), dir).empty());
  std::vector<std::string> dispatched;
  for (const auto& [at, id] : run(day("2023-08-01"))) {
    if (id.find('#') == std::string::npos) dispatched.push_back(id);
  }
  EXPECT_EQ(dispatched, (std::vector<std::string>{"cmp.T1.town-a.2", "cmp.T1.town-b.2", "cmp.T1.town-c.2"}));
}

// The agenda keeps its pending jobs per subject and recomputes only what an event touched; asked after every
// event, it must still answer exactly as an agenda that folded the same log at once and was asked only then.
TEST_F(AgendaTest, AnAgendaAskedAfterEveryEventAnswersAsOneFoldedAtOnce) {
  auto ids = [](const std::vector<Job>& jobs) {
    std::vector<std::pair<int64_t, std::string>> out;
    for (const auto& job : jobs) out.emplace_back(job.at, job.id);
    return out;
  };
  auto answersAsFoldedAtOnce = [&](std::initializer_list<int64_t> instants) {
    Directory freshDir;
    Agenda fresh;
    for (const auto& message : log_) {
      auto e = message->getRoot<schema::EventEnvelope>().asReader();
      freshDir.evolve(e.getPayload());
      fresh.apply(e);
    }
    for (int64_t t : instants) {
      EXPECT_EQ(ids(agenda.dueUpTo(t, dir)), ids(fresh.dueUpTo(t, freshDir))) << "due by " << t;
      EXPECT_EQ(agenda.nextAfter(t, dir), fresh.nextAfter(t, freshDir)) << "next after " << t;
    }
    EXPECT_EQ(agenda.owed(dir), fresh.owed(freshDir)) << "a job done is no longer owed";
  };
  run(day("2023-07-25"));
  answersAsFoldedAtOnce({day("2023-07-25"), day("2023-08-01")});  // the run's dispatches, each dropping its job
  complete(day("2023-07-26"), "cmp.T1.town-a.1");
  registerUnit(day("2023-07-27"), "town-c", "towns");
  run(day("2023-08-10"));
  auto phase = add(day("2023-08-10") + kHour).initPhaseStarted();
  phase.setCampaignId("cmp");
  phase.setPhaseKey("focus");
  fold();
  giveBack(day("2023-08-11"), "cmp.T1.town-a.1");
  run(day("2023-08-12"));
  answersAsFoldedAtOnce({day("2023-08-12"), day("2023-08-20")});
  // Closing the campaign leaves owed only what fell due by then: jobs of Aug 12-20 not yet run.
  add(day("2023-08-20") + kHour).initCampaignClosed().setCampaignId("cmp");
  fold();
  answersAsFoldedAtOnce({day("2023-08-20"), day("2023-09-05"), day("2023-10-30")});
  EXPECT_FALSE(agenda.dueUpTo(day("2023-08-20") + kHour, dir).empty()) << "the comparison needs jobs to compare";
}

TEST_F(AgendaTest, JobEventsOpenTheirOwnStreams) {
  auto jobs = agenda.dueUpTo(issuedAt, dir);
  Emitted d = decideJob(jobs[0], false);
  ASSERT_EQ(d.streams.size(), 1u);
  EXPECT_EQ(d.streams[0].streamId, "dispatch-cmp.T1.town-a.1");
  EXPECT_EQ(d.streams[0].expect, StreamExpectation::noStream);
  auto e = d.streams[0].events[0].envelope().asReader();
  auto t = e.getPayload().getTaskDispatched();
  EXPECT_EQ(std::string(t.getReviewer()), "county");
  EXPECT_EQ(std::string(t.getTitle()), "monthly check");
  EXPECT_EQ(std::string(t.getAssignee()), "town-a");
  EXPECT_EQ(t.getOccurrence(), 1u);
  ASSERT_EQ(t.getTargets().size(), 1u);
  EXPECT_EQ(t.getTargets()[0].getAtLeast(), 2u);
  ASSERT_EQ(e.getUnits().size(), 2u);
  EXPECT_EQ(std::string(e.getUnits()[1]), "campaign:cmp");

  run(day("2023-08-04"));
  auto steps = agenda.escalationsOf("cmp.T1.town-a.2", dir);
  Emitted s = decideJob(steps[1], true);
  EXPECT_EQ(s.streams[0].streamId, "escalation-cmp.T1.town-a.2-1");
  auto r = s.streams[0].events[0].envelope().asReader().getPayload().getEscalationRaised();
  EXPECT_EQ(std::string(r.getEscalationId()), "cmp.T1.town-a.2#1");
  EXPECT_EQ(std::string(r.getSubject().getDispatch()), "cmp.T1.town-a.2");
  EXPECT_EQ(r.getAction(), schema::EscalationAction::SUMMON);
  EXPECT_EQ(r.getDueAt(), day("2023-09-04"));
  EXPECT_TRUE(r.getLate());
}

TEST_F(AgendaTest, AnApprovedExtensionMovesTheStepsNotYetRaised) {
  run(issuedAt);
  auto x = add(day("2023-07-20")).initExtensionDecided();
  x.initSubject().setDispatch("cmp.T1.town-a.1");
  x.setApproved(true);
  x.setDeadline("2023-08-10");
  x.setDeadlineAt(day("2023-08-11"));
  fold();
  auto steps = agenda.escalationsOf("cmp.T1.town-a.1", dir);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].at, day("2023-08-10"));
  EXPECT_EQ(steps[1].at, day("2023-08-14"));
  EXPECT_EQ(steps[1].dueAt, day("2023-08-11"));
  EXPECT_EQ(agenda.escalationsOf("cmp.T1.town-b.1", dir)[0].at, day("2023-07-31")) << "only its own subject moves";
  // A refused extension changes nothing.
  auto refused = add(day("2023-07-21")).initExtensionDecided();
  refused.initSubject().setDispatch("cmp.T1.town-b.1");
  refused.setApproved(false);
  fold();
  EXPECT_EQ(agenda.escalationsOf("cmp.T1.town-b.1", dir)[0].at, day("2023-07-31"));
}

TEST_F(AgendaTest, APlanWithoutALadderGetsTheDefaultOneAndHeadsSkipGroups) {
  capnp::MallocMessageBuilder message;
  auto campaign = message.initRoot<schema::Campaign>();
  campaign.setIssuer("county");
  auto ladder = ladderOf(campaign.asReader());
  ASSERT_EQ(ladder.size(), 4u);
  EXPECT_EQ(ladder[0].after, -kDay);
  EXPECT_EQ(ladder[3].after, 15 * kDay);
  EXPECT_EQ(ladder[3].to, schema::EscalationTarget::COVERING_LEADER);
  // town-a sits in the group `towns`; nobody heads a group, so its head is the county.
  EXPECT_EQ(addresseeOf(schema::EscalationTarget::ASSIGNEE_HEAD, "town-a", campaign.asReader(), dir), "county");
  EXPECT_EQ(addresseeOf(schema::EscalationTarget::COVERING_LEADER, "town-a", campaign.asReader(), dir), "county");
}

}  // namespace
}  // namespace qingling::domain
