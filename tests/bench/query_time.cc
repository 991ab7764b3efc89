// query_time: how long a running qinglingd takes to answer one projection query, end to end over TCP (the fold of
// every selected event, the answer built and sent, the client reading it whole). Asks --repeat times and prints
// the fastest and the median, with the answer's size, on one line for scripts/bench.
//
//   query_time --server 127.0.0.1:7420 --token T --label L  hazard-ledger UNIT
//   query_time ... campaign-progress CAMPAIGN
//   query_time ... dispatch-table UNIT YYYY-MM [--as-of US]
// Options: --repeat N (3), --as-of US (0 = now; epoch microseconds, as the store keeps instants).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <capnp/serialize.h>

#include "server/client.h"
#include "tests/bench/flags.h"

namespace {

using Clock = std::chrono::steady_clock;
using QueryBody = qingling::schema::Query::Body::Builder;

struct Options {
  std::string server = "127.0.0.1:7420";
  std::string token;
  std::string label = "query";
  int repeat = 3;
  int64_t asOf = 0;
  std::vector<std::string> what;  // the query and its arguments
};

Options parse(int argc, char** argv) {
  Options o;
  o.what = qingling::bench::Flags()
               .add("--server", o.server)
               .add("--token", o.token)
               .add("--label", o.label)
               .add("--repeat", o.repeat)
               .add("--as-of", o.asOf)
               .parse(argc, argv);
  o.repeat = std::max(1, o.repeat);
  return o;
}

// Fills the query the arguments name; throws on a wrong count.
void fillQuery(const std::vector<std::string>& what, QueryBody body) {
  auto need = [&](size_t n) {
    if (what.size() != n) throw std::invalid_argument("usage: see the header of tests/bench/query_time.cc");
  };
  if (what.empty()) need(1);
  if (what[0] == "hazard-ledger") {
    need(2);
    body.initHazardLedger().setUnit(what[1]);
  } else if (what[0] == "campaign-progress") {
    need(2);
    body.setCampaignProgress(what[1]);
  } else if (what[0] == "dispatch-table") {
    need(3);
    auto table = body.initDispatchTable();
    table.setUnit(what[1]);
    table.setMonth(what[2]);
  } else {
    throw std::invalid_argument("unknown query " + what[0] + ": hazard-ledger, campaign-progress or dispatch-table");
  }
}

}  // namespace

int main(int argc, char** argv) try {
  Options options = parse(argc, argv);
  std::string host;
  uint16_t port = 0;
  qingling::server::parseEndpoint(options.server, host, port);
  qingling::server::Client client(host, port, options.token);
  std::vector<double> seconds;
  size_t answerBytes = 0;
  for (int i = 0; i < options.repeat; ++i) {
    auto t0 = Clock::now();
    auto reply = client.call([&](qingling::schema::Request::Body::Builder body) {
      auto query = body.initQuery();
      query.setAsOf(options.asOf);
      fillQuery(options.what, query.getBody());
    });
    seconds.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    if (!reply->getBody().isProjection()) {
      std::string why = reply->getBody().isError() ? reply->getBody().getError().getMessage().cStr() : "no projection";
      throw std::runtime_error("the query was refused: " + why);
    }
    answerBytes = reply->totalSize().wordCount * sizeof(capnp::word);
  }
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  std::printf("label=%s query=%s repeat=%d best_s=%.3f median_s=%.3f answer_bytes=%zu\n", options.label.c_str(),
              options.what[0].c_str(), options.repeat, sorted.front(), sorted[sorted.size() / 2], answerBytes);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "query_time: %s\n", e.what());
  return 2;
}
