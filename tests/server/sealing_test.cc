// Tip reporter sealing: the key file is created once with mode 0600 and reused; sealed values round-trip, are
// randomised, and any alteration or another key is detected. A key configured outside the data directory (as
// production keeps it) seals the tips the real qinglingd records, and is never made up when it is missing.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "schemas/json_codec.h"
#include "server/sealing.h"
#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server {
namespace {

TEST(SealingTest, KeyFileIsCreatedPrivateAndSealsRoundTrip) {
  auto dir = std::filesystem::temp_directory_path() / ("qingling-seal-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "seal.key").string();
  std::filesystem::remove(path);
  auto first = Sealer::openKeyFile(path);
  ASSERT_TRUE(std::holds_alternative<Sealer>(first));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  auto again = Sealer::openKeyFile(path);
  ASSERT_TRUE(std::holds_alternative<Sealer>(again));

  std::string sealed = std::get<Sealer>(first).seal("张三 13800000000");
  EXPECT_EQ(sealed.find("13800000000"), std::string::npos);
  EXPECT_NE(sealed, std::get<Sealer>(first).seal("张三 13800000000"));  // a fresh nonce each time
  EXPECT_EQ(std::get<Sealer>(again).unseal(sealed), "张三 13800000000");
  std::string altered = sealed;
  altered[20] ^= 1;
  EXPECT_FALSE(std::get<Sealer>(again).unseal(altered).has_value());
  std::array<unsigned char, 32> otherKey{};
  EXPECT_FALSE(Sealer(otherKey).unseal(sealed).has_value());
  std::filesystem::remove_all(dir);
}

TEST(SealKeyConfigTest, TipsAreSealedUnderTheConfiguredKeyAndNoKeyIsWrittenToTheDataDir) {
  testing::TempDir keys;
  const std::string keyPath = keys.path() + "/tips.key";
  auto key = Sealer::openKeyFile(keyPath);
  ASSERT_TRUE(std::holds_alternative<Sealer>(key)) << std::get<std::string>(key);
  testing::ServerProcess server({"--seal-key", keyPath});
  Client admin = server.admin();
  auto ok = [](const Reply& reply) { EXPECT_TRUE(reply->getBody().isAppended()) << testing::describe(reply); };
  ok(testing::registerUnit(admin, "county", "qingling", "unit-county"));
  ok(testing::command(admin, "unit-ent", [](schema::Command::Body::Builder body) {
    schema::fromJson(R"({"registerUnit":{"id":"ent","name":"Ent","kind":"enterprise","parent":"county"}})", body);
  }));
  ok(testing::registerUser(admin, "he", "county", schema::Role::TIP_OFFICER));
  Client officer = server.client(testing::issueToken(admin, "he"));
  ok(testing::command(officer, "tip-t1", [](schema::Command::Body::Builder body) {
    schema::fromJson(
        R"({"receiveTip":{"tipId":"t1","enterprise":"ent","content":"夜间动火","reporter":"张三 13800000000"}})", body);
  }));

  Reply tips = testing::readAll(admin, 1, 0, "tipReceived");
  ASSERT_TRUE(tips->getBody().isEvents()) << testing::describe(tips);
  ASSERT_EQ(tips->getBody().getEvents().getEvents().size(), 1u);
  auto bytes = tips->getBody().getEvents().getEvents()[0].getPayload().getTipReceived().getSealedReporter();
  std::string sealed(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
  EXPECT_EQ(std::get<Sealer>(key).unseal(sealed).value_or("<does not open>"), "张三 13800000000");
  EXPECT_FALSE(std::filesystem::exists(server.dataDir() + "/seal.key"));
}

TEST(SealKeyConfigTest, AConfiguredKeyThatDoesNotExistStopsTheStartNamingTheFile) {
  testing::TempDir keys;
  const std::string keyPath = keys.path() + "/missing.key";
  testing::ServerProcess server({"--seal-key", keyPath}, false);
  try {
    server.start();
    ADD_FAILURE() << "qinglingd started without its configured seal key";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot read seal key " + keyPath), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("openssl rand"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(keyPath));
}

}  // namespace
}  // namespace qingling::server
