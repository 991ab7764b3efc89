// Test builders and fixtures (see test_events.h).
#include "tests/store/test_events.h"

#include <stdlib.h>

#include <filesystem>

namespace qingling::store::testing {

namespace {

schema::EventEnvelope::Builder newEnvelope(NewEvent& event, const std::vector<std::string>& units, int64_t occurredAt) {
  event.message = std::make_unique<capnp::MallocMessageBuilder>();
  auto envelope = event.message->initRoot<schema::EventEnvelope>();
  envelope.setOccurredAt(occurredAt);
  auto actor = envelope.initActor();
  actor.setUser("u-tester");
  actor.setUnit("unit-test");
  actor.setRole(schema::Role::ADMIN);
  envelope.setCorrelationId("corr-1");
  envelope.setCausationId("cause-1");
  auto list = envelope.initUnits(static_cast<unsigned>(units.size()));
  for (unsigned i = 0; i < units.size(); ++i) list.set(i, capnp::Text::Reader(units[i].data(), units[i].size()));
  return envelope;
}

}  // namespace

NewEvent noteEvent(std::string_view text, const std::vector<std::string>& units, int64_t occurredAt) {
  NewEvent event;
  auto envelope = newEnvelope(event, units, occurredAt);
  std::string copy(text);
  envelope.initPayload().initNote().setText(copy);
  return event;
}

NewEvent hazardEvent(std::string_view hazardId, const std::vector<std::string>& units) {
  NewEvent event;
  auto envelope = newEnvelope(event, units, 0);
  std::string copy(hazardId);
  auto hazard = envelope.initPayload().initHazardRecorded();
  hazard.setHazardId(copy);
  hazard.setDescription("guard rail missing");
  return event;
}

AppendRequest noteAppend(std::string streamId, ExpectedVersion expected, int count, std::string commandId,
                         const std::vector<std::string>& units, int64_t recordedAt) {
  AppendRequest request;
  request.expected = expected;
  request.commandId = std::move(commandId);
  request.recordedAt = recordedAt;
  for (int i = 0; i < count; ++i) {
    request.events.push_back(noteEvent(streamId + "#" + std::to_string(i), units));
    if (!request.commandId.empty())
      request.events.back().message->getRoot<schema::EventEnvelope>().setCommandId(request.commandId);
  }
  request.streamId = std::move(streamId);
  return request;
}

std::vector<uint64_t> positionsOf(const std::vector<RecordedEvent>& events) {
  std::vector<uint64_t> positions;
  for (const auto& event : events) positions.push_back(event.position());
  return positions;
}

VerifyOptions expecting(const Digest& digest) {
  VerifyOptions options;
  options.expect = digest;
  return options;
}

VerifyOptions upTo(uint64_t position) {
  VerifyOptions options;
  options.upTo = position;
  return options;
}

std::vector<RecordedEvent> readEverything(const EventLog& log) {
  std::vector<RecordedEvent> all;
  for (;;) {
    auto page = log.readAll(all.empty() ? 1 : all.back().position() + 1, 0);
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
    if (!page.ok() || page->empty()) return all;
    for (auto& event : page.value()) all.push_back(std::move(event));
  }
}

void LogTest::reopen() {
  log_.reset();
  auto opened = EventLog::open(options_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  log_ = std::move(opened.value());
}

RawDb::RawDb(const std::string& path) {
  rocksdb::Status status = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names_);
  if (!status.ok()) throw std::runtime_error(status.ToString());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names_) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  rocksdb::DB* raw = nullptr;
  status = rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles_, &raw);
  if (!status.ok()) throw std::runtime_error(status.ToString());
  db_.reset(raw);
}

RawDb::~RawDb() {
  for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  db_->Close();
}

rocksdb::ColumnFamilyHandle* RawDb::family(std::string_view name) {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return handles_[i];
  }
  throw std::runtime_error("no column family " + std::string(name));
}

std::string RawDb::get(std::string_view family, std::string_view key) {
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), this->family(family), key, &value);
  if (!status.ok()) throw std::runtime_error(status.ToString());
  return value;
}

void RawDb::put(std::string_view family, std::string_view key, std::string_view value) {
  rocksdb::Status status = db_->Put(rocksdb::WriteOptions(), this->family(family), key, value);
  if (!status.ok()) throw std::runtime_error(status.ToString());
}

void RawDb::remove(std::string_view family, std::string_view key) {
  rocksdb::Status status = db_->Delete(rocksdb::WriteOptions(), this->family(family), key);
  if (!status.ok()) throw std::runtime_error(status.ToString());
}

}  // namespace qingling::store::testing
