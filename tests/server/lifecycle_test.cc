// The server's life on one data directory: graceful stop on SIGTERM (also with a subscription open), restart
// with every event and the admin token intact, and digests that prove later logs extend earlier ones.
#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using schema::ErrorCode;
using store::ExpectedVersion;

struct Seen {
  std::string stream;
  uint64_t version;
  std::string text;
  std::string hash;
};

std::map<uint64_t, Seen> everything(Client& client) {
  std::map<uint64_t, Seen> out;
  Reply page = readAll(client, 1);
  for (auto e : page->getBody().getEvents().getEvents()) {
    auto hash = e.getHash();
    out[e.getPosition()] = {e.getStreamId().cStr(), e.getStreamVersion(),
                            e.getPayload().isNote() ? e.getPayload().getNote().getText().cStr() : "",
                            std::string(hash.begin(), hash.end())};
  }
  return out;
}

Reply verifyWithDigest(Client& client, const store::Digest& digest) {
  return client.call([&](Body body) {
    auto d = body.initVerify().initDigest();
    d.setPosition(digest.position);
    d.setHash(capnp::Data::Reader(digest.hash.data(), digest.hash.size()));
  });
}

TEST(LifecycleTest, SigtermExitsCleanlyAndARestartKeepsEveryEvent) {
  ServerProcess server;
  std::map<uint64_t, Seen> before;
  store::Digest digest;
  {
    Client admin = server.admin();
    for (int s = 0; s < 5; ++s) {
      for (int v = 0; v < 10; ++v) {
        std::string stream = "stream-" + std::to_string(s);
        Reply r = appendNotes(admin, stream, v == 0 ? ExpectedVersion::noStream() : ExpectedVersion::exact(v),
                              stream + "-" + std::to_string(v), {"note " + std::to_string(v)});
        ASSERT_TRUE(r->getBody().isAppended()) << describe(r);
      }
    }
    before = everything(admin);
    digest = head(admin);
  }
  ASSERT_EQ(before.size(), 53u);
  ASSERT_EQ(server.stop(), 0) << server.serverOutput();

  server.start();
  Client admin = server.admin();  // the same bootstrap token: no second bootstrap on a used log
  const store::Digest after = head(admin);
  EXPECT_EQ(after.position, digest.position);
  EXPECT_EQ(after.hash, digest.hash);
  std::map<uint64_t, Seen> again = everything(admin);
  ASSERT_EQ(again.size(), before.size());
  for (const auto& [position, seen] : before) {
    EXPECT_EQ(again[position].stream, seen.stream) << position;
    EXPECT_EQ(again[position].version, seen.version) << position;
    EXPECT_EQ(again[position].text, seen.text) << position;
    EXPECT_EQ(again[position].hash, seen.hash) << position;
  }
  Reply verified = verify(admin);
  ASSERT_TRUE(verified->getBody().isVerified()) << describe(verified);
  EXPECT_TRUE(verified->getBody().getVerified().getIntact());
  EXPECT_EQ(verified->getBody().getVerified().getChecked(), 53u);
  // Appends continue where they stopped.
  Reply next = appendNotes(admin, "stream-0", ExpectedVersion::exact(10), "stream-0-10", {"after restart"});
  ASSERT_TRUE(next->getBody().isAppended()) << describe(next);
  EXPECT_EQ(next->getBody().getAppended().getFirstPosition(), 54u);
}

TEST(LifecycleTest, SigtermWithAnOpenSubscriptionStillExitsCleanly) {
  ServerProcess server;
  Client subscriber = server.admin();
  uint64_t id = subscriber.send([](Body body) { body.initSubscribe().setFromPosition(1); });
  for (bool live = false; !live;) {
    Reply page = subscriber.receive();
    ASSERT_EQ(page->getRequestId(), id);
    ASSERT_TRUE(page->getBody().isEvents()) << describe(page);
    live = page->getBody().getEvents().getLive();
  }
  Client idle = server.admin();  // accepted just before the signal or not, it must not hold the stop up
  EXPECT_EQ(server.stop(), 0) << server.serverOutput();
  EXPECT_THROW(subscriber.receive(), ClientError);
}

TEST(LifecycleTest, SigtermWhileClientsAppendAndSubscribeAnswersAndKeepsEveryAck) {
  ServerProcess server;
  constexpr int kWriters = 4;
  constexpr int kStopAfter = 300;
  std::mutex mutex;
  std::condition_variable enough;
  std::vector<std::pair<std::string, uint64_t>> acks;  // stream, version; guarded by mutex
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      const std::string stream = "w-" + std::to_string(w);
      try {
        Client client = server.admin();
        for (uint64_t v = 0;; ++v) {
          Reply r = appendNotes(client, stream, v == 0 ? ExpectedVersion::noStream() : ExpectedVersion::exact(v),
                                stream + "-" + std::to_string(v), {"x"});
          if (!r->getBody().isAppended()) break;  // refused while stopping: fine, nothing acknowledged
          std::lock_guard lock(mutex);
          acks.emplace_back(stream, r->getBody().getAppended().getStreamVersion());
          if (acks.size() == kStopAfter) enough.notify_one();
        }
      } catch (const ClientError&) {
      }
    });
  }
  threads.emplace_back([&] {  // a live subscriber, busy following the writers when the signal comes
    try {
      Client client = server.admin();
      client.send([](Body body) { body.initSubscribe().setFromPosition(1); });
      for (;;) client.receive();
    } catch (const ClientError&) {
    }
  });
  {
    std::unique_lock lock(mutex);
    enough.wait(lock, [&] { return acks.size() >= kStopAfter; });
  }
  EXPECT_EQ(server.stop(), 0) << server.serverOutput();
  for (auto& t : threads) t.join();

  server.start();
  Client admin = server.admin();
  for (const auto& [stream, version] : acks) {
    Reply page = readStream(admin, stream, version, false, 1);
    EXPECT_EQ(versions(page), std::vector<uint64_t>{version}) << stream << "@" << version << " lost";
  }
  EXPECT_TRUE(verify(admin)->getBody().getVerified().getIntact());
}

TEST(LifecycleTest, VerifyWithADigestProvesTheLogExtendsIt) {
  ServerProcess server;
  Client admin = server.admin();
  ASSERT_TRUE(appendNotes(admin, "n", ExpectedVersion::anyVersion(), "n-1", {"a", "b"})->getBody().isAppended());
  const store::Digest digest = head(admin);
  ASSERT_EQ(digest.position, 5u);
  ASSERT_TRUE(appendNotes(admin, "n", ExpectedVersion::anyVersion(), "n-2", {"c"})->getBody().isAppended());

  Reply extends = verifyWithDigest(admin, digest);
  ASSERT_TRUE(extends->getBody().isVerified()) << describe(extends);
  EXPECT_TRUE(extends->getBody().getVerified().getIntact());
  EXPECT_EQ(extends->getBody().getVerified().getHead().getPosition(), 6u);

  store::Digest forged = digest;
  forged.hash[0] ^= 0x01;
  Reply mismatch = verifyWithDigest(admin, forged);
  ASSERT_TRUE(mismatch->getBody().isVerified()) << describe(mismatch);
  EXPECT_FALSE(mismatch->getBody().getVerified().getIntact());
  EXPECT_EQ(mismatch->getBody().getVerified().getFirstBad(), digest.position);

  store::Digest beyond = digest;
  beyond.position = 100;
  Reply truncated = verifyWithDigest(admin, beyond);
  ASSERT_TRUE(truncated->getBody().isVerified()) << describe(truncated);
  EXPECT_FALSE(truncated->getBody().getVerified().getIntact());
  EXPECT_EQ(truncated->getBody().getVerified().getFirstBad(), 7u);

  Reply shortHash = admin.call([&](Body body) {
    auto d = body.initVerify().initDigest();
    d.setPosition(digest.position);
    d.setHash(capnp::Data::Reader(digest.hash.data(), 16));
  });
  EXPECT_TRUE(isError(shortHash, ErrorCode::BAD_REQUEST)) << describe(shortHash);

  Reply partial = verify(admin, 4);
  ASSERT_TRUE(partial->getBody().isVerified()) << describe(partial);
  EXPECT_TRUE(partial->getBody().getVerified().getIntact());
  EXPECT_EQ(partial->getBody().getVerified().getChecked(), 4u);
}

}  // namespace
}  // namespace qingling::server::testing
