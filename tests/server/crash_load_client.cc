// One client process of the crash harness (crash_commands_test.cc): it sends real domain commands to qinglingd
// until the connection fails — the harness kills the server with SIGKILL — and writes every acknowledged command
// to its ack file, one line per answer, each with one write(2) on an O_APPEND descriptor, so the line is in the
// file before the next command is sent and the harness reads exactly what was acknowledged.
//
//   crash_load_client worker PORT TOKEN USER TOWN SEED ROUND ACKFILE
//     a department officer of TOWN: records hazards of TOWN's enterprises and takes them through rectification,
//     verification and closing, acknowledges and works off TOWN's dispatches, acknowledges its escalations.
//   crash_load_client clock PORT TOKEN USER PACE SEED ROUND ACKFILE
//     the admin moving the simulation clock: one advance, then PACE-ish committed events seen on a subscription
//     (paced by the log, not by sleeping), then the next advance, so that the scheduler's dispatches and
//     escalation steps run while the workers' commands arrive.
//
// Ack lines, tab-separated: "A commandId user streamId firstPosition lastPosition streamVersion bodyJson".
// An answer that is neither appended nor a domain refusal is a line "E commandId description", exit code 2.
// Exit code 0 when the server went away, which is what ends a round.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "domain/local_date.h"
#include "schemas/json_codec.h"
#include "server/client.h"

namespace {

using qingling::schema::ErrorCode;
using qingling::server::Client;
using qingling::server::ClientError;
using qingling::server::Reply;

constexpr int32_t kTz = 8 * 3600;
constexpr int kRefreshEvery = 5;        // commands between two refreshes of the worker's view
constexpr long kMaxCommands = 1000000;  // a bound only: the kill ends every round long before
const char* const kEvidence =
    R"([{"uri":"evidence://crash.jpg","sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}])";

// The ack file: each line goes out in one write(2), so a reader sees whole lines only.
class AckFile {
 public:
  explicit AckFile(const std::string& path) : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600)) {
    if (fd_ < 0) {
      std::perror(path.c_str());
      std::exit(1);
    }
  }
  ~AckFile() { ::close(fd_); }
  AckFile(const AckFile&) = delete;
  AckFile& operator=(const AckFile&) = delete;

  void line(const std::string& text) {
    std::string whole = text + "\n";
    if (::write(fd_, whole.data(), whole.size()) != static_cast<ssize_t>(whole.size())) std::exit(1);
  }

 private:
  int fd_;
};

struct Session {
  Client client;
  std::string user;
  AckFile& acks;
};

// Sends one command whose body is capnp-json; returns true if appended. A domain refusal (the worker's view was
// stale) returns false; anything else ends the process with an E line.
bool send(Session& s, const std::string& commandId, const std::string& bodyJson) {
  Reply reply = s.client.call([&](qingling::schema::Request::Body::Builder body) {
    auto command = body.initCommand();
    command.setCommandId(commandId);
    qingling::schema::fromJson(bodyJson, command.initBody());
  });
  auto answer = reply->getBody();
  if (answer.isAppended()) {
    auto a = answer.getAppended();
    s.acks.line("A\t" + commandId + "\t" + s.user + "\t" + a.getStreamId().cStr() + "\t" +
                std::to_string(a.getFirstPosition()) + "\t" + std::to_string(a.getLastPosition()) + "\t" +
                std::to_string(a.getStreamVersion()) + "\t" + bodyJson);
    return true;
  }
  if (answer.isError()) {
    ErrorCode code = answer.getError().getCode();
    if (code == ErrorCode::REJECTED || code == ErrorCode::NOT_FOUND || code == ErrorCode::FORBIDDEN) return false;
    s.acks.line("E\t" + commandId + "\t" + answer.getError().getMessage().cStr());
  } else {
    s.acks.line("E\t" + commandId + "\tunexpected answer");
  }
  std::exit(2);
}

Reply query(Client& client, const std::function<void(qingling::schema::Query::Body::Builder)>& fill) {
  Reply reply = client.call([&](qingling::schema::Request::Body::Builder body) { fill(body.initQuery().getBody()); });
  if (!reply->getBody().isProjection()) {
    std::fprintf(stderr, "a query was refused\n");
    std::exit(2);
  }
  return reply;
}

// What the worker knows of its town: refreshed from the projections every few commands, updated by its own acks.
struct View {
  int64_t now = 0;
  std::map<std::string, std::string> hazards;  // id -> status
  std::map<std::string, qingling::schema::DispatchStatus> dispatches;
  std::vector<std::string> escalations;  // open, addressed within the town
};

View look(Client& client, const std::string& town) {
  View v;
  Reply status = client.call([](qingling::schema::Request::Body::Builder body) { body.setStatus(); });
  v.now = status->getBody().getStatus().getNow();
  Reply tasks = query(client, [&](auto b) { b.setTaskList(town); });
  for (auto row : tasks->getBody().getProjection().getTaskList().getRows()) {
    v.dispatches[row.getDispatchId()] = row.getStatus();
  }
  Reply ledger = query(client, [&](auto b) { b.initHazardLedger().setUnit(town); });
  for (auto row : ledger->getBody().getProjection().getHazardLedger().getRows()) {
    v.hazards[row.getHazardId()] = row.getStatus();
  }
  Reply board = query(client, [&](auto b) { b.initEscalationBoard().setUnit(town); });
  for (auto row : board->getBody().getProjection().getEscalationBoard().getRows()) {
    v.escalations.emplace_back(row.getEscalationId());
  }
  return v;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// One next step on a known hazard, dispatch or escalation, or a new hazard: what a town's officer does all day.
void work(Session& s, const std::string& town, uint32_t seed, const std::string& round) {
  std::mt19937 rng(seed);
  View view;
  for (long i = 0; i < kMaxCommands; ++i) {
    if (i % kRefreshEvery == 0) view = look(s.client, town);
    const std::string id = round + "-" + s.user + "-" + std::to_string(i);
    std::vector<std::pair<std::string, std::string>> steps;  // (body json, subject)
    for (const auto& [hazard, status] : view.hazards) {
      const std::string h = R"("hazardId":)" + quoted(hazard);
      if (status == "open") {
        steps.emplace_back(R"({"reportRectified":{)" + h + R"(,"note":"整改完成","evidence":)" + kEvidence + "}}",
                           hazard);
      } else if (status == "rectified") {
        bool passed = rng() % 4 != 0;
        steps.emplace_back(
            R"({"verifyRectification":{)" + h + R"(,"passed":)" + (passed ? "true" : "false") + R"(,"note":"复查"}})",
            hazard);
      } else if (status == "verified") {
        steps.emplace_back(R"({"closeHazard":{)" + h + R"(,"note":"销号"}})", hazard);
      }
    }
    for (const auto& [dispatch, status] : view.dispatches) {
      const std::string d = R"("dispatchId":)" + quoted(dispatch);
      if (status == qingling::schema::DispatchStatus::DISPATCHED) {
        steps.emplace_back(R"({"acknowledgeDispatch":{)" + d + "}}", dispatch);
      } else if (status == qingling::schema::DispatchStatus::ACKNOWLEDGED) {
        steps.emplace_back(R"({"reportProgress":{)" + d + R"(,"note":"进展"}})", dispatch);
      } else if (status == qingling::schema::DispatchStatus::IN_PROGRESS) {
        steps.emplace_back(R"({"completeDispatch":{)" + d + R"(,"note":"办结"}})", dispatch);
      }
    }
    for (const auto& escalation : view.escalations) {
      steps.emplace_back(R"({"acknowledgeEscalation":{"escalationId":)" + quoted(escalation) + R"(,"note":"已收到"}})",
                         escalation);
    }
    if (steps.empty() || rng() % 10 < 3) {
      // A deadline from two days ago to five days ahead: some hazards are overdue when recorded, and the
      // scheduler raises their steps before the answer.
      const int days = static_cast<int>(rng() % 8) - 2;
      const std::string deadline = qingling::domain::localDateOf(view.now, kTz).plusDays(days).str();
      const std::string hazard = "h-" + id;
      const std::string enterprise = "ent-" + town.substr(town.find('-') + 1) + "-" + std::to_string(1 + rng() % 2);
      if (send(s, id,
               R"({"recordHazard":{"hazardId":)" + quoted(hazard) + R"(,"enterprise":)" + quoted(enterprise) +
                   R"(,"source":"enforcement","grade":"general","category":"消防","description":"通道堵塞",)" +
                   R"("deadline":)" + quoted(deadline) + "}}")) {
        view.hazards[hazard] = "open";
      }
      continue;
    }
    const auto& [body, subject] = steps[rng() % steps.size()];
    if (!send(s, id, body)) continue;
    if (view.hazards.count(subject) > 0) {
      std::string& status = view.hazards[subject];
      status = status == "open" ? "rectified" : status == "verified" ? "closed" : "";  // a verification: refreshed
    } else if (view.dispatches.count(subject) > 0) {
      auto& status = view.dispatches[subject];
      status = static_cast<qingling::schema::DispatchStatus>(static_cast<uint16_t>(status) + 1);
    } else {
      std::erase(view.escalations, subject);
    }
  }
  std::exit(3);
}

// Advances the clock by a random step, then waits until about `pace` of the workers' events were committed (seen
// on a subscription; the scheduler's own events do not count) before the next one.
void moveClock(Session& s, uint16_t port, const std::string& token, int pace, uint32_t seed, const std::string& round) {
  std::mt19937 rng(seed);
  const char* const steps[] = {"PT6H", "PT12H", "P1D", "P2D", "P3D"};
  Client subscriber("127.0.0.1", port, token);
  Reply status = s.client.call([](qingling::schema::Request::Body::Builder body) { body.setStatus(); });
  const uint64_t from = status->getBody().getStatus().getHead().getPosition() + 1;
  subscriber.send([&](qingling::schema::Request::Body::Builder body) { body.initSubscribe().setFromPosition(from); });
  for (long i = 0; i < kMaxCommands; ++i) {
    send(s, round + "-clock-" + std::to_string(i),
         R"({"advanceClock":{"by":)" + quoted(steps[rng() % std::size(steps)]) + "}}");
    const int wait = pace / 2 + static_cast<int>(rng() % static_cast<uint32_t>(pace + 1));
    for (int seen = 0; seen < wait;) {
      Reply page = subscriber.receive();
      if (!page->getBody().isEvents()) {
        std::fprintf(stderr, "the subscription answered something else than events\n");
        std::exit(2);
      }
      for (auto e : page->getBody().getEvents().getEvents()) {
        const std::string command = e.getCommandId();
        if (command.rfind("sched:", 0) != 0 && std::string(e.getStreamId().cStr()) != "clock") ++seen;
      }
    }
  }
  std::exit(3);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 9) {
    std::fprintf(stderr, "usage: %s worker|clock PORT TOKEN USER TOWN|PACE SEED ROUND ACKFILE\n", argv[0]);
    return 1;
  }
  const std::string role = argv[1];
  const auto port = static_cast<uint16_t>(std::stoi(argv[2]));
  const auto seed = static_cast<uint32_t>(std::stoul(argv[6]));
  AckFile acks(argv[8]);
  try {
    Session session{Client("127.0.0.1", port, argv[3]), argv[4], acks};
    if (role == "worker") work(session, argv[5], seed, argv[7]);
    if (role == "clock") moveClock(session, port, argv[3], std::stoi(argv[5]), seed, argv[7]);
  } catch (const ClientError&) {
    return 0;  // the server went away: the round is over
  }
  return 1;
}
