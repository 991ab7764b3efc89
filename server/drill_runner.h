// Drills: a campaign played through against a real qinglingd in sim-clock mode, from a JSON-lines file (the
// `qingling drill` subcommand, the scenario tests, demos). Format, one JSON object per line; blank lines and lines
// starting with # are skipped; every line may carry "at" (an instant such as "2023-05-20T09:00+08:00"):
//
//   {"at":"…","advance":true}                        move the sim clock to `at` (due escalations fire on the way)
//   {"setup":{"unit":{…PlanUnit…}}}                  the admin registers a unit (capnp-json of plan.capnp PlanUnit)
//   {"setup":{"user":{"userId":"zhang","name":"张","unit":"zy-gwh","roles":["leader"]}}}
//                                                    the admin registers a user (commands.capnp RegisterUser)
//   {"at":"…","as":"zhang","importPlan":"../plans/x.json"}
//                                                    `as` imports the plan file (relative to the drill's folder)
//   {"at":"…","as":"zhang","command":{"body":{"issueCampaign":{"campaignId":"…"}}}}
//                                                    `as` sends the command (capnp-json of commands.capnp Command)
//
// Before a line runs, the clock is set to its `at` (admin setClock) when `at` is later than the server's now; an
// `at` earlier than now fails the line (drill lines go forward in time). Every command line may say what it
// expects: "expect":"ok" (the default) or the name of a wire ErrorCode ("forbidden", "rejected", "notFound",
// "badRequest", …). A line whose outcome differs, a malformed line or an unknown field stops the drill; the
// failure names the line number. Commands without a commandId get "drill:<file name>:<line>", so running the same
// drill twice against one server sends each command once. The runner issues a token (admin issueToken) for each
// user the first time a line acts as that user and keeps it in memory only.
//
// Thread-compatible: one DrillRunner per thread. Blocking: every line waits for the server's answer.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/client.h"

namespace qingling::server {

struct DrillFailure {
  size_t line = 0;  // 1-based line number in the drill file
  std::string message;
};

// A campaign the drill imported, and who imported it (a leader who may read its projections).
struct DrillCampaign {
  std::string id;
  std::string issuer;
  std::string importedBy;
};

struct DrillResult {
  size_t linesRun = 0;                 // lines that ran to their expected outcome
  size_t commandsOk = 0;               // commands (setup and import included) the server accepted, as expected
  size_t refusedAsExpected = 0;        // commands the server refused with the expected error code
  std::vector<DrillFailure> failures;  // the line that stopped the drill (at most one)
  std::vector<DrillCampaign> campaigns;
  bool ok() const { return failures.empty(); }
};

class DrillRunner {
 public:
  // Connects a client with the given token to the same server as `admin`.
  using Connect = std::function<std::unique_ptr<Client>(const std::string& token)>;

  // `admin` holds an admin token and must outlive the runner.
  DrillRunner(Client& admin, Connect connect) : admin_(admin), connect_(std::move(connect)) {}

  // Runs the drill file; paths in it resolve against the file's folder.
  DrillResult runFile(const std::string& path);
  // Runs lines from `in`; `folder` resolves plan paths, `name` prefixes generated command ids.
  DrillResult run(std::istream& in, const std::string& folder, const std::string& name);

  // A connection acting as `user` (a token is issued on first use); throws ClientError if the admin is refused.
  Client& as(const std::string& user);

  // The first "at" of the drill file ("" if none): the instant to start a sim server at for this drill.
  static std::string firstInstant(const std::string& path);

 private:
  void runLine(const std::string& text, size_t number, const std::string& folder, const std::string& name,
               DrillResult& result);
  void moveClockTo(int64_t at);
  uint64_t headPosition();  // the log's head, asked of the server as the admin
  void expectOutcome(const Reply& reply, const std::string& expect, const std::string& what, DrillResult& result);

  Client& admin_;
  Connect connect_;
  std::map<std::string, std::unique_ptr<Client>> clients_;
};

}  // namespace qingling::server
