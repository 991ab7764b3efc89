// qinglingd: the Qingling server. See README.md and ops/qinglingd.conf.example.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "server/config.h"
#include "server/import_tool.h"
#include "server/server.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "import") {
    return qingling::server::runImport({args.begin() + 1, args.end()}, std::cout, std::cerr);
  }
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << qingling::server::configUsage();
      return 0;
    }
    if (a == "--version") {
      std::cout << "qinglingd " << QINGLING_VERSION << "\n";
      return 0;
    }
  }
  qingling::server::ServerConfig config;
  if (auto error = qingling::server::loadConfig(args, config); !error.empty()) {
    std::cerr << "qinglingd: " << error << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(config.logLevel));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  return qingling::server::Server(std::move(config)).run();
}
