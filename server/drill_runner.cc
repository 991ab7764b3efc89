// The drill runner (see drill_runner.h for the format and the contract).
#include "server/drill_runner.h"

#include <filesystem>
#include <fstream>

#include <capnp/message.h>
#include <capnp/schema.h>

#include "server/clock.h"
#include "server/drill_line.h"
#include "server/plan_header.h"

namespace qingling::server {
namespace {

using Body = schema::Request::Body::Builder;

// A line that cannot run as written, or whose outcome is not the expected one.
using LineError = DrillLineError;

std::string errorCodeName(schema::ErrorCode code) {
  auto all = capnp::Schema::from<schema::ErrorCode>().getEnumerants();
  auto index = static_cast<uint16_t>(code);
  return index < all.size() ? std::string(all[index].getProto().getName().cStr()) : std::to_string(index);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw LineError{"cannot read " + path};
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// campaign.id and campaign.issuer of a plan document.
DrillCampaign campaignOf(const std::string& planJson, const std::string& path) {
  auto header = readPlanHeader(planJson);
  if (auto* problem = std::get_if<std::string>(&header)) throw LineError{path + " " + *problem};
  auto& named = std::get<PlanHeader>(header);
  return DrillCampaign{named.campaignId, named.issuer, {}};
}

}  // namespace

DrillResult DrillRunner::runFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return DrillResult{0, 0, 0, {DrillFailure{0, "cannot read drill file " + path}}, {}};
  std::filesystem::path file(path);
  return run(in, file.parent_path().string(), file.filename().string());
}

DrillResult DrillRunner::run(std::istream& in, const std::string& folder, const std::string& name) {
  DrillResult result;
  size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (isSkippedDrillLine(line)) continue;
    try {
      runLine(line, number, folder, name, result);
      ++result.linesRun;
    } catch (const LineError& e) {
      result.failures.push_back(DrillFailure{number, "line " + std::to_string(number) + ": " + e.message});
    } catch (const ClientError& e) {
      result.failures.push_back(DrillFailure{number, "line " + std::to_string(number) + ": " + e.what()});
    }
    if (!result.ok()) break;
  }
  return result;
}

Client& DrillRunner::as(const std::string& user) {
  auto it = clients_.find(user);
  if (it != clients_.end()) return *it->second;
  Reply reply = admin_.call([&](Body body) { body.initCommand().getBody().initIssueToken().setUserId(user); });
  auto answer = reply->getBody();
  if (!answer.isAppended() || answer.getAppended().getSecret().size() == 0) {
    std::string why = answer.isError() ? std::string(answer.getError().getMessage().cStr()) : "no secret returned";
    throw ClientError("cannot issue a token for user '" + user + "': " + why);
  }
  auto client = connect_(answer.getAppended().getSecret());
  return *clients_.emplace(user, std::move(client)).first->second;
}

std::string DrillRunner::firstInstant(const std::string& path) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (isSkippedDrillLine(line)) continue;
    std::optional<std::string> at = drillLineAtText(line);
    if (!at) return "";
    if (!at->empty()) return *at;
  }
  return "";
}

uint64_t DrillRunner::headPosition() {
  Reply status = admin_.call([](Body body) { body.setStatus(); });
  if (!status->getBody().isStatus()) throw LineError{"the server refused a status request"};
  return status->getBody().getStatus().getHead().getPosition();
}

void DrillRunner::moveClockTo(int64_t at) {
  Reply status = admin_.call([](Body body) { body.setStatus(); });
  if (!status->getBody().isStatus()) throw LineError{"the server refused a status request"};
  auto s = status->getBody().getStatus();
  if (s.getClockMode() != "sim") {
    throw LineError{"the server runs on the wall clock; drills need a server started with --clock sim"};
  }
  if (at < s.getNow()) {
    throw LineError{"\"at\" " + formatInstant(at) + " is before the server's clock, " + formatInstant(s.getNow()) +
                    "; drill lines must go forward in time"};
  }
  if (at == s.getNow()) return;
  Reply moved = admin_.call([&](Body body) { body.initCommand().getBody().initSetClock().setTo(at); });
  if (moved->getBody().isError()) {
    throw LineError{"setting the clock to " + formatInstant(at) +
                    " was refused: " + moved->getBody().getError().getMessage().cStr()};
  }
}

void DrillRunner::expectOutcome(const Reply& reply, const std::string& expect, const std::string& what,
                                DrillResult& result) {
  auto body = reply->getBody();
  std::string got = body.isError() ? errorCodeName(body.getError().getCode()) : "ok";
  if (got == expect) {
    ++(got == "ok" ? result.commandsOk : result.refusedAsExpected);
    return;
  }
  if (body.isError()) {
    throw LineError{what + ": expected " + expect + " but the server answered " + got + ": " +
                    body.getError().getMessage().cStr()};
  }
  throw LineError{what + ": expected " + expect + " but the server accepted it"};
}

void DrillRunner::runLine(const std::string& text, size_t number, const std::string& folder, const std::string& name,
                          DrillResult& result) {
  DrillLine line = parseDrillLine(text);
  if (line.at) moveClockTo(*line.at);
  if (line.kind == "advance") return;

  if (!line.message) line.message = std::make_unique<capnp::MallocMessageBuilder>();
  auto command = line.command();
  std::string what = line.what;
  DrillCampaign imported;
  if (line.kind == "importPlan") {
    std::filesystem::path path(line.planPath);
    if (path.is_relative()) path = std::filesystem::path(folder) / path;
    std::string planJson = readFile(path.string());
    imported = campaignOf(planJson, path.string());
    imported.importedBy = line.user;
    command.getBody().initImportPlan().setPlanJson(planJson);
    what = "importPlan " + path.filename().string();
  }
  if (command.getCommandId().size() == 0) command.setCommandId("drill:" + name + ":" + std::to_string(number));
  Client& client = line.kind == "setup" ? admin_ : as(line.user);
  bool refusal = line.expect != "ok";
  uint64_t headBefore = refusal ? headPosition() : 0;
  Reply reply = client.call([&](Body body) { body.setCommand(command.asReader()); });
  expectOutcome(reply, line.expect, what, result);
  if (refusal) {
    // A refusal changes nothing: the drill proves it for every refused line, not only that an error came back.
    uint64_t headAfter = headPosition();
    if (headAfter != headBefore) {
      throw LineError{what + " was refused as expected, but the log moved from position " + std::to_string(headBefore) +
                      " to " + std::to_string(headAfter) + "; a refused command must append nothing"};
    }
  }
  if (line.kind == "importPlan" && line.expect == "ok") {
    bool known = false;
    for (const auto& c : result.campaigns) known = known || c.id == imported.id;
    if (!known) result.campaigns.push_back(imported);
  }
}

}  // namespace qingling::server
