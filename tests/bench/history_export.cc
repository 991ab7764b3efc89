// Reading a generated store back (see history_export.h).
#include "tests/bench/history_export.h"

#include <capnp/dynamic.h>
#include <rocksdb/db.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "schemas/events.capnp.h"
#include "schemas/json_codec.h"
#include "store/log_db.h"

namespace qingling::bench {

namespace {

void escapeCopy(const std::string& in, std::string& out) {
  for (char ch : in) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out.push_back(ch);
    }
  }
}

}  // namespace

uint64_t exportTsv(store::EventLog& log, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  uint64_t rows = 0;
  std::string line;
  auto failed = log.scan(1, {}, [&](uint64_t position, schema::EventEnvelope::Reader envelope) {
    auto payload = capnp::toDynamic(envelope.getPayload());
    std::string type = "?", data = "{}";
    KJ_IF_MAYBE (field, payload.which()) {
      type = field->getProto().getName().cStr();
      auto value = payload.get(*field);
      data = value.getType() == capnp::DynamicValue::STRUCT
                 ? schema::toJson(value.as<capnp::DynamicStruct>())
                 : schema::toJson(capnp::DynamicStruct::Reader(envelope.getPayload()));
    }
    line.clear();
    line += std::to_string(position);
    line += '\t';
    escapeCopy(envelope.getStreamId().cStr(), line);
    line += '\t';
    line += std::to_string(envelope.getStreamVersion());
    line += '\t';
    line += type;
    line += '\t';
    escapeCopy(data, line);
    line += '\t';
    line += std::to_string(envelope.getRecordedAt() / 1000);  // milliseconds: the peer's recorded_at_ms
    line += '\n';
    out << line;
    ++rows;
    return true;
  });
  if (failed) throw std::runtime_error("reading the log failed: " + failed->message);
  if (!out.flush()) throw std::runtime_error("writing " + path + " failed");
  return rows;
}

int scanLimit(std::string dir) {
  namespace fs = std::filesystem;
  if (fs::exists(fs::path(dir) / "events" / "CURRENT")) dir += "/events";  // a qinglingd data directory
  if (!fs::exists(fs::path(dir) / "CURRENT")) {
    std::cerr << "history_gen: " << dir << " holds no store\n";
    return 1;
  }
  auto db = store::LogDb::open(dir);
  if (!db.ok()) {
    std::cerr << "history_gen: cannot open " << dir << ": " << db.error().message << "\n";
    return 1;
  }
  rocksdb::ReadOptions options;
  options.fill_cache = false;
  options.readahead_size = 2 << 20;
  auto began = std::chrono::steady_clock::now();
  uint64_t events = 0, bytes = 0, sum = 0;
  std::unique_ptr<rocksdb::Iterator> it((*db)->db().NewIterator(options, (*db)->events()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto value = it->value();
    const auto* p = reinterpret_cast<const unsigned char*>(value.data());
    uint64_t s = 0;
    for (size_t i = 0; i < value.size(); ++i) s += p[i];  // touch every byte
    sum += s;
    bytes += value.size() + it->key().size();
    ++events;
  }
  if (!it->status().ok()) {
    std::cerr << "history_gen: scan failed: " << it->status().ToString() << "\n";
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::printf("label=limit-scan events=%llu seconds=%.3f events_per_s=%.0f bytes=%llu\n",
              static_cast<unsigned long long>(events), seconds, seconds > 0 ? events / seconds : 0.0,
              static_cast<unsigned long long>(bytes));
  if (sum == 42) std::fprintf(stderr, " \n");  // keeps the byte sum observable
  return 0;
}

}  // namespace qingling::bench
