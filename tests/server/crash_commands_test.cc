// kill -9 of qinglingd under concurrent domain commands, over and over, with the scheduler firing on the simulation
// clock. Every round starts one client process per town (crash_load_client: a department officer recording
// hazards, taking them through rectification, verification and closing, working off the town's dispatches and
// acknowledging its escalations) and one moving the clock across dispatch periods and escalation deadlines; each
// logs every acknowledged command. The test follows the log on a subscription and sends SIGKILL after a number of
// committed events drawn from a seeded RNG — half of the time right as a scheduler event comes by, so kills land in
// the middle of the scheduler's runs — then restarts qinglingd on the same data dir and checks:
//   1. every acknowledged command's events are in the log exactly once, at the positions, stream and version its
//      answer gave; every command id's events form one append; a retried acknowledged command is a duplicate
//      answered with its first result, and appends nothing;
//   2. the hash chain verifies up to the head;
//   3. projections equal a fresh rebuild: each town's task list, hazard ledger and escalation board and the
//      campaign's progress, as the restarted server answers them (through its unit and campaign indexes, with its
//      live directory), equal the same projections folded here from a full read of the log by position;
//   4. the scheduler fired nothing twice (no dispatch made twice, no escalation step of a subject and round raised
//      twice) and lost nothing: a domain::Agenda folded here from the log owes no job due by the server's now.
// Queries cache nothing (server/query_service.h), but the server keeps its directory and the scheduler's agenda in
// memory and answers through secondary indexes written with the events: (3) and (4) catch any of these out of step
// with the log after a crash. Sized by constants below; smaller rounds, not fewer kills, under sanitizers.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/agenda.h"
#include "domain/directory.h"
#include "domain/projections/campaign_progress.h"
#include "domain/projections/escalation_board.h"
#include "domain/projections/hazard_ledger.h"
#include "domain/projections/task_list.h"
#include "schemas/json_codec.h"
#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"
#include "tests/support/sanitized_build.h"

extern char** environ;

namespace qingling::server::testing {
namespace {

inline constexpr bool kSanitized = qingling::testing::kSanitizedBuild;

constexpr int kKills = 32;
constexpr int kTowns = 4;
constexpr uint32_t kSeed = 20230601;
// Committed events per round before the kill, drawn in [kMinEvents, kMaxEvents]; the clock moves about every
// kClockPace of the workers' events.
constexpr int kMinEvents = kSanitized ? 10 : 20;
constexpr int kMaxEvents = kSanitized ? 60 : 160;
constexpr int kClockPace = kSanitized ? 12 : 25;
constexpr int kRetriesPerCheck = 8;
constexpr int kNoEventTimeoutMs = 120'000;  // a round that commits nothing for this long has failed

const std::vector<std::string> kSimArgs = {"--clock",      "sim", "--sim-start", "2023-05-31T20:00+08:00",
                                           "--io-threads", "2"};
const char* const kCampaign = "crash-drill";
// A weekly task for every town and a monthly one for every enterprise, with a three-step ladder.
const char* const kPlan = R"({
  "format": "qingling.plan/v1",
  "campaign": {"id": "crash-drill", "title": "crash drill", "issuer": "gov", "issuedOn": "2023-05-31",
               "start": "2023-06-01", "end": "2024-05-31", "focus": []},
  "units": [],
  "tasks": [
    {"key": "T1", "title": "weekly check", "content": "", "assignees": ["towns"], "due": {"every": "week"}},
    {"key": "T2", "title": "self inspection", "content": "", "due": {"every": "month"},
     "assignees": ["ent-1-1", "ent-1-2", "ent-2-1", "ent-2-2", "ent-3-1", "ent-3-2", "ent-4-1", "ent-4-2"]}],
  "duties": [],
  "escalation": [{"after": "-P1D", "action": "remind", "to": "assignee"},
                 {"after": "P1D", "action": "warn", "to": "assigneeHead"},
                 {"after": "P3D", "action": "notify", "to": "issuer"}]
})";

std::string town(int t) { return "town-" + std::to_string(t); }
std::string officer(int t) { return "officer-" + std::to_string(t); }

// An acknowledged command, as a client process logged its answer.
struct Ack {
  std::string commandId, user, stream, body;
  uint64_t first = 0, last = 0, version = 0;
};

struct Totals {
  size_t acksChecked = 0, eventsRead = 0, firingsChecked = 0, retries = 0, projections = 0, rows = 0;
  size_t dispatched = 0, raised = 0;  // in the log at the last check
};

// The command's name: the key of its capnp-json body.
std::string kindOf(const Ack& ack) {
  const size_t open = ack.body.find('"') + 1;
  return ack.body.substr(open, ack.body.find('"', open) - open);
}

Reply ok(Reply reply) {
  EXPECT_TRUE(reply->getBody().isAppended()) << describe(reply);
  return reply;
}

Reply json(Client& client, const std::string& commandId, const std::string& bodyJson) {
  return command(client, commandId, [&](schema::Command::Body::Builder body) { schema::fromJson(bodyJson, body); });
}

// Starts a crash_load_client with `args`, its output going to `outputFile`.
pid_t spawnClient(const std::vector<std::string>& args, const std::string& outputFile) {
  std::vector<char*> argv{const_cast<char*>(CRASH_LOAD_CLIENT_PATH)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, CRASH_LOAD_CLIENT_PATH, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start crash_load_client");
  return pid;
}

std::string fileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The A lines of an ack file (crash_load_client.cc); any other line is a failure.
void readAcks(const std::string& path, std::vector<Ack>& out) {
  std::istringstream lines(fileText(path));
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, '\t');) f.push_back(field);
    if (f.size() != 8 || f[0] != "A") {
      ADD_FAILURE() << path << ": " << line;
      continue;
    }
    out.push_back(Ack{f[1], f[2], f[3], f[7], std::stoull(f[4]), std::stoull(f[5]), std::stoull(f[6])});
  }
}

class CrashCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Client admin = server_.admin();
    tokens_["admin"] = server_.adminToken();
    ok(registerUnit(admin, "gov", "qingling", "unit-gov"));
    ok(json(admin, "unit-towns", R"({"registerUnit":{"id":"towns","name":"towns","kind":"group","parent":"gov"}})"));
    for (int t = 1; t <= kTowns; ++t) {
      ok(json(admin, "unit-" + town(t),
              R"({"registerUnit":{"id":")" + town(t) + R"(","name":"t","kind":"jurisdiction","parent":"towns"}})"));
      for (int e = 1; e <= 2; ++e) {
        const std::string id = "ent-" + std::to_string(t) + "-" + std::to_string(e);
        ok(json(
            admin, "unit-" + id,
            R"({"registerUnit":{"id":")" + id + R"(","name":"e","kind":"enterprise","parent":")" + town(t) + R"("}})"));
      }
      ok(registerUser(admin, officer(t), town(t), schema::Role::DEPARTMENT));
      tokens_[officer(t)] = issueToken(admin, officer(t));
    }
    ok(registerUser(admin, "li", "gov", schema::Role::LEADER));
    tokens_["li"] = issueToken(admin, "li");
    Client leader = server_.client(tokens_["li"]);
    ok(command(leader, "import", [](auto b) { b.initImportPlan().setPlanJson(kPlan); }));
    ok(command(leader, "issue", [](auto b) { b.initIssueCampaign().setCampaignId(kCampaign); }));
  }

  // One round: the clients run until the kill; their acks are added to acks_. Returns how the kill was triggered.
  std::string runUntilKilled(int round, std::mt19937& rng);
  void check(std::mt19937& rng);

  ServerProcess server_{kSimArgs};
  TempDir clientDir_;
  std::map<std::string, std::string> tokens_;  // user -> token
  std::vector<Ack> acks_;
  Totals totals_;
};

std::string CrashCommandsTest::runUntilKilled(int round, std::mt19937& rng) {
  const int threshold = std::uniform_int_distribution<int>(kMinEvents, kMaxEvents)(rng);
  const bool atSchedulerEvent = rng() % 2 == 0;
  const std::string tag = "r" + std::to_string(round);
  Client watcher = server_.admin();
  const uint64_t from = head(watcher).position + 1;
  const uint64_t id = watcher.send([&](Body body) { body.initSubscribe().setFromPosition(from); });

  std::vector<std::pair<pid_t, std::string>> children;  // pid, ack file
  const std::string port = std::to_string(server_.port());
  auto start = [&](const std::string& role, const std::string& user, const std::string& arg) {
    const std::string file = clientDir_.path() + "/" + tag + "-" + user;
    const std::string seed = std::to_string(rng());
    children.emplace_back(spawnClient({role, port, tokens_[user], user, arg, seed, tag, file + ".acks"}, file + ".out"),
                          file);
  };
  for (int t = 1; t <= kTowns; ++t) start("worker", officer(t), town(t));
  start("clock", "admin", std::to_string(kClockPace));

  int seen = 0;
  std::string how;
  while (how.empty()) {
    pollfd p{watcher.fd(), POLLIN, 0};
    if (::poll(&p, 1, kNoEventTimeoutMs) != 1) {
      ADD_FAILURE() << tag << ": nothing was committed for " << kNoEventTimeoutMs << " ms";
      how = "timeout";
      break;
    }
    Reply page = watcher.receive();
    if (page->getRequestId() != id || !page->getBody().isEvents()) {
      ADD_FAILURE() << tag << ": " << describe(page);
      how = "subscription failed";
      break;
    }
    for (auto e : page->getBody().getEvents().getEvents()) {
      ++seen;
      const bool scheduler = std::string(e.getCommandId().cStr()).rfind("sched:", 0) == 0;
      if (atSchedulerEvent && scheduler && seen >= threshold / 2) how = "at a scheduler event";
    }
    if (how.empty() && seen >= (atSchedulerEvent ? 3 * threshold : threshold)) how = "after committed events";
  }
  server_.kill();
  for (const auto& [pid, file] : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << file << " ended with status " << status << ":\n"
                                                               << fileText(file + ".out") << fileText(file + ".acks");
    readAcks(file + ".acks", acks_);
  }
  return how + " (" + std::to_string(seen) + " seen)";
}

// Folds here what the server answers, from a full read of the log by position.
struct Rebuild {
  domain::Directory dir;
  domain::Agenda agenda;
  std::vector<domain::projections::TaskList> tasks;
  std::vector<domain::projections::HazardLedger> ledgers;
  std::vector<domain::projections::EscalationBoard> boards;
  domain::projections::CampaignProgress progress{kCampaign};

  Rebuild() {
    for (int t = 1; t <= kTowns; ++t) {
      tasks.emplace_back(town(t), dir);
      ledgers.emplace_back(domain::projections::HazardLedgerFilter{.unit = town(t)}, dir);
      boards.emplace_back("", town(t), dir);
    }
  }
  void apply(schema::EventEnvelope::Reader e) {
    dir.evolve(e.getPayload());
    agenda.apply(e);
    for (auto& p : tasks) p.apply(e);
    for (auto& p : ledgers) p.apply(e);
    for (auto& p : boards) p.apply(e);
    progress.apply(e);
  }
};

// The projection's answer as the server would write it, in capnp-json.
template <class Answer, class Projection>
std::string rebuilt(const Projection& projection, int64_t now) {
  capnp::MallocMessageBuilder message;
  auto out = message.initRoot<Answer>();
  projection.write(out, now);
  out.setAsOf(now);
  return schema::toJson(out.asReader());
}

void CrashCommandsTest::check(std::mt19937& rng) {
  Client admin = server_.admin();
  Reply status = admin.call([](Body body) { body.setStatus(); });
  const int64_t now = status->getBody().getStatus().getNow();
  const uint64_t top = status->getBody().getStatus().getHead().getPosition();

  // (1), (4): the whole log by position.
  Rebuild rebuild;
  std::map<std::string, std::vector<uint64_t>> byCommand;
  std::map<uint64_t, std::pair<std::string, uint64_t>> streamOf;  // position -> (stream, version)
  std::set<std::string> dispatched, raised;
  uint64_t expected = 1;
  for (uint64_t next = 1; next != 0;) {
    Reply page = readAll(admin, next);
    ASSERT_TRUE(page->getBody().isEvents()) << describe(page);
    for (auto e : page->getBody().getEvents().getEvents()) {
      ASSERT_EQ(e.getPosition(), expected++) << "positions are not dense";
      byCommand[e.getCommandId()].push_back(e.getPosition());
      streamOf[e.getPosition()] = {e.getStreamId(), e.getStreamVersion()};
      auto payload = e.getPayload();
      if (payload.isTaskDispatched()) {
        ++totals_.firingsChecked;
        EXPECT_TRUE(dispatched.insert(payload.getTaskDispatched().getDispatchId()).second)
            << payload.getTaskDispatched().getDispatchId().cStr() << " dispatched twice";
      } else if (payload.isEscalationRaised() && !payload.getEscalationRaised().getManual()) {
        ++totals_.firingsChecked;
        EXPECT_TRUE(raised.insert(payload.getEscalationRaised().getEscalationId()).second)
            << payload.getEscalationRaised().getEscalationId().cStr() << " raised twice";
      }
      rebuild.apply(e);
    }
    next = page->getBody().getEvents().getNext();
  }
  ASSERT_EQ(expected - 1, top) << "the log read ends before the head";
  totals_.eventsRead += top;
  totals_.dispatched = dispatched.size();
  totals_.raised = raised.size();
  for (const auto& [commandId, at] : byCommand) {
    for (size_t i = 1; i < at.size(); ++i) {
      EXPECT_EQ(at[i], at[i - 1] + 1) << "command " << commandId << " has events in more than one append";
    }
  }
  for (const Ack& ack : acks_) {
    auto it = byCommand.find(ack.commandId);
    if (it == byCommand.end()) {
      ADD_FAILURE() << "acknowledged command " << ack.commandId << " is lost";
      continue;
    }
    EXPECT_EQ(it->second.front(), ack.first) << ack.commandId;
    EXPECT_EQ(it->second.back(), ack.last) << ack.commandId;
    EXPECT_EQ(streamOf[ack.last], std::make_pair(ack.stream, ack.version)) << ack.commandId;
  }
  totals_.acksChecked += acks_.size();

  std::map<std::string, std::unique_ptr<Client>> as;
  for (const auto& [user, token] : tokens_) as[user] = std::make_unique<Client>("127.0.0.1", server_.port(), token);
  std::uniform_int_distribution<size_t> pick(0, acks_.size() - 1);
  for (int i = 0; i < kRetriesPerCheck && !acks_.empty(); ++i, ++totals_.retries) {
    const Ack& ack = acks_[pick(rng)];
    Reply retry = json(*as.at(ack.user), ack.commandId, ack.body);
    ASSERT_TRUE(retry->getBody().isAppended()) << ack.commandId << ": " << describe(retry);
    auto a = retry->getBody().getAppended();
    EXPECT_TRUE(a.getDuplicate()) << ack.commandId;
    EXPECT_EQ(a.getFirstPosition(), ack.first) << ack.commandId;
    EXPECT_EQ(a.getLastPosition(), ack.last) << ack.commandId;
    EXPECT_EQ(a.getStreamVersion(), ack.version) << ack.commandId;
    EXPECT_EQ(std::string(a.getStreamId().cStr()), ack.stream) << ack.commandId;
  }
  EXPECT_EQ(head(admin).position, top) << "a retried command appended";

  // (2)
  Reply verified = verify(admin);
  ASSERT_TRUE(verified->getBody().isVerified()) << describe(verified);
  EXPECT_TRUE(verified->getBody().getVerified().getIntact());
  EXPECT_EQ(verified->getBody().getVerified().getChecked(), top);

  // (3)
  Client& leader = *as.at("li");
  auto ask = [&](const std::function<void(schema::Query::Body::Builder)>& fill) {
    Reply reply = leader.call([&](Body body) {
      auto q = body.initQuery();
      q.setAsOf(now);
      fill(q.getBody());
    });
    EXPECT_TRUE(reply->getBody().isProjection()) << describe(reply);
    ++totals_.projections;
    return reply;
  };
  auto rows = [&](auto answer) {
    totals_.rows += answer.getRows().size();
    return schema::toJson(answer);
  };
  for (int t = 1; t <= kTowns; ++t) {
    const size_t i = static_cast<size_t>(t - 1);
    Reply tasks = ask([&](auto b) { b.setTaskList(town(t)); });
    EXPECT_EQ(rows(tasks->getBody().getProjection().getTaskList()), (rebuilt<schema::TaskList>(rebuild.tasks[i], now)))
        << "task list of " << town(t);
    Reply ledger = ask([&](auto b) { b.initHazardLedger().setUnit(town(t)); });
    EXPECT_EQ(rows(ledger->getBody().getProjection().getHazardLedger()),
              (rebuilt<schema::HazardLedger>(rebuild.ledgers[i], now)))
        << "hazard ledger of " << town(t);
    Reply board = ask([&](auto b) { b.initEscalationBoard().setUnit(town(t)); });
    EXPECT_EQ(rows(board->getBody().getProjection().getEscalationBoard()),
              (rebuilt<schema::EscalationBoard>(rebuild.boards[i], now)))
        << "escalation board of " << town(t);
  }
  Reply progress = ask([&](auto b) { b.setCampaignProgress(kCampaign); });
  EXPECT_EQ(schema::toJson(progress->getBody().getProjection().getCampaignProgress()),
            (rebuilt<schema::CampaignProgress>(rebuild.progress, now)))
      << "campaign progress";

  // (4) nothing lost: the start ran every job due by now — of an agenda that does owe jobs later on.
  for (const auto& job : rebuild.agenda.dueUpTo(now, rebuild.dir)) ADD_FAILURE() << "job " << job.id << " is owed";
  EXPECT_GT(rebuild.agenda.owed(rebuild.dir), 0u) << "the rebuilt agenda owes nothing at all: no check";
}

TEST_F(CrashCommandsTest, AcknowledgedCommandsAndSchedulerFiringsSurviveKillNine) {
  std::mt19937 rng(kSeed);
  for (int round = 1; round <= kKills; ++round) {
    const size_t before = acks_.size();
    std::string how = runUntilKilled(round, rng);
    if (HasFailure()) return;
    server_.start();
    check(rng);
    if (HasFailure()) return;
    std::printf("crash round %d: killed %s; %zu commands acknowledged, %zu in all checked\n", round, how.c_str(),
                acks_.size() - before, acks_.size());
  }
  std::map<std::string, int> kinds;
  for (const Ack& ack : acks_) ++kinds[kindOf(ack)];
  std::string byKind;
  for (const auto& [kind, n] : kinds) byKind += " " + kind + "=" + std::to_string(n);
  std::printf(
      "crash commands test: %d kills; %zu acknowledged commands checked after each restart (%zu checks in all):%s; "
      "%zu events read; %zu dispatches and %zu escalation steps fired by the scheduler, %zu firings checked for "
      "uniqueness in all; %zu retries answered as duplicates; %zu projections (%zu rows) equal to a rebuild; "
      "0 losses\n",
      kKills, acks_.size(), totals_.acksChecked, byKind.c_str(), totals_.eventsRead, totals_.dispatched, totals_.raised,
      totals_.firingsChecked, totals_.retries, totals_.projections, totals_.rows);
  EXPECT_EQ(server_.stop(), 0) << server_.serverOutput();
}

}  // namespace
}  // namespace qingling::server::testing
