// The scheduler against the real qinglingd on the simulation clock: a weekly task for five towns over six months
// with a three-step ladder (about 135 dispatches and 400 escalation steps). Every step must be recorded exactly
// once, at the instant it fell due, in order — also when the server is killed in the middle of a long advance —
// and a dispatch completed in time owes no further step. Deterministic: the sim clock only, no sleeps.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/local_date.h"
#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using domain::LocalDate;

constexpr int32_t kTz = 8 * 3600;
constexpr int64_t kDay = 86400LL * 1'000'000;
const std::vector<std::string> kSimArgs = {"--clock",      "sim", "--sim-start", "2023-05-20T08:00+08:00",
                                           "--io-threads", "2"};
const char* const kCampaign = "sched-test";
// Ladder: remind the town a day before, warn its head (the group is skipped: gov) two days after, notify the
// covering leader (director for town-1, else the issuer gov) five days after.
const int64_t kSteps[] = {-1 * kDay, 2 * kDay, 5 * kDay};

const char* const kPlan = R"({
  "format": "qingling.plan/v1",
  "campaign": {"id": "sched-test", "title": "weekly checks", "issuer": "gov", "issuedOn": "2023-05-20",
               "start": "2023-06-01", "end": "2023-11-30", "focus": []},
  "units": [
    {"id": "director", "name": "director", "kind": "position", "parent": "gov"},
    {"id": "towns", "name": "towns", "kind": "group", "parent": "gov"},
    {"id": "town-1", "name": "1", "kind": "jurisdiction", "parent": "towns"},
    {"id": "town-2", "name": "2", "kind": "jurisdiction", "parent": "towns"},
    {"id": "town-3", "name": "3", "kind": "jurisdiction", "parent": "towns"},
    {"id": "town-4", "name": "4", "kind": "jurisdiction", "parent": "towns"},
    {"id": "town-5", "name": "5", "kind": "jurisdiction", "parent": "towns"}],
  "tasks": [{"key": "T1", "title": "weekly check", "content": "", "assignees": ["towns"], "due": {"every": "week"}}],
  "duties": [{"holder": "director", "position": "director", "covers": ["town-1"], "industries": [], "items": []}],
  "escalation": [{"after": "-P1D", "action": "remind", "to": "assignee"},
                 {"after": "P2D", "action": "warn", "to": "assigneeHead"},
                 {"after": "P5D", "action": "notify", "to": "coveringLeader"}]
})";

int64_t dayStart(const LocalDate& d) { return domain::startOfLocalDay(d, kTz); }

struct Raised {
  std::string id, addressee;
  int64_t recordedAt = 0, dueAt = 0;
  bool late = false;
};

// Every event of one type, through the type index, in log order.
template <class F>
void readType(Client& client, const std::string& type, F&& each) {
  for (uint64_t from = 1; from != 0;) {
    Reply page = readAll(client, from, 0, type);
    ASSERT_TRUE(page->getBody().isEvents()) << describe(page);
    for (auto e : page->getBody().getEvents().getEvents()) each(e);
    from = page->getBody().getEvents().getNext();
  }
}

std::vector<Raised> escalations(Client& client) {
  std::vector<Raised> out;
  readType(client, "escalationRaised", [&](schema::EventEnvelope::Reader e) {
    auto r = e.getPayload().getEscalationRaised();
    out.push_back(Raised{r.getEscalationId(), r.getAddressee(), e.getRecordedAt(), r.getDueAt(), r.getLate()});
  });
  return out;
}

Reply ok(Reply reply) {
  EXPECT_TRUE(reply->getBody().isAppended()) << describe(reply);
  return reply;
}

Reply advance(Client& client, const std::string& by, const std::string& commandId) {
  return command(client, commandId, [&](schema::Command::Body::Builder b) { b.initAdvanceClock().setBy(by); });
}

void finish(Client& officer, const std::string& dispatchId) {
  ok(command(officer, "ack-" + dispatchId, [&](auto b) { b.initAcknowledgeDispatch().setDispatchId(dispatchId); }));
  ok(command(officer, "done-" + dispatchId, [&](auto b) {
    auto done = b.initCompleteDispatch();
    done.setDispatchId(dispatchId);
    done.setNote("checked");
  }));
}

// What the ladder owes by `until`, computed here from the calendar: escalation id → (due instant, addressee).
std::map<std::string, std::pair<int64_t, std::string>> owed(int64_t until) {
  std::map<std::string, std::pair<int64_t, std::string>> out;
  const LocalDate end = *LocalDate::parse("2023-11-30");
  uint32_t week = 1;
  for (LocalDate monday = *LocalDate::parse("2023-05-29"); monday <= end; monday = monday.plusDays(7), ++week) {
    const int64_t dueAt = domain::endOfLocalDay(std::min(monday.plusDays(6), end), kTz);
    for (int town = 1; town <= 5; ++town) {
      std::string dispatch = std::string(kCampaign) + ".T1.town-" + std::to_string(town) + "." + std::to_string(week);
      for (uint32_t step = 0; step < 3; ++step) {
        if (dueAt + kSteps[step] > until) continue;
        if (town == 2 && week == 3) continue;              // completed before its first step
        if (town == 3 && week == 4 && step > 0) continue;  // completed after the reminder
        std::string to = step == 0 ? "town-" + std::to_string(town) : step == 2 && town == 1 ? "director" : "gov";
        out[dispatch + "#" + std::to_string(step)] = {dueAt + kSteps[step], to};
      }
    }
  }
  return out;
}

TEST(SchedulerTest, EveryStepFiresOnceAtItsInstantAcrossAKilledAdvance) {
  ServerProcess server(kSimArgs);
  const int64_t start = dayStart(*LocalDate::parse("2023-05-20")) + 8 * 3600LL * 1'000'000;
  {
    Client admin = server.admin();
    ok(registerUnit(admin, "gov", "qingling", "unit-gov"));
    ok(registerUser(admin, "li", "gov", schema::Role::LEADER));
    Client leader = server.client(issueToken(admin, "li"));
    ok(command(leader, "import", [](auto b) { b.initImportPlan().setPlanJson(kPlan); }));
    ok(command(leader, "issue", [](auto b) { b.initIssueCampaign().setCampaignId(kCampaign); }));
    ok(registerUser(admin, "officer", "gov", schema::Role::DEPARTMENT));
    Client officer = server.client(issueToken(admin, "officer"));

    ok(advance(admin, "P28D", "adv-1"));  // 2023-06-17 08:00: weeks 1-3 dispatched
    finish(officer, "sched-test.T1.town-2.3");
    ok(advance(admin, "P8D", "adv-2"));  // 2023-06-25 08:00: week 4's reminder is out, its warning not yet
    finish(officer, "sched-test.T1.town-3.4");
    for (int i = 0; i < 6; ++i) ok(advance(admin, "P7D", "adv-week-" + std::to_string(i)));
  }

  // Kill the server while a long advance is working off its jobs; the clock event is in by then.
  Client watcher = server.admin();
  const uint64_t before = head(watcher).position;
  std::thread longAdvance([&server] {
    try {
      Client admin = server.admin();
      advance(admin, "P60D", "adv-long");
    } catch (const ClientError&) {
      // the server died under the request: expected
    }
  });
  while (head(watcher).position < before + 40) {
  }
  server.kill();
  longAdvance.join();
  server.start();

  Client admin = server.admin();
  Reply retried = ok(advance(admin, "P60D", "adv-long"));
  EXPECT_TRUE(retried->getBody().getAppended().getDuplicate()) << "the clock moved before the kill";
  for (int i = 0; i < 10; ++i) ok(advance(admin, "P7D", "adv-late-" + std::to_string(i)));
  const int64_t end = start + (28 + 8 + 6 * 7 + 60 + 10 * 7) * kDay;
  Reply status = admin.call([](Body body) { body.setStatus(); });
  ASSERT_EQ(status->getBody().getStatus().getNow(), end);

  auto expected = owed(end);
  auto raised = escalations(admin);
  EXPECT_GT(expected.size(), 390u);
  std::set<std::string> seen;
  int64_t previous = 0;
  for (const auto& r : raised) {
    EXPECT_TRUE(seen.insert(r.id).second) << r.id << " raised twice";
    auto it = expected.find(r.id);
    if (it == expected.end()) {
      ADD_FAILURE() << r.id << " was raised but is not owed";
      continue;
    }
    EXPECT_EQ(r.dueAt, it->second.first) << r.id;
    EXPECT_EQ(r.recordedAt, r.dueAt) << r.id << " recorded at another instant than it fell due";
    EXPECT_EQ(r.addressee, it->second.second) << r.id;
    EXPECT_FALSE(r.late) << r.id;
    EXPECT_GE(r.recordedAt, previous) << r.id << " out of order";
    previous = r.recordedAt;
  }
  EXPECT_EQ(seen.size(), expected.size()) << "steps were lost";

  size_t dispatches = 0;
  readType(admin, "taskDispatched", [&](schema::EventEnvelope::Reader e) {
    auto t = e.getPayload().getTaskDispatched();
    LocalDate periodStart = *LocalDate::parse(t.getPeriodStart().cStr());
    EXPECT_EQ(e.getRecordedAt(), std::max(start, dayStart(periodStart))) << t.getDispatchId().cStr();
    ++dispatches;
  });
  EXPECT_EQ(dispatches, 27u * 5);

  // A clean restart owes nothing more: nothing fires twice.
  const uint64_t settled = head(admin).position;
  ASSERT_EQ(server.stop(), 0);
  server.start();
  Client again = server.admin();
  EXPECT_EQ(head(again).position, settled);
}

TEST(SchedulerTest, IssuingOnTheWallClockDispatchesAndEscalatesWhatIsAlreadyDue) {
  ServerProcess server;
  Client admin = server.admin();
  Reply status = admin.call([](Body body) { body.setStatus(); });
  const int64_t now = status->getBody().getStatus().getNow();
  const LocalDate today = domain::localDateOf(now, kTz);
  // A campaign that began ten days ago with a task due five days ago: overdue the moment it goes out.
  std::string plan = std::string(kPlan);
  auto replace = [&plan](const std::string& from, const std::string& to) {
    plan.replace(plan.find(from), from.size(), to);
  };
  replace("\"2023-06-01\"", "\"" + today.plusDays(-10).str() + "\"");
  replace("\"2023-11-30\"", "\"" + today.plusDays(30).str() + "\"");
  replace("{\"every\": \"week\"}", "{\"by\": \"" + today.plusDays(-5).str() + "\"}");
  ok(registerUnit(admin, "gov", "qingling", "unit-gov"));
  ok(registerUser(admin, "li", "gov", schema::Role::LEADER));
  Client leader = server.client(issueToken(admin, "li"));
  ok(command(leader, "import", [&](auto b) { b.initImportPlan().setPlanJson(plan); }));
  ok(command(leader, "issue", [](auto b) { b.initIssueCampaign().setCampaignId(kCampaign); }));

  // Answered after the scheduler ran: the five dispatches and their overdue steps are already recorded.
  size_t dispatches = 0;
  readType(admin, "taskDispatched", [&](schema::EventEnvelope::Reader) { ++dispatches; });
  EXPECT_EQ(dispatches, 5u);
  auto raised = escalations(admin);
  EXPECT_EQ(raised.size(), 5u * 2) << "the reminder and the warning are overdue; the notice falls due later";
  for (const auto& r : raised) EXPECT_FALSE(r.late) << r.id;
  ASSERT_EQ(server.stop(), 0) << "the timer must not hold the shutdown up";
}

}  // namespace
}  // namespace qingling::server::testing
