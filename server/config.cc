#include "server/config.h"

#include <charconv>
#include <fstream>
#include <functional>
#include <map>

namespace qingling::server {
namespace {

template <class T>
bool parseNumber(const std::string& text, T& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

using Setter = std::function<bool(ServerConfig&, const std::string&)>;

template <class T>
Setter number(T ServerConfig::*field) {
  return [field](ServerConfig& c, const std::string& v) { return parseNumber(v, c.*field); };
}

Setter text(std::string ServerConfig::*field) {
  return [field](ServerConfig& c, const std::string& v) {
    c.*field = v;
    return true;
  };
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = {
      {"address", text(&ServerConfig::address)},
      {"port", number(&ServerConfig::port)},
      {"data", text(&ServerConfig::dataDir)},
      {"seal-key", text(&ServerConfig::sealKeyFile)},
      {"tls-cert", text(&ServerConfig::tlsCert)},
      {"tls-key", text(&ServerConfig::tlsKey)},
      {"clock",
       [](ServerConfig& c, const std::string& v) {
         c.clock = v;
         return v == "wall" || v == "sim";
       }},
      {"sim-start", text(&ServerConfig::simStart)},
      {"io-threads", number(&ServerConfig::ioThreads)},
      {"query-threads", number(&ServerConfig::queryThreads)},
      {"max-frame-bytes", number(&ServerConfig::maxFrameBytes)},
      {"max-in-flight", number(&ServerConfig::maxInFlight)},
      {"max-connections", number(&ServerConfig::maxConnections)},
      {"max-outgoing-bytes", number(&ServerConfig::maxOutgoingBytes)},
      {"max-buffered-bytes", number(&ServerConfig::maxBufferedBytes)},
      {"frame-timeout-seconds", number(&ServerConfig::frameTimeoutSeconds)},
      {"progress-after-ms", number(&ServerConfig::progressAfterMs)},
      {"auth-failure-limit", number(&ServerConfig::authFailureLimit)},
      {"auth-failure-window-seconds", number(&ServerConfig::authFailureWindowSeconds)},
      {"log-level", text(&ServerConfig::logLevel)},
      {"port-file", text(&ServerConfig::portFile)},
  };
  return table;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string apply(ServerConfig& config, const std::string& key, const std::string& value, const std::string& where) {
  auto it = setters().find(key);
  if (it == setters().end()) return where + ": unknown setting '" + key + "' (see qinglingd --help)";
  if (!it->second(config, value)) return where + ": '" + value + "' is not a valid value for " + key;
  return {};
}

std::string loadFile(const std::string& path, ServerConfig& config) {
  std::ifstream in(path);
  if (!in) return "cannot read config file " + path + ": check the path and its permissions";
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    size_t eq = line.find('=');
    std::string where = path + ":" + std::to_string(n);
    if (eq == std::string::npos) return where + ": expected 'key = value'";
    if (auto err = apply(config, trim(line.substr(0, eq)), trim(line.substr(eq + 1)), where); !err.empty()) return err;
  }
  return {};
}

}  // namespace

std::string loadConfig(const std::vector<std::string>& args, ServerConfig& out) {
  // Pairs of (key, value) from the flags; the config file is read first so that flags override it.
  std::vector<std::pair<std::string, std::string>> flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) return "unexpected argument '" + arg + "' (see qinglingd --help)";
    std::string key = arg.substr(2), value;
    size_t eq = key.find('=');
    if (eq != std::string::npos) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return "flag --" + key + " needs a value";
    }
    flags.emplace_back(key, value);
  }
  for (const auto& [key, value] : flags) {
    if (key == "config") {
      if (auto err = loadFile(value, out); !err.empty()) return err;
    }
  }
  for (const auto& [key, value] : flags) {
    if (key == "config") continue;
    if (auto err = apply(out, key, value, "--" + key); !err.empty()) return err;
  }
  if (out.clock == "sim" && out.simStart.empty()) return "--clock=sim needs --sim-start, e.g. 2023-05-20T08:00+08:00";
  if (out.clock == "wall" && !out.simStart.empty()) return "--sim-start only applies with --clock=sim";
  if (out.tlsCert.empty() != out.tlsKey.empty()) {
    return "--tls-cert and --tls-key go together: give both (TLS) or neither (plaintext)";
  }
  if (out.ioThreads == 0) return "--io-threads must be at least 1";
  if (out.queryThreads == 0) return "--query-threads must be at least 1";
  if (out.maxFrameBytes < 1024) return "--max-frame-bytes must be at least 1024";
  if (out.maxBufferedBytes < out.maxFrameBytes) {
    return "--max-buffered-bytes must be at least --max-frame-bytes (" + std::to_string(out.maxFrameBytes) +
           "): a request that large must fit";
  }
  if (out.authFailureWindowSeconds == 0) return "--auth-failure-window-seconds must be at least 1";
  return {};
}

std::string configUsage() {
  return "usage: qinglingd [--config FILE] [--key=value ...]\n"
         "  --address A            listen address (127.0.0.1)\n"
         "  --port N               listen port (7420; 0 = any free port)\n"
         "  --data DIR             RocksDB event store directory (./data)\n"
         "  --seal-key FILE        tip reporters' 32-byte seal key, kept off the data volume (DIR/seal.key, made at "
         "first start)\n"
         "  --tls-cert FILE        TLS for client connections: the server's certificate chain (PEM)\n"
         "  --tls-key FILE         ... and its private key (PEM); without both, connections are plaintext\n"
         "  --clock wall|sim       clock mode (wall)\n"
         "  --sim-start INSTANT    sim mode start, e.g. 2023-05-20T08:00+08:00\n"
         "  --io-threads N         network threads (2)\n"
         "  --query-threads N      threads replaying projections for queries, off the network threads (2)\n"
         "  --max-frame-bytes N    largest request accepted (16777216)\n"
         "  --max-in-flight N      pipelined requests per connection (64)\n"
         "  --max-connections N    connections at once (4096)\n"
         "  --max-outgoing-bytes N queued responses per connection before reading pauses (67108864)\n"
         "  --max-buffered-bytes N requests and queued responses of all connections together; past it\n"
         "                         connections wait to read (1073741824)\n"
         "  --frame-timeout-seconds N  time for a started frame to arrive whole (30)\n"
         "  --progress-after-ms N  a projection replay this long sends progress to queries asking for it (1000)\n"
         "  --auth-failure-limit N failed authentications per client address in the window, then refused (20; 0 = "
         "off)\n"
         "  --auth-failure-window-seconds N  the window of --auth-failure-limit (60)\n"
         "  --log-level L          trace|debug|info|warn|error (info)\n"
         "  --port-file FILE       write the bound port there\n"
         "or:    qinglingd import --data DIR FILE   load a `qingling export` archive into an empty store\n";
}

}  // namespace qingling::server
