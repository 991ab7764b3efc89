// Tip reporter sealing: the key file is created once with mode 0600 and reused; sealed values round-trip, are
// randomised, and any alteration or another key is detected.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "server/sealing.h"

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

}  // namespace
}  // namespace qingling::server
