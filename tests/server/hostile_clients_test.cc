// Hostile clients in numbers against the real qinglingd: 1,000 idle connections filling max-connections (the next
// is refused with a clear error; once some leave, newcomers are served), and all at once 1,000 idle connections,
// slow readers that pipeline large reads and never read (reading pauses at max-outgoing-bytes), flooders that
// pipeline thousands of requests past max-in-flight, and a well-behaved client that keeps being answered.
// qinglingd's memory is read from /proc before and after: the peak must stay within what the configured limits
// allow, and the figures are printed (the "hostile-client peak memory" of issue 6). No timed assertions.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <capnp/serialize.h>
#include <kj/io.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/server/hostile_support.h"

namespace qingling::server::testing {
namespace {

using schema::ErrorCode;
using store::ExpectedVersion;

constexpr int kIdle = 1000;

// Raises this process's open-file limit, which the qinglingd it starts inherits; false if the hard limit is lower.
bool raiseFileLimit(rlim_t needed) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  if (limit.rlim_cur >= needed) return true;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) return false;
  limit.rlim_cur = needed;
  return ::setrlimit(RLIMIT_NOFILE, &limit) == 0;
}

#define REQUIRE_FILE_LIMIT()                                                                                      \
  if (!raiseFileLimit(2 * kIdle + 512)) {                                                                         \
    GTEST_SKIP() << "needs " << 2 * kIdle + 512 << " open files (1,000 idle connections on both ends); the hard " \
                 << "limit (ulimit -Hn) is lower";                                                                \
  }

// A bare TCP connection: one descriptor and no io_context, so a thousand of them are cheap for the test.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("cannot connect to qinglingd");
    }
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void write(const kj::Array<capnp::word>& frame) {
    kj::FdOutputStream(fd_).write(frame.begin(), frame.size() * sizeof(capnp::word));
  }
  bool answeredWhoAmI() {
    capnp::StreamFdMessageReader reader(fd_);
    return reader.getRoot<schema::Response>().getBody().isPrincipal();
  }

 private:
  int fd_;
};

// Opens `count` connections that each ask whoAmI once (all sent, then all answers read), then hold still.
std::vector<std::unique_ptr<RawConnection>> openIdle(const ServerProcess& server, int count) {
  std::vector<std::unique_ptr<RawConnection>> idle;
  auto whoAmI = requestFrame(server.adminToken(), 1, [](Body body) { body.setWhoAmI(); });
  for (int i = 0; i < count; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server.port()));
    idle.back()->write(whoAmI);
  }
  for (int i = 0; i < count; ++i) EXPECT_TRUE(idle[i]->answeredWhoAmI()) << "idle connection " << i;
  return idle;
}

// True if `client` gets a status answer; false if it was refused (an error, or the connection closed).
bool servedStatus(Client& client) {
  try {
    return client.call([](Body body) { body.setStatus(); })->getBody().isStatus();
  } catch (const ClientError&) {
    return false;
  }
}

TEST(HostileClientsTest, AThousandIdleConnectionsFillMaxConnectionsAndTheNextIsRefusedClearly) {
  REQUIRE_FILE_LIMIT();
  ServerProcess server({"--max-connections", std::to_string(kIdle + 1)});
  ASSERT_TRUE(eventually([&] { return connectionsSeen(server) == 1; })) << "the start-up probe lingers";
  auto idle = openIdle(server, kIdle);
  // The well-behaved client takes the last place (retrying while the server still counts the probe above).
  std::unique_ptr<Client> wellBehaved;
  ASSERT_TRUE(eventually([&] {
    wellBehaved = std::make_unique<Client>("127.0.0.1", server.port(), server.adminToken());
    return servedStatus(*wellBehaved);
  }));
  Reply status = wellBehaved->call([](Body body) { body.setStatus(); });
  ASSERT_TRUE(status->getBody().isStatus()) << describe(status);
  EXPECT_EQ(status->getBody().getStatus().getConnections(), static_cast<uint32_t>(kIdle + 1));

  Client over = server.admin();
  Reply refused = over.receive();
  EXPECT_EQ(refused->getRequestId(), 0u);
  EXPECT_TRUE(isError(refused, ErrorCode::UNAVAILABLE)) << describe(refused);
  EXPECT_NE(describe(refused).find("max-connections"), std::string::npos) << describe(refused);
  EXPECT_THROW(over.receive(), ClientError) << "the refused connection stays open";

  EXPECT_TRUE(wellBehaved->call([](Body body) { body.setWhoAmI(); })->getBody().isPrincipal());
  idle.resize(kIdle - 10);  // ten leave; a newcomer, retrying as clients do, gets in once the server has noticed
  EXPECT_TRUE(eventually([&] {
    Client newcomer = server.admin();
    return servedStatus(newcomer);
  }));
}

// A client that pipelines `count` reads of `limit` large events from the start of the log and reads nothing back
// until told to.
struct SlowReader {
  SlowReader(const ServerProcess& server, int count, uint32_t limit) : client(server.admin()), count(count) {
    for (int i = 0; i < count; ++i) readAllAsync(limit);
  }
  void readAllAsync(uint32_t limit) {
    client.send([&](Body body) {
      auto read = body.initReadAll();
      read.setFromPosition(1);
      read.setLimit(limit);
    });
  }
  size_t pendingBytes() const {
    int bytes = 0;
    ::ioctl(client.fd(), FIONREAD, &bytes);
    return static_cast<size_t>(bytes);
  }
  Client client;
  int count;
};

// A client that first fills its max-in-flight with subscriptions (slots held for good), then pipelines
// `count` requests from one thread while another reads the answers: every one must be tooManyInFlight.
struct Flooder {
  Flooder(const ServerProcess& server, uint32_t maxInFlight, int count) : client(server.admin()), count(count) {
    const uint64_t from = head(client).position + 1;
    for (uint32_t i = 0; i < maxInFlight; ++i) {
      uint64_t id = client.send([&](Body body) { body.initSubscribe().setFromPosition(from); });
      Reply live = client.receive();  // the page that says it is live: the slot is held from now on
      if (live->getRequestId() != id || !live->getBody().isEvents()) throw std::runtime_error(describe(live));
    }
    // Status, whoAmI and reads, ids above the subscriptions'.
    for (int i = 0; i < count; ++i) {
      auto frame = requestFrame(server.adminToken(), 1000 + i, [i](Body body) {
        if (i % 3 == 0) body.setStatus();
        if (i % 3 == 1) body.setWhoAmI();
        if (i % 3 == 2) body.initReadAll().setLimit(1);
      });
      auto bytes = frame.asBytes();
      flood.insert(flood.end(), bytes.begin(), bytes.end());
    }
  }
  void run() {
    std::thread writer([&] { client.sendRaw(flood.data(), flood.size()); });
    for (int answered = 0; answered < count;) {
      Reply reply = client.receive();
      if (reply->getRequestId() < 1000) continue;  // a subscription's page
      ++answered;
      if (isError(reply, ErrorCode::TOO_MANY_IN_FLIGHT)) ++refused;
    }
    writer.join();
  }
  Client client;
  int count;
  std::vector<uint8_t> flood;
  int refused = 0;
};

// A client that pipelines `count` appends as fast as it can, reading answers on another thread: each is
// appended or tooManyInFlight.
struct AppendFlooder {
  AppendFlooder(const ServerProcess& server, int count) : client(server.admin()), count(count) {
    for (int i = 0; i < count; ++i) {
      auto frame = requestFrame(server.adminToken(), 1 + i, [i](Body body) {
        fillNotes(body, "flood", ExpectedVersion::anyVersion(), "", {"flood " + std::to_string(i)});
      });
      auto bytes = frame.asBytes();
      flood.insert(flood.end(), bytes.begin(), bytes.end());
    }
  }
  void run() {
    std::thread writer([&] { client.sendRaw(flood.data(), flood.size()); });
    for (int i = 0; i < count; ++i) {
      Reply reply = client.receive();
      if (reply->getBody().isAppended()) ++appended;
      if (isError(reply, ErrorCode::TOO_MANY_IN_FLIGHT)) ++refused;
    }
    writer.join();
  }
  Client client;
  int count;
  std::vector<uint8_t> flood;
  int appended = 0;
  int refused = 0;
};

double mib(uint64_t kib) { return static_cast<double>(kib) / 1024; }

TEST(HostileClientsTest, IdleSlowAndFloodingClientsAtOnceKeepMemoryBoundedAndWellBehavedClientsServed) {
  REQUIRE_FILE_LIMIT();
  constexpr uint64_t kMaxOutgoing = 256 << 10;
  constexpr uint32_t kMaxInFlight = 4;
  constexpr int kSlowReaders = 4, kReadsEach = 32, kFlooders = 3, kFloodEach = 2000, kAppendFlood = 500;
  constexpr uint32_t kEvents = 256, kNoteBytes = 4000;  // one read: ~1 MiB of answer
  ServerProcess server(
      {"--max-outgoing-bytes", std::to_string(kMaxOutgoing), "--max-in-flight", std::to_string(kMaxInFlight)});
  const pid_t pid = server.pid();
  Client wellBehaved = server.admin();
  for (uint32_t i = 0; i < kEvents / 64; ++i) {
    std::vector<std::string> notes(64, std::string(kNoteBytes, static_cast<char>('a' + i)));
    ASSERT_TRUE(appendNotes(wellBehaved, "big", ExpectedVersion::anyVersion(), "", notes)->getBody().isAppended());
  }
  const uint64_t freshKiB = procStatusKiB(pid, "VmRSS");

  auto idle = openIdle(server, kIdle);
  const uint64_t idleKiB = procStatusKiB(pid, "VmRSS");
  const uint64_t peakBeforeKiB = procStatusKiB(pid, "VmHWM");

  std::vector<std::unique_ptr<SlowReader>> slow;
  for (int i = 0; i < kSlowReaders; ++i) slow.push_back(std::make_unique<SlowReader>(server, kReadsEach, kEvents));
  for (auto& reader : slow) {
    EXPECT_TRUE(eventually([&] { return reader->pendingBytes() > 0; })) << "a slow reader was never answered";
  }
  std::vector<std::unique_ptr<Flooder>> flooders;
  for (int i = 0; i < kFlooders; ++i) flooders.push_back(std::make_unique<Flooder>(server, kMaxInFlight, kFloodEach));
  AppendFlooder appendFlooder(server, kAppendFlood);
  const uint64_t headBefore = head(wellBehaved).position;

  std::atomic<int> running{kFlooders + 1};
  std::vector<std::string> threadErrors(kFlooders + 1);
  std::vector<std::thread> threads;
  auto guarded = [&](std::function<void()> run, std::string& error) {
    try {
      run();
    } catch (const std::exception& e) {
      error = e.what();
    }
    --running;
  };
  for (int i = 0; i < kFlooders; ++i) {
    threads.emplace_back(
        guarded, [f = flooders[i].get()] { f->run(); }, std::ref(threadErrors[i]));
  }
  threads.emplace_back(
      guarded, [&] { appendFlooder.run(); }, std::ref(threadErrors[kFlooders]));
  // The well-behaved client asks while the flood lasts (at least 20 rounds, whatever the scheduling).
  int rounds = 0, wellAppended = 0;
  std::string wellError;
  for (; wellError.empty() && (rounds < 20 || (running > 0 && rounds < 5000)); ++rounds) {
    Reply status = wellBehaved.call([](Body body) { body.setStatus(); });
    if (!status->getBody().isStatus()) wellError = "status: " + describe(status);
    Reply page = readAll(wellBehaved, 1, 2);
    if (positions(page) != std::vector<uint64_t>{1, 2}) wellError = "readAll: " + describe(page);
    if (rounds % 5 == 0) {
      Reply appended = appendNotes(wellBehaved, "calm", ExpectedVersion::anyVersion(), "", {"calm"});
      if (!appended->getBody().isAppended()) wellError = "append: " + describe(appended);
      ++wellAppended;
    }
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wellError, "") << "the well-behaved client was not served in round " << rounds;
  for (const auto& error : threadErrors) EXPECT_EQ(error, "") << "a flooder's connection failed";
  const uint64_t peakKiB = procStatusKiB(pid, "VmHWM");
  const uint64_t endKiB = procStatusKiB(pid, "VmRSS");

  for (auto& flooder : flooders) EXPECT_EQ(flooder->refused, kFloodEach) << "flood answers not tooManyInFlight";
  EXPECT_EQ(appendFlooder.appended + appendFlooder.refused, kAppendFlood) << "other answers to the append flood";
  EXPECT_EQ(head(wellBehaved).position, headBefore + appendFlooder.appended + wellAppended)
      << "the log holds other than the acknowledged appends";

  // Each slow reader's memory on the server: responses queued up to max-outgoing-bytes, then the one that crossed
  // it, then the next request read and waiting for room. Flooders queue small answers under the same limit.
  const uint64_t answerKiB = kEvents * (kNoteBytes + 512) / 1024;
  const uint64_t allowedKiB = kSlowReaders * (kMaxOutgoing / 1024 + answerKiB) + kFlooders * kMaxOutgoing / 1024 +
                              32 * 1024;  // margin: replays, the store's caches, allocator slack
  std::printf(
      "hostile clients: %d idle + %d slow readers (%d reads of ~%.1f MiB each) + %d flooders (%d requests each) + "
      "1 append flooder (%d appends, %d acknowledged): qinglingd peak RSS %.1f MiB (fresh %.1f MiB, with the idle "
      "connections %.1f MiB, peak before the hostile phase %.1f MiB, at its end %.1f MiB; allowed peak %.1f MiB, "
      "unbounded queues would hold ~%.0f MiB)%s\n",
      kIdle, kSlowReaders, kReadsEach, mib(answerKiB), kFlooders, kFloodEach, kAppendFlood, appendFlooder.appended,
      mib(peakKiB), mib(freshKiB), mib(idleKiB), mib(peakBeforeKiB), mib(endKiB), mib(idleKiB + allowedKiB),
      mib(kSlowReaders * kReadsEach * answerKiB), kSanitized ? " [sanitized build: not asserted]" : "");
  if (!kSanitized) {
    EXPECT_LT(peakKiB, std::max(idleKiB, peakBeforeKiB) + allowedKiB) << "qinglingd's memory grew past its limits";
  }

  // The slow readers read at last: every answer arrives, whole and in order.
  for (auto& reader : slow) {
    for (int i = 0; i < reader->count; ++i) {
      Reply page = reader->client.receive();
      ASSERT_EQ(page->getRequestId(), static_cast<uint64_t>(i + 1));
      ASSERT_EQ(page->getBody().getEvents().getEvents().size(), kEvents) << describe(page);
    }
  }
  EXPECT_TRUE(wellBehaved.call([](Body body) { body.setStatus(); })->getBody().isStatus());
}

// Many slow readers, each allowed a large queue of its own (max-outgoing-bytes 64 MiB): the global budget
// (max-buffered-bytes) stops them all from reading once their queued answers fill it, so together they hold about
// the budget, not their sum. A client that asks meanwhile waits its turn and is answered once the readers leave.
TEST(HostileClientsTest, TheGlobalBudgetBoundsWhatManySlowReadersHoldTogether) {
  constexpr uint64_t kBudget = 8 << 20;
  constexpr int kSlowReaders = 12, kReadsEach = 16;
  constexpr uint32_t kEvents = 256, kNoteBytes = 4000;  // one read: ~1 MiB of answer
  ServerProcess server({"--max-buffered-bytes", std::to_string(kBudget), "--max-frame-bytes", std::to_string(1 << 20),
                        "--max-outgoing-bytes", std::to_string(64 << 20)});
  const pid_t pid = server.pid();
  Client wellBehaved = server.admin();
  for (uint32_t i = 0; i < kEvents / 64; ++i) {
    std::vector<std::string> notes(64, std::string(kNoteBytes, static_cast<char>('a' + i)));
    ASSERT_TRUE(appendNotes(wellBehaved, "big", ExpectedVersion::anyVersion(), "", notes)->getBody().isAppended());
  }
  const uint64_t beforeKiB = std::max(procStatusKiB(pid, "VmRSS"), procStatusKiB(pid, "VmHWM"));

  std::vector<std::unique_ptr<SlowReader>> slow;
  for (int i = 0; i < kSlowReaders; ++i) slow.push_back(std::make_unique<SlowReader>(server, kReadsEach, kEvents));
  ASSERT_TRUE(eventually([&] { return server.serverOutput().find("max-buffered-bytes") != std::string::npos; }))
      << "the budget was never spent: " << server.serverOutput();
  const uint64_t waitingKiB = procStatusKiB(pid, "VmRSS");
  const uint64_t waitingFor = wellBehaved.send([](Body body) { body.setStatus(); });

  const uint64_t answerKiB = kEvents * (kNoteBytes + 512) / 1024;
  // The budget, plus at most one answer per reader: each charges its answer after its request was let in.
  const uint64_t allowedKiB = kBudget / 1024 + kSlowReaders * answerKiB + 32 * 1024;
  const uint64_t peakKiB = procStatusKiB(pid, "VmHWM");
  std::printf(
      "global budget: %d slow readers x %d reads of ~%.1f MiB, max-buffered-bytes %.0f MiB: qinglingd peak RSS "
      "%.1f MiB (before %.1f MiB, while readers wait %.1f MiB; allowed peak %.1f MiB; per-connection limits alone "
      "would allow ~%.0f MiB)%s\n",
      kSlowReaders, kReadsEach, mib(answerKiB), mib(kBudget / 1024), mib(peakKiB), mib(beforeKiB), mib(waitingKiB),
      mib(beforeKiB + allowedKiB), mib(kSlowReaders * kReadsEach * answerKiB),
      kSanitized ? " [sanitized build: not asserted]" : "");
  if (!kSanitized) EXPECT_LT(peakKiB, beforeKiB + allowedKiB) << "the slow readers held more than the budget";

  slow.clear();  // they leave without reading: their queued answers are dropped and the budget freed
  Reply answer = wellBehaved.receive();
  EXPECT_EQ(answer->getRequestId(), waitingFor);
  EXPECT_TRUE(answer->getBody().isStatus()) << describe(answer);
  EXPECT_TRUE(servedStatus(wellBehaved));
}

}  // namespace
}  // namespace qingling::server::testing
