// The archive end to end (issue 5): a month of the zy hazards drill on a real qinglingd, exported with
// `qingling export`, imported with `qinglingd import` into a fresh data directory, served by a second qinglingd:
// the digest and the hazard ledger, campaign progress and escalation board are identical, byte for byte in
// capnp-json. And `qinglingd import` refuses a data directory that already holds a store.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include "schemas/json_codec.h"
#include "server/clock.h"
#include "store/hash_chain.h"
#include "tests/scenario/scenario_support.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

const char* const kDrill = "zy-2023-hazards-august.jsonl";

// Runs qinglingd with `args` (no shell) and returns its exit code.
int runQinglingd(const std::vector<std::string>& args) {
  std::string command = QINGLINGD_PATH;
  for (const auto& a : args) command += " '" + a + "'";
  return WEXITSTATUS(std::system((command + " >/dev/null 2>&1").c_str()));
}

std::string projectionJson(Client& client, int64_t asOf,
                           const std::function<void(schema::Query::Body::Builder)>& fill) {
  Reply reply = client.call([&](Body body) {
    auto q = body.initQuery();
    q.setAsOf(asOf);
    fill(q.getBody());
  });
  EXPECT_TRUE(reply->getBody().isProjection()) << describe(reply);
  return schema::toJson(reply->getBody());
}

TEST(ArchiveRoundTrip, AnImportedLogServesIdenticalProjectionsAndDigest) {
  DrillScenario drill(kDrill);
  // A token in the log before the export, so the same secret reads both servers.
  const std::string leader = issueToken(drill.admin(), "zhang");
  qingling::testing::TempDir files;
  const std::string archive = files.path() + "/zy.qla";
  CliResult exported = runCli(drill.server(), {"export", archive});
  ASSERT_EQ(exported.exitCode, 0) << exported.output;
  const store::Digest digest = head(drill.admin());
  EXPECT_NE(exported.output.find(std::to_string(digest.position) + ":" + store::toHex(digest.hash)), std::string::npos)
      << exported.output;

  Reply status = drill.admin().call([](Body body) { body.setStatus(); });
  // Whole seconds, as --sim-start takes them: the copy's clock starts at (not after) the original's now, so its
  // scheduler finds nothing new due, and both answer as of the same instant.
  const int64_t now = status->getBody().getStatus().getNow() / 1'000'000 * 1'000'000;
  ServerProcess copy({"--clock", "sim", "--sim-start", formatInstant(now)}, false);
  ASSERT_EQ(runQinglingd({"import", "--data", copy.dataDir(), archive}), 0);
  std::filesystem::copy_file(drill.server().dataDir() + "/admin.token", copy.dataDir() + "/admin.token");
  std::filesystem::copy_file(drill.server().dataDir() + "/seal.key", copy.dataDir() + "/seal.key");
  copy.start();
  Client copyAdmin = copy.admin();
  const store::Digest copied = head(copyAdmin);
  Client original = drill.server().client(leader), imported = copy.client(leader);
  EXPECT_EQ(copied.position, digest.position);
  EXPECT_EQ(copied.hash, digest.hash);

  using Fill = std::function<void(schema::Query::Body::Builder)>;
  const std::vector<std::pair<const char*, Fill>> projections = {
      {"hazard ledger", [](auto q) { q.initHazardLedger(); }},
      {"campaign progress", [](auto q) { q.setCampaignProgress("zy-2023-major-hazards"); }},
      {"escalation board", [](auto q) { q.initEscalationBoard(); }},
  };
  EXPECT_NE(projectionJson(imported, now, projections[0].second).find("zy-h06"), std::string::npos)
      << "the ledger compared is the drill's, not an empty one";
  for (const auto& [name, fill] : projections) {
    EXPECT_EQ(projectionJson(imported, now, fill), projectionJson(original, now, fill)) << name;
  }

  EXPECT_NE(runQinglingd({"import", "--data", copy.dataDir(), archive}), 0) << "a data dir with a store is refused";
}

}  // namespace
}  // namespace qingling::server::testing
