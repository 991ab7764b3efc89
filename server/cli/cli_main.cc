// qingling: the command-line client of qinglingd. `qingling --help` lists the subcommands.
#include <clocale>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "server/cli/campaign_commands.h"
#include "server/cli/cli_commands.h"

namespace {

// The token comes from --token, QINGLING_TOKEN, the file named by QINGLING_TOKEN_FILE, or ./data/admin.token
// (where scripts/run's server keeps the bootstrap admin token).
std::string resolveToken(const qingling::cli::Args& args) {
  if (auto t = args.option("token")) return *t;
  if (const char* t = std::getenv("QINGLING_TOKEN"); t != nullptr && *t != '\0') return t;
  std::string path = "./data/admin.token";
  if (const char* f = std::getenv("QINGLING_TOKEN_FILE"); f != nullptr && *f != '\0') path = f;
  std::ifstream in(path);
  std::string token;
  in >> token;
  return token;
}

// TLS when --tls-ca FILE (or QINGLING_TLS_CA) names the CA to trust, or --tls asks for the system's trust store.
qingling::server::ClientTls resolveTls(const qingling::cli::Args& args) {
  qingling::server::ClientTls tls;
  if (auto ca = args.option("tls-ca")) {
    tls.caFile = *ca;
  } else if (const char* ca = std::getenv("QINGLING_TLS_CA"); ca != nullptr && *ca != '\0') {
    tls.caFile = ca;
  }
  tls.enabled = args.flag("tls") || !tls.caFile.empty();
  return tls;
}

}  // namespace

int main(int argc, char** argv) {
  std::setlocale(LC_ALL, "C.UTF-8");
  std::signal(SIGPIPE, SIG_IGN);  // a reset connection is reported as an error (exit 3), not a silent death
  try {
    qingling::cli::Args args(argc, argv);
    if (args.flag("help") || args.positional().empty() || args.word(0) == "help") {
      std::cout << qingling::cli::usage();
      return args.positional().empty() && !args.flag("help") ? 2 : 0;
    }
    if (args.word(0) == "plan" && args.word(1) == "occurrences") {
      return qingling::cli::runPlanOccurrences(args, std::cout, std::cerr);
    }
    std::string endpoint = "127.0.0.1:7420";
    if (const char* s = std::getenv("QINGLING_SERVER"); s != nullptr && *s != '\0') endpoint = s;
    if (auto s = args.option("server")) endpoint = *s;
    std::string host;
    uint16_t port = 0;
    qingling::server::parseEndpoint(endpoint, host, port);
    qingling::server::Client client(host, port, resolveToken(args), resolveTls(args));
    qingling::cli::CliContext context{args, client, args.flag("json")};
    return qingling::cli::runCommand(context);
  } catch (const qingling::cli::UsageError& e) {
    std::cerr << "qingling: " << e.what() << "\n(see qingling --help)\n";
    return 2;
  } catch (const qingling::server::ClientError& e) {
    std::cerr << "qingling: " << e.what() << "\n";
    return 3;
  }
}
