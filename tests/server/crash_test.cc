// kill -9 of qinglingd while eight clients append. Each client appends notes to its own stream with exact
// expected versions and unique command ids and records every acknowledged append; when the acks reach a count
// drawn from a seeded RNG, the server gets SIGKILL mid-flight. After a restart on the same data dir, every
// acknowledged event must be at its position with its stream, version and command id, exactly once; versions
// must be dense, retried command ids must come back as duplicates, and the hash chain must verify. Five
// rounds on one data dir, so later rounds recover logs that were already killed before.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using store::ExpectedVersion;

constexpr int kClients = 8;
constexpr int kRounds = 5;
constexpr uint32_t kSeed = 20230520;

struct Ack {
  uint64_t position;
  std::string stream;
  uint64_t version;
  std::string commandId;
};

struct Stored {
  uint64_t position;
  std::string commandId;
};

std::string streamOf(int client) { return "crash-" + std::to_string(client); }

// Every event of `stream`, by version, page by page.
std::map<uint64_t, Stored> readWholeStream(Client& client, const std::string& stream) {
  std::map<uint64_t, Stored> out;
  for (uint64_t from = 1; from != 0;) {
    Reply page = readStream(client, stream, from, false);
    if (!page->getBody().isEvents()) {
      ADD_FAILURE() << stream << ": " << describe(page);
      return out;
    }
    for (auto e : page->getBody().getEvents().getEvents()) {
      EXPECT_TRUE(out.emplace(e.getStreamVersion(), Stored{e.getPosition(), e.getCommandId().cStr()}).second);
    }
    from = page->getBody().getEvents().getNext();
  }
  return out;
}

// One client: appends until the connection fails, recording each ack; the ack that reaches `killAt` kills
// the server. Anything but a connection failure is recorded in `failure`.
void appendUntilKilled(ServerProcess& server, int client, int round, std::atomic<int>& acks, int killAt,
                       std::vector<Ack>& out, std::string& failure) {
  try {
    Client connection = server.admin();
    const std::string stream = streamOf(client);
    Reply last = readStream(connection, stream, 0, true, 1);
    uint64_t version = positions(last).empty() ? 0 : versions(last).front();
    for (;;) {
      std::string commandId = "r" + std::to_string(round) + "-" + stream + "-v" + std::to_string(version + 1);
      ExpectedVersion expected = version == 0 ? ExpectedVersion::noStream() : ExpectedVersion::exact(version);
      Reply reply = appendNotes(connection, stream, expected, commandId, {"note " + commandId});
      if (!reply->getBody().isAppended()) {
        failure = stream + ": " + describe(reply);
        return;
      }
      auto appended = reply->getBody().getAppended();
      out.push_back({appended.getFirstPosition(), stream, appended.getStreamVersion(), commandId});
      version = appended.getStreamVersion();
      if (++acks == killAt) server.kill();
    }
  } catch (const ClientError&) {
    // The server died under us: expected once the ack count is reached.
  } catch (const std::exception& e) {
    failure = streamOf(client) + ": " + e.what();
  }
}

// Checks every ack so far against the restarted server; returns how many events the clients' streams hold
// (acknowledged or not: an append can be durable and its answer lost in the crash).
size_t checkAcks(ServerProcess& server, const std::vector<Ack>& acks, std::mt19937& rng) {
  Client admin = server.admin();
  std::map<std::string, std::map<uint64_t, Stored>> streams;
  size_t total = 0;
  for (int c = 0; c < kClients; ++c) {
    auto& stored = streams[streamOf(c)] = readWholeStream(admin, streamOf(c));
    total += stored.size();
    uint64_t expected = 1;
    std::map<std::string, int> seen;
    for (const auto& [version, event] : stored) {
      EXPECT_EQ(version, expected++) << streamOf(c) << ": versions are not dense";
      EXPECT_EQ(++seen[event.commandId], 1) << event.commandId << " stored twice";
    }
  }
  for (const Ack& ack : acks) {
    const auto& stored = streams[ack.stream];
    auto it = stored.find(ack.version);
    if (it == stored.end()) {
      ADD_FAILURE() << "acknowledged " << ack.commandId << " (" << ack.stream << "@" << ack.version << ") is lost";
      continue;
    }
    EXPECT_EQ(it->second.position, ack.position) << ack.commandId;
    EXPECT_EQ(it->second.commandId, ack.commandId) << ack.stream << "@" << ack.version;
  }
  // Retrying acknowledged commands appends nothing and returns the first answer.
  const uint64_t before = head(admin).position;
  std::uniform_int_distribution<size_t> pick(0, acks.size() - 1);
  for (int i = 0; i < 40; ++i) {
    const Ack& ack = acks[pick(rng)];
    Reply retry = appendNotes(admin, ack.stream, ExpectedVersion::exact(ack.version - 1), ack.commandId, {"retry"});
    if (!retry->getBody().isAppended()) {
      ADD_FAILURE() << ack.commandId << ": " << describe(retry);
      continue;
    }
    EXPECT_TRUE(retry->getBody().getAppended().getDuplicate()) << ack.commandId;
    EXPECT_EQ(retry->getBody().getAppended().getFirstPosition(), ack.position) << ack.commandId;
    EXPECT_EQ(retry->getBody().getAppended().getStreamVersion(), ack.version) << ack.commandId;
  }
  const uint64_t after = head(admin).position;
  EXPECT_EQ(after, before);
  Reply verified = verify(admin);
  EXPECT_TRUE(verified->getBody().isVerified() && verified->getBody().getVerified().getIntact()) << describe(verified);
  EXPECT_EQ(verified->getBody().getVerified().getChecked(), after);
  return total;
}

TEST(CrashTest, EveryAcknowledgedAppendSurvivesKillNine) {
  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<int> threshold(200, 2000);
  ServerProcess server;
  std::vector<Ack> allAcks;
  size_t stored = 0;
  for (int round = 0; round < kRounds; ++round) {
    if (!server.running()) server.start();
    const int killAt = threshold(rng);
    std::atomic<int> acks{0};
    std::vector<std::vector<Ack>> perClient(kClients);
    std::vector<std::string> failures(kClients);
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back(appendUntilKilled, std::ref(server), c, round, std::ref(acks), killAt,
                           std::ref(perClient[c]), std::ref(failures[c]));
    }
    for (auto& t : clients) t.join();
    for (const auto& f : failures) ASSERT_EQ(f, "");
    ASSERT_FALSE(server.running()) << "the clients stopped before the ack count reached " << killAt;
    for (auto& acked : perClient) allAcks.insert(allAcks.end(), acked.begin(), acked.end());

    server.start();
    stored = checkAcks(server, allAcks, rng);
    if (HasFatalFailure()) return;
    std::printf("crash round %d: killed at ack %d (%d answered), all %zu acks so far checked, %zu events stored\n",
                round + 1, killAt, acks.load(), allAcks.size(), stored);
  }
  std::printf(
      "crash test: %d rounds, %zu acknowledged appends checked after each round, %zu stored "
      "(%zu durable but unanswered)\n",
      kRounds, allAcks.size(), stored, stored - allAcks.size());
  EXPECT_EQ(server.stop(), 0) << server.serverOutput();
}

}  // namespace
}  // namespace qingling::server::testing
