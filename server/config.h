// qinglingd's configuration: defaults, then a config file (`key = value` lines, `#` comments), then flags
// (`--key=value` or `--key value`), each overriding the one before. ops/qinglingd.conf.example lists every key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qingling::server {

struct ServerConfig {
  std::string address = "127.0.0.1";
  uint16_t port = 7420;  // 0 = any free port (tests); the chosen one is logged and written
  std::string dataDir = "./data";
  // The tip reporters' seal key (32 bytes). Empty: <data>/seal.key, created at first start. Set, it must exist:
  // kept off the data volume, a copy of the data directory (a backup, a stolen disk) cannot unseal reporters.
  std::string sealKeyFile;
  // TLS for client connections: both PEM files or neither (plaintext, fit only for loopback).
  std::string tlsCert;
  std::string tlsKey;
  std::string clock = "wall";  // "wall" or "sim"
  std::string simStart;        // sim mode: first instant, e.g. 2023-05-20T08:00+08:00
  uint32_t ioThreads = 2;
  uint32_t queryThreads = 2;          // projection replays run here, off the network threads
  uint64_t maxFrameBytes = 16 << 20;  // a larger request is refused and the connection closed
  uint32_t maxInFlight = 64;          // per connection; excess requests get tooManyInFlight
  uint32_t maxConnections = 4096;
  uint64_t maxOutgoingBytes = 64 << 20;           // per connection; reading pauses while responses queue above it
  uint64_t maxBufferedBytes = uint64_t{1} << 30;  // all connections' frames and queued answers (MemoryBudget)
  uint32_t frameTimeoutSeconds = 30;              // once a frame starts, all of it must arrive within this
  uint32_t progressAfterMs = 1000;                // a replay running longer sends progress, to queries that ask for it
  uint32_t authFailureLimit = 20;  // failed authentications per client address within the window; 0 = no limit
  uint32_t authFailureWindowSeconds = 60;
  std::string logLevel = "info";
  std::string portFile;  // if set, the bound port is written there (for tests and scripts)
};

// Returns an empty string on success, else what is wrong and where (flag or file:line).
std::string loadConfig(const std::vector<std::string>& args, ServerConfig& out);
std::string configUsage();

}  // namespace qingling::server
