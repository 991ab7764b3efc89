// append_load: measures durable append throughput and latency of a running qinglingd. N client threads, each
// on its own connection, append one note event per request (each thread to its own stream) for a fixed
// duration; every answer arrives only after its event is synced. Prints events/s and latency percentiles.
//
//   append_load --server 127.0.0.1:7420 --token T --clients 32 --seconds 10 [--label qingling-32]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "server/client.h"
#include "tests/bench/latency_summary.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string server = "127.0.0.1:7420";
  std::string token;
  std::string label;  // printed first as label=..., for scripts/bench's table
  int clients = 1;
  double seconds = 5;
  int payloadBytes = 200;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i], value = argv[i + 1];
    if (key == "--server")
      o.server = value;
    else if (key == "--token")
      o.token = value;
    else if (key == "--label")
      o.label = value;
    else if (key == "--clients")
      o.clients = std::stoi(value);
    else if (key == "--seconds")
      o.seconds = std::stod(value);
    else if (key == "--payload-bytes")
      o.payloadBytes = std::stoi(value);
    else
      throw std::invalid_argument("unknown option " + key);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  std::string host;
  uint16_t port = 0;
  qingling::server::parseEndpoint(options.server, host, port);
  const std::string text(static_cast<size_t>(options.payloadBytes), 'x');
  std::vector<std::vector<double>> latencies(static_cast<size_t>(options.clients));
  std::atomic<uint64_t> errors{0};
  std::atomic<bool> go{false};
  const auto duration = std::chrono::duration<double>(options.seconds);
  std::vector<std::thread> threads;
  Clock::time_point start;
  for (int c = 0; c < options.clients; ++c) {
    threads.emplace_back([&, c]() {
      qingling::server::Client client(host, port, options.token);
      const std::string stream = "load-" + std::to_string(::getpid()) + "-" + std::to_string(c);
      auto& mine = latencies[static_cast<size_t>(c)];
      mine.reserve(100000);
      while (!go.load()) std::this_thread::yield();
      while (Clock::now() - start < duration) {
        auto t0 = Clock::now();
        auto reply = client.call([&](qingling::schema::Request::Body::Builder body) {
          auto raw = body.initAppendRaw();
          raw.setStreamId(stream);
          raw.initEvents(1)[0].initNote().setText(text);
        });
        if (!reply->getBody().isAppended()) ++errors;
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
  std::printf("clients=%d events=%zu seconds=%.2f events_per_s=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f errors=%lu\n",
              options.clients, all.count(), elapsed, static_cast<double>(all.count()) / elapsed, all.at(0.50),
              all.at(0.99), all.at(0.999), static_cast<unsigned long>(errors.load()));
  return errors.load() == 0 ? 0 : 1;
}
