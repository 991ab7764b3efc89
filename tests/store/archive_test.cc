// The archive file and its import (store/archive_format.h, store/archive_import.h): a whole log written record by
// record as stored imports into an identical, verified store with its indexes and command records; an existing
// store, a range that does not start at position 1, a damaged record and a cut file are refused, naming why and
// where, and leave no store behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/archive_format.h"
#include "store/archive_import.h"
#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

std::string valueOf(const RecordedEvent& event) {
  auto bytes = event.bytes().asBytes();
  return std::string(reinterpret_cast<const char*>(event.hash().data()), event.hash().size()) +
         std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

class ArchiveTest : public LogTest {
 protected:
  void SetUp() override {
    LogTest::SetUp();
    for (int i = 0; i < 30; ++i) {
      ASSERT_TRUE(log_->append(noteAppend("s-" + std::to_string(i % 4), ExpectedVersion::anyVersion(), 3,
                                          "cmd-" + std::to_string(i), {"unit-" + std::to_string(i % 3)}))
                      .ok());
    }
  }

  // Writes positions from..to of log_ the way `qingling export` does.
  std::string exportRange(uint64_t from, uint64_t to) {
    const std::string file = files_.path() + "/log-" + std::to_string(from) + "-" + std::to_string(to) + ".qla";
    auto events = readEverything(*log_);
    ArchiveHeader header{from, to, {}, events[to - 1].hash()};
    if (from > 1) header.before = events[from - 2].hash();
    auto writer = ArchiveWriter::create(file, header);
    EXPECT_TRUE(writer.ok());
    for (uint64_t p = from; p <= to; ++p) EXPECT_FALSE(writer.value()->add(p, valueOf(events[p - 1])));
    EXPECT_FALSE(writer.value()->finish(header));
    EXPECT_FALSE(std::filesystem::exists(file + ".tmp"));
    return file;
  }

  std::string target() const { return files_.path() + "/imported"; }

  // Rewrites `file` with `edit` applied to its bytes.
  template <class F>
  void editFile(const std::string& file, F&& edit) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    in.close();
    edit(bytes);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  }

  void expectRefused(const std::string& file, const std::string& wording) {
    auto imported = importArchive(target(), file);
    ASSERT_FALSE(imported.ok()) << "imported a bad archive";
    EXPECT_NE(imported.error().message.find(wording), std::string::npos) << imported.error().message;
    EXPECT_FALSE(std::filesystem::exists(target())) << "a refused import must leave no store";
    EXPECT_FALSE(std::filesystem::exists(target() + ".importing"));
  }

  TempDir files_;
};

TEST_F(ArchiveTest, AWholeLogImportsIntoAnIdenticalVerifiedStore) {
  const Digest head = log_->head();
  auto imported = importArchive(target(), exportRange(1, head.position));
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->position, head.position);
  EXPECT_EQ(imported->hash, head.hash);

  auto copy = EventLog::open(LogOptions{.path = target()});
  ASSERT_TRUE(copy.ok()) << copy.error().message;
  auto original = readEverything(*log_), restored = readEverything(*copy.value());
  ASSERT_EQ(restored.size(), original.size());
  for (size_t i = 0; i < original.size(); ++i) EXPECT_EQ(valueOf(restored[i]), valueOf(original[i]));

  auto stream = copy.value()->readStream("s-2", 1, false, 0);
  ASSERT_TRUE(stream.ok());
  EXPECT_EQ(positionsOf(stream.value()), positionsOf(log_->readStream("s-2", 1, false, 0).value()));
  EventFilter byUnit{.types = {}, .units = {"unit-1"}};
  EXPECT_EQ(positionsOf(copy.value()->readAll(1, 0, byUnit).value()), positionsOf(log_->readAll(1, 0, byUnit).value()));
  auto command = copy.value()->findCommand("cmd-7");
  ASSERT_TRUE(command.ok() && command->has_value());
  auto first = log_->findCommand("cmd-7").value();
  EXPECT_EQ((*command)->firstPosition, first->firstPosition);
  EXPECT_EQ((*command)->lastPosition, first->lastPosition);
  EXPECT_EQ((*command)->streamVersion, first->streamVersion);
  EXPECT_EQ((*command)->streamId, first->streamId);

  auto more = copy.value()->append(noteAppend("s-0", ExpectedVersion::anyVersion(), 1));
  ASSERT_TRUE(more.ok()) << "the imported store continues the chain";
  EXPECT_EQ(more->firstPosition, head.position + 1);
}

TEST_F(ArchiveTest, RefusesAStoreThatExists) {
  const std::string file = exportRange(1, log_->head().position);
  auto imported = importArchive(dir_.path(), file);
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find("already exists"), std::string::npos) << imported.error().message;
}

TEST_F(ArchiveTest, RefusesARangeThatDoesNotStartAtPositionOne) {
  expectRefused(exportRange(10, log_->head().position), "only a whole-log export");
}

TEST_F(ArchiveTest, RefusesADamagedRecordNamingItsPosition) {
  const std::string file = exportRange(1, log_->head().position);
  editFile(file, [](std::string& bytes) { bytes[bytes.size() / 2] ^= 0x04; });
  auto imported = importArchive(target(), file);
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find("position "), std::string::npos) << imported.error().message;
  EXPECT_FALSE(std::filesystem::exists(target()));
}

TEST_F(ArchiveTest, RefusesACutFile) {
  const std::string file = exportRange(1, log_->head().position);
  editFile(file, [](std::string& bytes) { bytes.resize(bytes.size() - 10); });
  expectRefused(file, "cut short");
}

TEST_F(ArchiveTest, RefusesAFileWhoseLastRecordsWereDropped) {
  const Digest head = log_->head();
  const std::string whole = exportRange(1, head.position);
  const std::string shorter = exportRange(1, head.position - 5);
  // The short file's records under the whole file's header: complete records, but not as far as the digest.
  editFile(shorter, [&](std::string& bytes) {
    std::ifstream in(whole, std::ios::binary);
    std::string header(kArchiveMagic.size() + 80, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    bytes.replace(0, header.size(), header);
  });
  expectRefused(shorter, "position " + std::to_string(head.position - 5));
}

TEST_F(ArchiveTest, RefusesAFileThatIsNotAnArchive) {
  const std::string file = files_.path() + "/notes.txt";
  std::ofstream(file) << "hello";
  expectRefused(file, "not a Qingling archive");
}

}  // namespace
}  // namespace qingling::store::testing
