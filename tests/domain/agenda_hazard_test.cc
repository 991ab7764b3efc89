// The agenda's hazard and tip deadlines, in memory: hazard, tip and extension events folded one by one, and the
// due escalation steps "run" the way the scheduler runs them — decideJob's event recorded at the job's instant and
// folded back — so instants, rounds, ids, addressees and the stop and resume rules are checked without a server.
// The escalations raised are also folded into the escalation board, which must show them.
//
// Units: gov → county → {insp (the finding section), office (the tip office), director (a position),
// town → ent (an enterprise)}. Campaign "cmp" (issuer county) has its own ladder and a duty of director covering
// town. Hazards outside a campaign get the default ladder: -P1D remind, P3D warn head, P7D notify issuer, P15D
// summon covering leader.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "domain/agenda.h"
#include "domain/local_date.h"
#include "domain/plan_import.h"
#include "domain/projections/escalation_board.h"
#include "tests/domain/china_days_for_test.h"

namespace qingling::domain {
namespace {

using Action = schema::EscalationAction;
using Ran = std::vector<std::pair<int64_t, std::string>>;

using testing::day;
using testing::kDay;
using testing::kHour;

const char* const kPlan = R"({
  "format": "qingling.plan/v1",
  "campaign": {"id": "cmp", "title": "test", "issuer": "county", "issuedOn": "2023-07-01",
               "start": "2023-07-01", "end": "2023-12-31", "timezone": "Asia/Shanghai", "focus": []},
  "units": [
    {"id": "county", "name": "county", "kind": "jurisdiction", "parent": "gov"},
    {"id": "insp", "name": "inspection section", "kind": "section", "parent": "county"},
    {"id": "office", "name": "tip office", "kind": "section", "parent": "county"},
    {"id": "director", "name": "director", "kind": "position", "parent": "county"},
    {"id": "town", "name": "town", "kind": "jurisdiction", "parent": "county"},
    {"id": "ent", "name": "enterprise", "kind": "enterprise", "parent": "town"}],
  "tasks": [],
  "duties": [{"holder": "director", "position": "director", "covers": ["town"], "industries": [], "items": []}],
  "escalation": [{"after": "-P2D", "action": "remind", "to": "assignee"},
                 {"after": "P1D", "action": "warn", "to": "assigneeHead"},
                 {"after": "P4D", "action": "notify", "to": "issuer"},
                 {"after": "P9D", "action": "list", "to": "coveringLeader"}]
})";

// The deadline of the hazards below: the end of 2023-07-10, local.
const int64_t kDeadline = day("2023-07-11");

class AgendaHazardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = parsePlan(kPlan, [](const std::string& id) -> std::optional<std::string> {
      if (id == "gov") return "";
      return std::nullopt;
    });
    ASSERT_TRUE(std::holds_alternative<ParsedPlan>(parsed)) << std::get<PlanError>(parsed).message;
    auto plan = std::get<ParsedPlan>(parsed).document();
    auto gov = add(day("2023-06-20")).initUnitRegistered().initUnit();
    gov.setId("gov");
    gov.setKind(schema::UnitKind::GOVERNMENT);
    fold();
    for (auto unit : plan.getUnits()) {
      add(day("2023-06-20")).initUnitRegistered().setUnit(unit);
      fold();
    }
    add(day("2023-06-21")).initCampaignDrafted().setCampaign(plan.getCampaign());
    fold();
    add(day("2023-06-22")).initCampaignIssued().setCampaignId("cmp");
    fold();
  }

  schema::Event::Builder add(int64_t at, const std::string& actorUnit = "insp") {
    auto& message = log_.emplace_back(std::make_unique<capnp::MallocMessageBuilder>());
    auto e = message->initRoot<schema::EventEnvelope>();
    e.setPosition(log_.size());
    e.setStreamVersion(1);
    e.setRecordedAt(at);
    e.initActor().setUnit(actorUnit);
    return e.initPayload();
  }
  void fold() {
    auto e = log_.back()->getRoot<schema::EventEnvelope>().asReader();
    dir.evolve(e.getPayload());
    agenda.apply(e);
  }

  void record(int64_t at, const std::string& id, int64_t deadlineAt, const std::string& campaign = "",
              const std::string& enterprise = "ent") {
    auto r = add(at).initHazardRecorded();
    r.setHazardId(id);
    r.setEnterprise(enterprise);
    r.setCampaignId(campaign);
    r.setGrade(schema::HazardGrade::MAJOR);
    r.setFoundBy("insp");
    r.setDeadlineAt(deadlineAt);
    fold();
  }
  void rectified(int64_t at, const std::string& id) {
    add(at, "ent").initHazardRectified().setHazardId(id);
    fold();
  }
  void verified(int64_t at, const std::string& id, bool passed) {
    auto v = add(at).initHazardVerified();
    v.setHazardId(id);
    v.setPassed(passed);
    fold();
  }
  void closed(int64_t at, const std::string& id) {
    add(at).initHazardClosed().setHazardId(id);
    fold();
  }
  void reopened(int64_t at, const std::string& id) {
    add(at).initHazardReopened().setHazardId(id);
    fold();
  }
  void listed(int64_t at, const std::string& id, int64_t deadlineAt) {
    auto l = add(at, "county").initHazardListed();
    l.setHazardId(id);
    l.setAuthority("county");
    l.setDeadlineAt(deadlineAt);
    fold();
  }
  void extended(int64_t at, const std::string& id, int64_t deadlineAt) {
    auto x = add(at, "county").initExtensionDecided();
    x.initSubject().setHazard(id);
    x.setApproved(true);
    x.setDeadlineAt(deadlineAt);
    fold();
  }
  void tipReceived(int64_t at, const std::string& id, const std::string& office, int64_t verifyBy) {
    auto t = add(at, office).initTipReceived();
    t.setTipId(id);
    t.setEnterprise("ent");
    t.setContent("fire exits blocked");
    t.setAnonymous(true);
    t.setVerifyBy(verifyBy);
    fold();
  }

  // Runs every job due by t one at a time, as the scheduler does; returns (at, id) in the order run.
  Ran run(int64_t t) {
    Ran ran;
    for (auto jobs = agenda.dueUpTo(t, dir); !jobs.empty(); jobs = agenda.dueUpTo(t, dir)) {
      const Job& job = jobs.front();
      EXPECT_TRUE(agenda.stillDue(job)) << job.id;
      Emitted emitted = decideJob(job, false);
      EXPECT_EQ(emitted.streams[0].streamId, job.streamId());
      EXPECT_EQ(emitted.streams[0].expect, StreamExpectation::noStream);
      streams.push_back(emitted.streams[0].streamId);
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

  // The escalationRaised events in the log, in order.
  std::vector<schema::EscalationRaised::Reader> raised() const {
    std::vector<schema::EscalationRaised::Reader> out;
    for (const auto& m : log_) {
      auto p = m->getRoot<schema::EventEnvelope>().asReader().getPayload();
      if (p.isEscalationRaised()) out.push_back(p.getEscalationRaised());
    }
    return out;
  }

  std::vector<std::unique_ptr<capnp::MallocMessageBuilder>> log_;
  std::vector<std::string> streams;
  Directory dir;
  Agenda agenda;
};

TEST_F(AgendaHazardTest, StepsFallDueAtTheDeadlinePlusEachOffsetInOrder) {
  record(day("2023-07-01"), "h1", kDeadline);
  EXPECT_EQ(agenda.nextAfter(day("2023-07-01"), dir), kDeadline - kDay);
  Ran expected = {{kDeadline - kDay, "hazard:h1#0"},
                  {kDeadline + 3 * kDay, "hazard:h1#1"},
                  {kDeadline + 7 * kDay, "hazard:h1#2"},
                  {kDeadline + 15 * kDay, "hazard:h1#3"}};
  EXPECT_EQ(run(kDeadline + 30 * kDay), expected);
  EXPECT_EQ(streams, (std::vector<std::string>{"escalation-hazard:h1-0", "escalation-hazard:h1-1",
                                               "escalation-hazard:h1-2", "escalation-hazard:h1-3"}));

  auto events = raised();
  ASSERT_EQ(events.size(), 4u);
  // Outside any campaign: the enterprise, its head, then the finding unit stands in for the issuer (and for the
  // covering leader nobody names).
  std::vector<std::string> addressees;
  for (auto e : events) addressees.emplace_back(e.getAddressee().cStr());
  EXPECT_EQ(addressees, (std::vector<std::string>{"ent", "town", "insp", "insp"}));
  EXPECT_TRUE(events[0].getSubject().isHazard());
  EXPECT_EQ(std::string(events[0].getSubject().getHazard()), "h1");
  EXPECT_EQ(std::string(events[0].getEscalationId()), "hazard:h1#0");
  EXPECT_EQ(std::string(events[0].getCampaignId()), "");
  EXPECT_EQ(events[1].getAction(), Action::WARN);
  EXPECT_EQ(events[3].getDueAt(), kDeadline + 15 * kDay);
  EXPECT_FALSE(events[3].getLate());

  EXPECT_TRUE(run(kDeadline + 60 * kDay).empty()) << "nothing runs twice";
  EXPECT_EQ(agenda.nextAfter(kDeadline, dir), std::nullopt);
}

TEST_F(AgendaHazardTest, AHazardOfACampaignGetsItsLadderAndItsPeopleAndShowsOnTheBoard) {
  record(day("2023-07-01"), "h2", kDeadline, "cmp");
  Ran expected = {{kDeadline - 2 * kDay, "hazard:h2#0"},
                  {kDeadline + 1 * kDay, "hazard:h2#1"},
                  {kDeadline + 4 * kDay, "hazard:h2#2"},
                  {kDeadline + 9 * kDay, "hazard:h2#3"}};
  EXPECT_EQ(run(kDeadline + 30 * kDay), expected);
  auto events = raised();
  ASSERT_EQ(events.size(), 4u);
  std::vector<std::string> addressees;
  for (auto e : events) addressees.emplace_back(e.getAddressee().cStr());
  // The covering leader of ent is the duty covering its town.
  EXPECT_EQ(addressees, (std::vector<std::string>{"ent", "town", "county", "director"}));
  EXPECT_EQ(std::string(events[0].getCampaignId()), "cmp");
  EXPECT_EQ(events[3].getAction(), Action::LIST);

  // The board of the campaign, asked within the county, and the board of the town without campaign filter.
  auto boardIds = [&](const std::string& campaign, const std::string& unit) {
    projections::EscalationBoard board(campaign, unit, dir);
    for (const auto& m : log_) board.apply(m->getRoot<schema::EventEnvelope>().asReader());
    capnp::MallocMessageBuilder out;
    board.write(out.initRoot<schema::EscalationBoard>(), kDeadline + 30 * kDay);
    std::vector<std::string> ids;
    for (auto row : out.getRoot<schema::EscalationBoard>().asReader().getRows()) {
      EXPECT_TRUE(row.getSubject().isHazard());
      ids.emplace_back(row.getEscalationId().cStr());
    }
    return ids;
  };
  EXPECT_EQ(boardIds("cmp", "county"),
            (std::vector<std::string>{"hazard:h2#0", "hazard:h2#1", "hazard:h2#2", "hazard:h2#3"}));
  EXPECT_EQ(boardIds("", "town"), (std::vector<std::string>{"hazard:h2#0", "hazard:h2#1"}));
  EXPECT_TRUE(boardIds("other", "").empty());

  // Each escalation is indexed under its addressee, the enterprise and the campaign: the board's reads find it.
  auto last = log_.back()->getRoot<schema::EventEnvelope>().asReader();
  std::vector<std::string> units;
  for (auto u : last.getUnits()) units.emplace_back(u.cStr());
  EXPECT_EQ(units, (std::vector<std::string>{"director", "ent", "campaign:cmp"}));
}

TEST_F(AgendaHazardTest, ReportingRectifiedStopsStepsAndAFailedVerificationBringsSkippedOnesBackAtOnce) {
  record(day("2023-07-01"), "h1", kDeadline);
  run(kDeadline + 3 * kDay);  // the reminder and the warning are out
  rectified(kDeadline + 4 * kDay, "h1");
  EXPECT_TRUE(run(kDeadline + 20 * kDay).empty());
  EXPECT_EQ(agenda.nextAfter(kDeadline + 4 * kDay, dir), std::nullopt);

  const int64_t failedAt = kDeadline + 20 * kDay + 5 * kHour;
  verified(failedAt, "h1", false);
  auto jobs = agenda.dueUpTo(failedAt, dir);
  ASSERT_EQ(jobs.size(), 2u);
  // Both steps were skipped while the hazard stood rectified: they fall due at the failed verification.
  EXPECT_EQ(jobs[0].id, "hazard:h1#2");
  EXPECT_EQ(jobs[0].at, failedAt);
  EXPECT_EQ(jobs[1].id, "hazard:h1#3");
  EXPECT_EQ(jobs[1].at, failedAt);
  EXPECT_TRUE(agenda.dueUpTo(failedAt - 1, dir).empty());
  EXPECT_EQ(run(failedAt).size(), 2u);
}

TEST_F(AgendaHazardTest, AFailureBeforeAStepKeepsItsInstant) {
  record(day("2023-07-01"), "h1", kDeadline);
  run(kDeadline + 3 * kDay);
  rectified(kDeadline + 4 * kDay, "h1");
  verified(kDeadline + 5 * kDay, "h1", false);  // before step 2 (deadline + 7 days) was skipped
  Ran expected = {{kDeadline + 7 * kDay, "hazard:h1#2"}, {kDeadline + 15 * kDay, "hazard:h1#3"}};
  EXPECT_EQ(run(kDeadline + 30 * kDay), expected);
}

TEST_F(AgendaHazardTest, AClosedHazardOwesNothingUntilItIsReopened) {
  record(day("2023-07-01"), "h1", kDeadline);
  rectified(day("2023-07-05"), "h1");
  verified(day("2023-07-06"), "h1", true);
  closed(day("2023-07-07"), "h1");
  EXPECT_TRUE(agenda.dueUpTo(kDeadline + 60 * kDay, dir).empty());
  EXPECT_EQ(agenda.nextAfter(day("2023-07-07"), dir), std::nullopt);

  const int64_t reopenedAt = kDeadline + 5 * kDay;
  reopened(reopenedAt, "h1");
  Ran expected = {{reopenedAt, "hazard:h1#0"},
                  {reopenedAt, "hazard:h1#1"},
                  {kDeadline + 7 * kDay, "hazard:h1#2"},
                  {kDeadline + 15 * kDay, "hazard:h1#3"}};
  EXPECT_EQ(run(kDeadline + 60 * kDay), expected);
}

TEST_F(AgendaHazardTest, ListingStartsAFreshRoundAgainstTheListingDeadlineWithItsOwnIds) {
  record(day("2023-07-01"), "h3", kDeadline);
  run(kDeadline + 3 * kDay);  // hazard:h3#0 and #1 raised against the rectification deadline
  const int64_t listedAt = kDeadline + 4 * kDay;
  const int64_t listingDeadline = kDeadline + 30 * kDay;
  listed(listedAt, "h3", listingDeadline);
  // The rectification round ends at the listing: its steps 2 and 3 are never owed. The listing round owes
  // every step, the same step indexes as those raised before included, under its own ids.
  Ran expected = {{listingDeadline - kDay, "hazard-listed:h3#0"},
                  {listingDeadline + 3 * kDay, "hazard-listed:h3#1"},
                  {listingDeadline + 7 * kDay, "hazard-listed:h3#2"},
                  {listingDeadline + 15 * kDay, "hazard-listed:h3#3"}};
  EXPECT_EQ(run(listingDeadline + 60 * kDay), expected);
  EXPECT_EQ(streams.back(), "escalation-hazard-listed:h3-3");
  auto events = raised();
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(std::string(events[4].getAddressee()), "county") << "the listing authority stands in for the issuer";
  EXPECT_EQ(std::string(events[2].getSubject().getHazard()), "h3");
}

TEST_F(AgendaHazardTest, AListingBeforeTheDeadlineSupersedesTheWholeFirstRound) {
  record(day("2023-07-01"), "h3", kDeadline);
  const int64_t listedAt = day("2023-07-03");
  listed(listedAt, "h3", kDeadline + 10 * kDay);
  auto jobs = agenda.dueUpTo(kDeadline + 60 * kDay, dir);
  ASSERT_EQ(jobs.size(), 4u);
  for (const auto& job : jobs) EXPECT_TRUE(job.id.starts_with("hazard-listed:h3#")) << job.id;
  EXPECT_EQ(jobs[0].round, 1u);
  EXPECT_EQ(jobs[0].dueAt, kDeadline + 10 * kDay);
}

TEST_F(AgendaHazardTest, AnExtensionMovesTheStepsNotYetRaised) {
  record(day("2023-07-01"), "h1", kDeadline);
  run(kDeadline);  // the reminder is out
  auto before = agenda.dueUpTo(kDeadline + 3 * kDay, dir);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].id, "hazard:h1#1");

  const int64_t newDeadline = kDeadline + 10 * kDay;
  extended(kDeadline + kHour, "h1", newDeadline);
  EXPECT_FALSE(agenda.stillDue(before[0])) << "a job listed before the extension is no longer due then";
  EXPECT_TRUE(agenda.dueUpTo(kDeadline + 3 * kDay, dir).empty());
  // The reminder stays raised; the other steps count from the new deadline.
  Ran expected = {{newDeadline + 3 * kDay, "hazard:h1#1"},
                  {newDeadline + 7 * kDay, "hazard:h1#2"},
                  {newDeadline + 15 * kDay, "hazard:h1#3"}};
  EXPECT_EQ(run(newDeadline + 60 * kDay), expected);
}

TEST_F(AgendaHazardTest, NoDeadlineOrNoEnterpriseMeansNoEscalation) {
  record(day("2023-07-01"), "h0", 0);
  record(day("2023-07-01"), "ghost", kDeadline, "", "gone-enterprise");
  EXPECT_TRUE(agenda.dueUpTo(kDeadline + 60 * kDay, dir).empty());
  EXPECT_EQ(agenda.nextAfter(day("2023-07-01"), dir), std::nullopt);
}

TEST_F(AgendaHazardTest, ATipEscalatesWithinItsOfficeUntilVerified) {
  const int64_t receivedAt = day("2023-07-01") + 9 * kHour;
  const int64_t verifyBy = receivedAt + kTipVerifyMicros;
  tipReceived(receivedAt, "t1", "office", verifyBy);
  Ran expected = {{verifyBy - kDay, "tip:t1#0"}, {verifyBy + 3 * kDay, "tip:t1#1"}};
  EXPECT_EQ(run(verifyBy + 5 * kDay), expected);
  EXPECT_EQ(streams, (std::vector<std::string>{"escalation-tip:t1-0", "escalation-tip:t1-1"}));
  auto pending = agenda.escalationsOf(schema::SubjectRef::TIP, "t1", dir);
  ASSERT_EQ(pending.size(), 2u);
  // Assignee and assignee-head steps address the office; the issuer's and covering leader's its head.
  EXPECT_EQ(std::string(raised()[0].getAddressee()), "office");
  EXPECT_EQ(std::string(raised()[1].getAddressee()), "office");
  EXPECT_EQ(pending[0].addressee, "county");
  EXPECT_EQ(pending[1].addressee, "county");
  EXPECT_TRUE(raised()[0].getSubject().isTip());

  auto v = add(verifyBy + 5 * kDay, "office").initTipVerified();
  v.setTipId("t1");
  v.setSubstantiated(false);
  fold();
  EXPECT_TRUE(run(verifyBy + 60 * kDay).empty());
}

TEST_F(AgendaHazardTest, AnExtendedTipCountsFromItsNewDeadlineAndARootOfficeAnswersItself) {
  const int64_t receivedAt = day("2023-07-01");
  tipReceived(receivedAt, "t2", "gov", receivedAt + kTipVerifyMicros);
  const int64_t verifyBy = receivedAt + kTipVerifyMicros + 30 * kDay;
  auto x = add(receivedAt + 10 * kDay, "gov").initTipVerificationExtended();
  x.setTipId("t2");
  x.setVerifyBy(verifyBy);
  fold();
  auto jobs = agenda.escalationsOf(schema::SubjectRef::TIP, "t2", dir);
  ASSERT_EQ(jobs.size(), 4u);
  EXPECT_EQ(jobs[0].at, verifyBy - kDay);
  EXPECT_EQ(jobs[3].at, verifyBy + 15 * kDay);
  for (const auto& job : jobs) EXPECT_EQ(job.addressee, "gov") << "nobody heads gov";
}

TEST_F(AgendaHazardTest, RaisedStepsStayRaisedForAnAgendaRebuiltFromTheLog) {
  record(day("2023-07-01"), "h1", kDeadline, "cmp");
  tipReceived(day("2023-07-01"), "t1", "office", day("2023-07-20"));
  listed(kDeadline + 2 * kDay, "h1", kDeadline + 20 * kDay);
  const int64_t t = kDeadline + 25 * kDay;
  EXPECT_FALSE(run(t).empty());
  Agenda rebuilt;
  for (const auto& m : log_) rebuilt.apply(m->getRoot<schema::EventEnvelope>().asReader());
  EXPECT_TRUE(rebuilt.dueUpTo(t, dir).empty());
  EXPECT_EQ(rebuilt.nextAfter(t, dir), agenda.nextAfter(t, dir));
}

TEST(EscalationKeyTest, KeysOfDifferentDeadlinesNeverMeet) {
  using S = schema::SubjectRef;
  EXPECT_EQ(escalationKey(S::DISPATCH, "cmp.T1.town.1/ent", 0), "cmp.T1.town.1/ent");
  EXPECT_EQ(escalationKey(S::HAZARD, "h1", 0), "hazard:h1");
  EXPECT_EQ(escalationKey(S::HAZARD, "h1", 1), "hazard-listed:h1");
  EXPECT_EQ(escalationKey(S::HAZARD, "h1", 2), "hazard-listed2:h1");
  EXPECT_EQ(escalationKey(S::TIP, "h1", 0), "tip:h1");
  // A hazard id that looks like another round's key still makes another key.
  EXPECT_NE(escalationKey(S::HAZARD, "listed:h1", 0), escalationKey(S::HAZARD, "h1", 1));
}

}  // namespace
}  // namespace qingling::domain
