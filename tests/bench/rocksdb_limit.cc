// rocksdb_limit: the physical limit of a durable append on this machine, measured on raw RocksDB in-process,
// with no EventLog, no server and no network. It opens the store's column families with the store's options
// (store/log_db.cc) and writes, per event, the keys our store writes for one `note` appended by append_load:
//
//   events   : position                 -> sha256(32 bytes) || envelope (the flat Cap'n Proto message append_load's
//                                          note becomes, built once per thread with the same fields)
//   streams  : streamId 0x00 version    -> position
//   by_type  : note(0) position         -> ""
//   commands : commandId                -> streamId 0x00 first last version   (a real command carries an id;
//                                          append_load's raw notes do not, so the limit writes ~75 bytes more)
//
// N threads each loop for a fixed duration issuing one WriteBatch of B events per write with sync = true
// (RocksDB's own group commit merges concurrent writers into one WAL sync). Prints events/s and per-write latency
// percentiles in append_load's one-line format, after a label. Figures only: nothing is asserted.
//
//   rocksdb_limit --dir /tmp/x/limit --threads 32 --batch 1 --seconds 10 --label limit-32x1
//
// --dir must not exist or be empty; it is removed at the end.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "schemas/events.capnp.h"
#include "store/command_record.h"
#include "store/key_format.h"
#include "store/log_db.h"
#include "tests/bench/flags.h"
#include "tests/bench/latency_summary.h"

namespace {

namespace keys = qingling::store::keys;
namespace schema = qingling::schema;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string dir;
  std::string label;
  int threads = 1;
  int batch = 1;
  double seconds = 5;
  int payloadBytes = 200;  // append_load's default note text
};

Options parse(int argc, char** argv) {
  Options o;
  qingling::bench::Flags()
      .add("--dir", o.dir)
      .add("--label", o.label)
      .add("--threads", o.threads)
      .add("--batch", o.batch)
      .add("--seconds", o.seconds)
      .add("--payload-bytes", o.payloadBytes)
      .parse(argc, argv);
  if (o.dir.empty()) throw std::invalid_argument("--dir DIR is required (a fresh directory, removed at the end)");
  if (o.threads < 1 || o.batch < 1) throw std::invalid_argument("--threads and --batch must be at least 1");
  if (o.label.empty()) o.label = "limit-" + std::to_string(o.threads) + "x" + std::to_string(o.batch);
  return o;
}

// The envelope the server stores for append_load's note (server/request_router.cc appendRaw, then the stager's
// fields), flattened once: the limit measures the write, not the encoding.
std::string noteEnvelope(const std::string& streamId, int payloadBytes) {
  capnp::MallocMessageBuilder message;
  auto envelope = message.initRoot<schema::EventEnvelope>();
  envelope.initPayload().initNote().setText(std::string(static_cast<size_t>(payloadBytes), 'x'));
  const int64_t now =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  envelope.setOccurredAt(now);
  envelope.setCommandId("");
  envelope.setCorrelationId("");
  auto actor = envelope.initActor();
  actor.setUser("admin");
  actor.setUnit("qingling");
  actor.setRole(schema::Role::ADMIN);
  envelope.setPosition(1000000);
  envelope.setStreamId(streamId);
  envelope.setStreamVersion(1000);
  envelope.setRecordedAt(now);
  const std::string zeros(keys::kHashSize, '\0');
  envelope.setPrevHash(capnp::Data::Reader(reinterpret_cast<const kj::byte*>(zeros.data()), zeros.size()));
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  auto bytes = words.asBytes();
  return {reinterpret_cast<const char*>(bytes.begin()), bytes.size()};
}

// Stands in for the chain hash: 32 bytes that differ per position, cheaply.
void putFakeHash(std::string& out, uint64_t position) {
  uint64_t x = position * 0x9E3779B97F4A7C15ULL;
  for (size_t i = 0; i < keys::kHashSize / 8; ++i) {
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ULL;
    keys::putU64(out, x);
  }
}

struct Families {
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* streams = nullptr;
  rocksdb::ColumnFamilyHandle* byType = nullptr;
  rocksdb::ColumnFamilyHandle* commands = nullptr;
};

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse(argc, argv);
  namespace fs = std::filesystem;
  if (fs::exists(options.dir) && !fs::is_empty(options.dir)) {
    throw std::invalid_argument("--dir " + options.dir + " is not empty; give a fresh directory (it is removed)");
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name :
       {rocksdb::kDefaultColumnFamilyName, std::string(keys::kEvents), std::string(keys::kStreams),
        std::string(keys::kByType), std::string(keys::kByUnit), std::string(keys::kCommands)}) {
    descriptors.emplace_back(name, qingling::store::logFamilyOptions(name));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status opened = rocksdb::DB::Open(qingling::store::logDbOptions(), options.dir, descriptors, &handles, &raw);
  if (!opened.ok()) throw std::runtime_error("opening " + options.dir + ": " + opened.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  const Families cf{handles[1], handles[2], handles[3], handles[5]};

  const auto noteType = static_cast<uint16_t>(schema::Event::NOTE);
  std::atomic<uint64_t> nextPosition{1};
  std::atomic<uint64_t> errors{0};
  std::atomic<bool> go{false};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(options.threads));
  std::vector<uint64_t> events(static_cast<size_t>(options.threads), 0);
  std::vector<size_t> valueBytes(static_cast<size_t>(options.threads), 0);
  const auto duration = std::chrono::duration<double>(options.seconds);
  Clock::time_point start;
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t]() {
      const std::string stream = "load-" + std::to_string(::getpid()) + "-" + std::to_string(t);
      const std::string envelope = noteEnvelope(stream, options.payloadBytes);
      auto& mine = latencies[static_cast<size_t>(t)];
      mine.reserve(100000);
      rocksdb::WriteOptions sync;
      sync.sync = true;
      rocksdb::WriteBatch batch;
      std::string value;
      uint64_t version = 0;
      char commandId[40];
      while (!go.load()) std::this_thread::yield();
      while (Clock::now() - start < duration) {
        auto t0 = Clock::now();
        batch.Clear();
        const uint64_t first = nextPosition.fetch_add(static_cast<uint64_t>(options.batch));
        for (int i = 0; i < options.batch; ++i) {
          const uint64_t position = first + static_cast<uint64_t>(i);
          ++version;
          value.clear();
          putFakeHash(value, position);
          value.append(envelope);
          const std::string positionKey = keys::position(position);
          batch.Put(cf.events, positionKey, value);
          batch.Put(cf.streams, keys::streamVersion(stream, version), positionKey);
          batch.Put(cf.byType, keys::byType(noteType, position), "");
          std::snprintf(commandId, sizeof commandId, "%016llx-%016llx", static_cast<unsigned long long>(t),
                        static_cast<unsigned long long>(position));
          qingling::store::AppendResult result;
          result.streamId = stream;
          result.firstPosition = result.lastPosition = position;
          result.streamVersion = version;
          batch.Put(cf.commands, commandId, qingling::store::encodeCommandRecord(result));
        }
        if (!db->Write(sync, &batch).ok()) ++errors;
        mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        events[static_cast<size_t>(t)] += static_cast<uint64_t>(options.batch);
      }
      valueBytes[static_cast<size_t>(t)] = keys::kHashSize + envelope.size();
    });
  }
  start = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  db->Close();
  db.reset();
  fs::remove_all(options.dir);

  uint64_t total = 0;
  for (uint64_t e : events) total += e;
  qingling::bench::LatencySummary all(latencies);
  std::printf(
      "label=%s threads=%d batch=%d events=%lu seconds=%.2f events_per_s=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f "
      "errors=%lu value_bytes=%zu\n",
      options.label.c_str(), options.threads, options.batch, static_cast<unsigned long>(total), elapsed,
      static_cast<double>(total) / elapsed, all.at(0.50), all.at(0.99), all.at(0.999),
      static_cast<unsigned long>(errors.load()), valueBytes[0]);
  return errors.load() == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "rocksdb_limit: %s\n", e.what());
  return 2;
}
