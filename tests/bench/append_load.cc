// append_load: measures durable command throughput and latency of a running qinglingd. N client threads, each on
// its own connection, send one request at a time for a fixed duration; every answer arrives only after its events
// are synced. Prints events/s and latency percentiles (one line, for scripts/bench).
//
// Workloads (--workload):
//   hazards  real commands through the domain, distinct streams: an inspector of a county records a hazard at the
//            client's own enterprise (recordHazard: a new hazard stream each, the directory checked, the hazard's
//            deadline put on the scheduler's agenda).
//   facts    real commands through the domain, contended streams: every client records facts (recordFact) about
//            one of --streams shared units, so all clients append to the same few fact streams.
//   raw      the store path alone: appendRaw of one note per request to the client's own stream (no domain).
// The world the commands need (a county, one enterprise per client, the inspector and its token) is set up first
// with the admin token, under ids unique to this process, and is not timed.
//
//   append_load --server 127.0.0.1:7420 --token ADMIN --clients 32 --seconds 10 --workload hazards [--label L]
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/client.h"
#include "tests/bench/flags.h"
#include "tests/bench/latency_summary.h"

namespace {

using Clock = std::chrono::steady_clock;
using qingling::server::Client;
using qingling::server::Reply;
using CommandBody = qingling::schema::Command::Body::Builder;

struct Options {
  std::string server = "127.0.0.1:7420";
  std::string token;
  std::string label;  // printed first as label=..., for scripts/bench's table
  std::string workload = "hazards";
  int clients = 1;
  int streams = 4;  // facts: the shared units
  double seconds = 5;
  int payloadBytes = 200;  // raw: the note's text
};

Options parse(int argc, char** argv) {
  Options o;
  qingling::bench::Flags()
      .add("--server", o.server)
      .add("--token", o.token)
      .add("--label", o.label)
      .add("--workload", o.workload)
      .add("--clients", o.clients)
      .add("--streams", o.streams)
      .add("--seconds", o.seconds)
      .add("--payload-bytes", o.payloadBytes)
      .parse(argc, argv);
  if (o.workload != "hazards" && o.workload != "facts" && o.workload != "raw") {
    throw std::invalid_argument("--workload is hazards, facts or raw, not " + o.workload);
  }
  if (o.clients < 1 || o.streams < 1) throw std::invalid_argument("--clients and --streams must be at least 1");
  return o;
}

bool appended(const Reply& reply) { return reply->getBody().isAppended(); }

Reply command(Client& client, const std::function<void(CommandBody)>& fill) {
  return client.call([&](qingling::schema::Request::Body::Builder body) { fill(body.initCommand().getBody()); });
}

void require(const Reply& reply, const std::string& what) {
  if (appended(reply)) return;
  std::string why = reply->getBody().isError() ? reply->getBody().getError().getMessage().cStr() : "unexpected answer";
  throw std::runtime_error("setting up the load's world: " + what + " was refused: " + why);
}

void registerUnit(Client& admin, const std::string& id, const std::string& parent, qingling::schema::UnitKind kind) {
  require(command(admin,
                  [&](CommandBody body) {
                    auto unit = body.initRegisterUnit();
                    unit.setId(id);
                    unit.setName(id);
                    unit.setKind(kind);
                    unit.setParent(parent);
                  }),
          "registering unit " + id);
}

// The county, its units and an inspector (department role) at the county; returns the inspector's token.
std::string setUpWorld(Client& admin, const std::string& prefix, int units) {
  using qingling::schema::UnitKind;
  registerUnit(admin, prefix, "", UnitKind::JURISDICTION);
  for (int u = 0; u < units; ++u) registerUnit(admin, prefix + "-e" + std::to_string(u), prefix, UnitKind::ENTERPRISE);
  const std::string user = prefix + "-inspector";
  require(command(admin,
                  [&](CommandBody body) {
                    auto r = body.initRegisterUser();
                    r.setUserId(user);
                    r.setName("安监执法 " + user);
                    r.setUnit(prefix);
                    r.initRoles(1).set(0, qingling::schema::Role::DEPARTMENT);
                  }),
          "registering the inspector");
  Reply issued = command(admin, [&](CommandBody body) { body.initIssueToken().setUserId(user); });
  require(issued, "issuing the inspector's token");
  return issued->getBody().getAppended().getSecret();
}

// One request of the workload: client c's n-th.
using Request = std::function<Reply(Client&, int c, uint64_t n)>;

Request workload(const Options& o, const std::string& prefix) {
  if (o.workload == "raw") {
    auto text = std::make_shared<std::string>(static_cast<size_t>(o.payloadBytes), 'x');
    return [prefix, text](Client& client, int c, uint64_t) {
      return client.call([&](qingling::schema::Request::Body::Builder body) {
        auto raw = body.initAppendRaw();
        raw.setStreamId(prefix + "-" + std::to_string(c));
        raw.initEvents(1)[0].initNote().setText(*text);
      });
    };
  }
  if (o.workload == "facts") {
    const int streams = o.streams;
    return [prefix, streams](Client& client, int c, uint64_t n) {
      return command(client, [&](CommandBody body) {
        auto fact = body.initRecordFact();
        fact.setUnit(prefix + "-e" + std::to_string((c + static_cast<int>(n)) % streams));
        fact.setKind(qingling::schema::FactKind::TRAINING);
        fact.setTitle("第" + std::to_string(n) + "期全员安全培训（" + std::to_string(c) +
                      "组）：重大事故隐患判定标准宣贯");
      });
    };
  }
  return [prefix](Client& client, int c, uint64_t n) {
    return command(client, [&](CommandBody body) {
      auto hazard = body.initRecordHazard();
      hazard.setHazardId(prefix + "-h" + std::to_string(c) + "-" + std::to_string(n));
      hazard.setEnterprise(prefix + "-e" + std::to_string(c));
      hazard.setSource(qingling::schema::HazardSource::ENFORCEMENT);
      hazard.setGrade(qingling::schema::HazardGrade::GENERAL);
      hazard.setNature(qingling::schema::HazardNature::UNSAFE_STATE);
      hazard.setCategory("消防安全");
      hazard.setLocation("二号车间东侧疏散通道");
      hazard.setDescription("疏散通道堆放原料纸箱约3立方米，安全出口指示标志损坏，应急照明灯不亮");
      hazard.setDeadline("2099-12-31");
    });
  };
}

}  // namespace

int main(int argc, char** argv) try {
  Options options = parse(argc, argv);
  std::string host;
  uint16_t port = 0;
  qingling::server::parseEndpoint(options.server, host, port);
  const std::string prefix = "load-" + std::to_string(::getpid());
  std::string token = options.token;
  if (options.workload != "raw") {
    Client admin(host, port, options.token);
    token = setUpWorld(admin, prefix, options.workload == "facts" ? options.streams : options.clients);
  }
  const Request send = workload(options, prefix);

  std::vector<std::vector<double>> latencies(static_cast<size_t>(options.clients));
  std::atomic<uint64_t> errors{0};
  std::atomic<bool> go{false};
  const auto duration = std::chrono::duration<double>(options.seconds);
  std::vector<std::thread> threads;
  Clock::time_point start;
  for (int c = 0; c < options.clients; ++c) {
    threads.emplace_back([&, c]() {
      Client client(host, port, token);
      auto& mine = latencies[static_cast<size_t>(c)];
      mine.reserve(100000);
      while (!go.load()) std::this_thread::yield();
      for (uint64_t n = 0; Clock::now() - start < duration; ++n) {
        auto t0 = Clock::now();
        Reply reply = send(client, c, n);
        if (!appended(reply)) {
          if (errors++ == 0 && reply->getBody().isError()) {
            std::fprintf(stderr, "append_load: refused: %s\n", reply->getBody().getError().getMessage().cStr());
          }
          break;  // a refusal means the world or the workload is wrong: measuring on would measure errors
        }
        mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
    });
  }
  start = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  qingling::bench::LatencySummary all(latencies);
  if (!options.label.empty()) std::printf("label=%s ", options.label.c_str());
  std::printf(
      "workload=%s clients=%d events=%zu seconds=%.2f events_per_s=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f "
      "errors=%lu\n",
      options.workload.c_str(), options.clients, all.count(), elapsed, static_cast<double>(all.count()) / elapsed,
      all.at(0.50), all.at(0.99), all.at(0.999), static_cast<unsigned long>(errors.load()));
  return errors.load() == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "append_load: %s\n", e.what());
  return 2;
}
