// The first start's admin bootstrap (system unit, `admin` user, a token written to DIR/admin.token) is three
// appends: a crash between them must not lock the operator out. These tests prepare the half-done store a
// crash would leave, directly through the EventLog, then start qinglingd on it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "schemas/events.capnp.h"
#include "store/event_log.h"
#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

// Appends one event whose payload `fill` sets, as bootstrapAdmin would have.
void appendDirect(store::EventLog& log, const std::string& stream,
                  const std::function<void(schema::Event::Builder)>& fill) {
  store::AppendRequest request;
  request.streamId = stream;
  request.expected = store::ExpectedVersion::noStream();
  request.commandId = "bootstrap-" + stream;
  store::NewEvent event{std::make_unique<capnp::MallocMessageBuilder>()};
  auto envelope = event.message->initRoot<schema::EventEnvelope>();
  envelope.initActor().setUser("qingling");
  envelope.initUnits(1).set(0, "qingling");
  fill(envelope.initPayload());
  request.events.push_back(std::move(event));
  auto result = log.append(std::move(request));
  ASSERT_TRUE(result.ok()) << result.error().message;
}

// The store as a crash after the first `steps` bootstrap appends leaves it (1: unit, 2: unit and user).
void halfBootstrap(const std::string& path, int steps) {
  auto opened = store::EventLog::open(store::LogOptions{path});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  appendDirect(*opened.value(), "unit-qingling", [](schema::Event::Builder e) {
    auto unit = e.initUnitRegistered().initUnit();
    unit.setId("qingling");
    unit.setName("Qingling system");
    unit.setKind(schema::UnitKind::OTHER);
  });
  if (steps < 2) return;
  appendDirect(*opened.value(), "user-admin", [](schema::Event::Builder e) {
    auto user = e.initUserRegistered();
    user.setUserId("admin");
    user.setName("Administrator");
    user.setUnit("qingling");
    user.initRoles(1).set(0, schema::Role::ADMIN);
  });
}

void expectWorkingAdmin(ServerProcess& server) {
  ASSERT_FALSE(server.adminToken().empty()) << "no admin.token after the first start:\n" << server.serverOutput();
  Client admin = server.admin();
  Reply who = admin.call([](Body body) { body.setWhoAmI(); });
  ASSERT_TRUE(who->getBody().isPrincipal()) << describe(who);
  EXPECT_EQ(std::string(who->getBody().getPrincipal().getUser().cStr()), "admin");
  Reply verified = verify(admin);
  EXPECT_TRUE(verified->getBody().getVerified().getIntact()) << describe(verified);
}

TEST(BootstrapTest, FirstStartWritesAWorkingAdminTokenOnce) {
  ServerProcess server;
  expectWorkingAdmin(server);
  EXPECT_EQ(
      std::filesystem::status(server.dataDir() + "/admin.token").permissions() & std::filesystem::perms::group_all,
      std::filesystem::perms::none);
  const std::string token = server.adminToken();
  ASSERT_EQ(server.stop(), 0);
  server.start();
  EXPECT_EQ(server.adminToken(), token) << "a restart must not bootstrap again";
  Client admin = server.admin();
  EXPECT_EQ(head(admin).position, 3u);
}

TEST(BootstrapTest, CrashAfterTheUnitWasRegisteredDoesNotLockTheAdminOut) {
  ServerProcess server({}, /*startNow=*/false);
  halfBootstrap(server.storePath(), 1);
  if (HasFatalFailure()) return;
  server.start();
  expectWorkingAdmin(server);
}

TEST(BootstrapTest, CrashAfterTheUserWasRegisteredDoesNotLockTheAdminOut) {
  ServerProcess server({}, /*startNow=*/false);
  halfBootstrap(server.storePath(), 2);
  if (HasFatalFailure()) return;
  server.start();
  expectWorkingAdmin(server);
}

}  // namespace
}  // namespace qingling::server::testing
