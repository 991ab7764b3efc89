// Schemas are storage formats: every released schema set is kept as a baseline (tests/fixtures/schemas/*.bin,
// made with `capnp compile -o-`), and the compiled schemas must be a compatible upgrade of each. Cap'n Proto's
// SchemaLoader performs the check: it refuses to hold two incompatible versions of one node.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include <capnp/schema-loader.h>
#include <capnp/schema.capnp.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include "schemas/commands.capnp.h"
#include "schemas/events.capnp.h"
#include "schemas/wire.capnp.h"

namespace qingling::schema {
namespace {

capnp::ReaderOptions generous() {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = uint64_t{1} << 28;
  return options;
}

std::vector<std::filesystem::path> baselines() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(QINGLING_SCHEMA_BASELINES)) {
    if (entry.path().extension() == ".bin") out.push_back(entry.path());
  }
  return out;
}

void loadCurrent(capnp::SchemaLoader& loader) {
  loader.loadCompiledTypeAndDependencies<EventEnvelope>();
  loader.loadCompiledTypeAndDependencies<Command>();
  loader.loadCompiledTypeAndDependencies<Request>();
  loader.loadCompiledTypeAndDependencies<Response>();
}

TEST(SchemaCompatibility, CurrentSchemasUpgradeEveryBaseline) {
  auto files = baselines();
  ASSERT_FALSE(files.empty()) << "no baseline in " << QINGLING_SCHEMA_BASELINES;
  for (const auto& file : files) {
    int fd = ::open(file.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0) << file;
    capnp::StreamFdMessageReader reader(fd, generous());
    capnp::SchemaLoader loader;
    size_t nodes = 0;
    for (auto node : reader.getRoot<capnp::schema::CodeGeneratorRequest>().getNodes()) {
      loader.load(node);
      ++nodes;
    }
    EXPECT_GT(nodes, 100u) << file;
    EXPECT_NO_THROW(loadCurrent(loader)) << file << " is not compatible with the current schemas";
    ::close(fd);
  }
}

// The check above can fail: changing a stored field's type is caught.
TEST(SchemaCompatibility, ChangingAFieldTypeIsRefused) {
  capnp::SchemaLoader loader;
  loadCurrent(loader);
  capnp::MallocMessageBuilder edited;
  edited.setRoot(capnp::Schema::from<EventEnvelope>().getProto());
  auto node = edited.getRoot<capnp::schema::Node>();
  auto fields = node.getStruct().getFields();
  for (auto field : fields) {
    if (field.getName() == "position") field.getSlot().getType().setText();
  }
  EXPECT_ANY_THROW(loader.load(node.asReader()));
}

}  // namespace
}  // namespace qingling::schema
