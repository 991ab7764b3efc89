// Configuration precedence (defaults < file < flags) and clear errors naming the flag or file line.
#include "server/config.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace qingling::server {
namespace {

std::string writeFile(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("qingling-config-" + std::to_string(::getpid()) + ".conf");
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, FlagsOverrideTheFileWhichOverridesDefaults) {
  std::string file = writeFile("# comment\nport = 9000\nmax-in-flight = 8  # trailing\ndata = /srv/q\n");
  ServerConfig config;
  EXPECT_EQ(loadConfig({"--config", file, "--port=9100"}, config), "");
  EXPECT_EQ(config.port, 9100);
  EXPECT_EQ(config.maxInFlight, 8u);
  EXPECT_EQ(config.dataDir, "/srv/q");
  EXPECT_EQ(config.address, "127.0.0.1");
  std::filesystem::remove(file);
}

TEST(Config, ErrorsNameTheFlagOrTheFileLine) {
  ServerConfig config;
  EXPECT_NE(loadConfig({"--port", "seventy"}, config).find("--port"), std::string::npos);
  EXPECT_NE(loadConfig({"--colour=red"}, config).find("unknown setting 'colour'"), std::string::npos);
  EXPECT_NE(loadConfig({"--clock", "sim"}, config).find("--sim-start"), std::string::npos);
  ServerConfig fresh;
  EXPECT_NE(loadConfig({"--tls-cert", "/etc/q/cert.pem"}, fresh).find("--tls-key go together"), std::string::npos);
  std::string file = writeFile("port = 1\nnonsense\n");
  EXPECT_NE(loadConfig({"--config", file}, config).find(":2:"), std::string::npos);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace qingling::server
