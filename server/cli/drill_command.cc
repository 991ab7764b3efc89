#include "server/cli/drill_command.h"

#include <cstdlib>
#include <memory>
#include <vector>

#include <capnp/compat/json.h>
#include <capnp/message.h>

#include "server/cli/campaign_commands.h"
#include "server/cli/cli_common.h"
#include "server/clock.h"
#include "server/drill_runner.h"

namespace qingling::cli {
namespace {

// The server the CLI points at, as cli_main.cc resolves it.
std::string endpointOf(const Args& args) {
  std::string endpoint = "127.0.0.1:7420";
  if (const char* s = std::getenv("QINGLING_SERVER"); s != nullptr && *s != '\0') endpoint = s;
  if (auto s = args.option("server")) endpoint = *s;
  return endpoint;
}

// Runs a projection subcommand (cmdProgress, cmdEscalations, cmdTasks) over `client`, with the drill's --as-of
// and --valid-at.
int project(CliContext& ctx, server::Client& client, const std::vector<std::string>& words,
            int (*command)(CliContext&)) {
  std::vector<std::string> argv = {"qingling"};
  argv.insert(argv.end(), words.begin(), words.end());
  for (const char* cut : {"as-of", "valid-at"}) {
    if (auto instant = ctx.args.option(cut)) {
      argv.push_back(std::string("--") + cut);
      argv.push_back(*instant);
    }
  }
  std::vector<char*> pointers;
  for (auto& word : argv) pointers.push_back(word.data());
  Args args(static_cast<int>(pointers.size()), pointers.data());
  CliContext sub{args, client, ctx.json, ctx.out, ctx.err};
  return command(sub);
}

void printSummaryJson(CliContext& ctx, const std::string& path, const server::DrillResult& result) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<capnp::json::Value>().initObject(1);
  root[0].setName("drill");
  auto fields = root[0].initValue().initObject(6);
  fields[0].setName("file");
  fields[0].initValue().setString(path);
  fields[1].setName("linesRun");
  fields[1].initValue().setNumber(static_cast<double>(result.linesRun));
  fields[2].setName("commandsOk");
  fields[2].initValue().setNumber(static_cast<double>(result.commandsOk));
  fields[3].setName("refusedAsExpected");
  fields[3].initValue().setNumber(static_cast<double>(result.refusedAsExpected));
  fields[4].setName("failures");
  auto failures = fields[4].initValue().initArray(static_cast<unsigned>(result.failures.size()));
  for (unsigned i = 0; i < result.failures.size(); ++i) {
    auto failure = failures[i].initObject(2);
    failure[0].setName("line");
    failure[0].initValue().setNumber(static_cast<double>(result.failures[i].line));
    failure[1].setName("message");
    failure[1].initValue().setString(result.failures[i].message);
  }
  fields[5].setName("campaigns");
  auto campaigns = fields[5].initValue().initArray(static_cast<unsigned>(result.campaigns.size()));
  for (unsigned i = 0; i < result.campaigns.size(); ++i) campaigns[i].setString(result.campaigns[i].id);
  ctx.out << capnp::JsonCodec().encodeRaw(message.getRoot<capnp::json::Value>().asReader()).cStr() << "\n";
}

void printSummary(CliContext& ctx, const std::string& path, const server::DrillResult& result) {
  if (ctx.json) return printSummaryJson(ctx, path, result);
  ctx.out << "drill " << path << ": " << result.linesRun << " lines run, " << result.commandsOk << " commands ok, "
          << result.refusedAsExpected << " refused as expected\n";
  for (const auto& failure : result.failures) ctx.err << "qingling: drill stopped: " << failure.message << "\n";
}

}  // namespace

int cmdDrill(CliContext& ctx) {
  ctx.args.allowOnly({"as-of"});
  std::string path = ctx.args.word(1);
  if (path.empty() || ctx.args.positional().size() > 2) {
    throw UsageError("usage: qingling drill FILE.jsonl [--as-of INSTANT]");
  }
  if (auto text = ctx.args.option("as-of")) {
    int64_t t = 0;
    if (!server::parseInstant(*text, t)) throw UsageError("--as-of takes an instant such as 2023-08-31T18:00+08:00");
  }
  auto status = ctx.client.call([](Body body) { body.setStatus(); });
  if (status->getBody().isError()) return finish(ctx, status, [] {});
  std::string mode = status->getBody().getStatus().getClockMode();
  if (mode != "sim") {
    ctx.err << "qingling: a drill moves the clock, so it runs only against a server started with --clock sim; this "
               "server runs on the "
            << mode << " clock\n";
    return 1;
  }
  std::string host;
  uint16_t port = 0;
  server::parseEndpoint(endpointOf(ctx.args), host, port);
  server::DrillRunner runner(
      ctx.client, [&](const std::string& token) { return std::make_unique<server::Client>(host, port, token); });
  server::DrillResult result = runner.runFile(path);
  printSummary(ctx, path, result);
  int code = result.ok() ? 0 : 1;
  for (const auto& campaign : result.campaigns) {
    server::Client& leader = runner.as(campaign.importedBy);
    if (!ctx.json) {
      ctx.out << "\n== " << campaign.id << " (issued by " << campaign.issuer << ", as seen by " << campaign.importedBy
              << ") ==\n\nprogress\n";
    }
    code = std::max(code, project(ctx, leader, {"progress", campaign.id}, cmdProgress));
    if (!ctx.json) ctx.out << "\nescalation board\n";
    code = std::max(code, project(ctx, leader, {"escalations", "--campaign", campaign.id}, cmdEscalations));
    if (!ctx.json) ctx.out << "\ntask list of " << campaign.issuer << "\n";
    code = std::max(code, project(ctx, leader, {"tasks", campaign.issuer}, cmdTasks));
  }
  return code;
}

}  // namespace qingling::cli
