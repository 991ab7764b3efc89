// Authentication and authorisation over the wire: the bootstrap admin token, bad tokens, issued tokens of
// non-admin users, revocation.
#include <gtest/gtest.h>

#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using schema::ErrorCode;
using store::ExpectedVersion;

class AuthTest : public ::testing::Test {
 protected:
  // A unit `zy` under the bootstrap unit, and a user `li` of it with `role`; returns li's token.
  std::string userWithToken(schema::Role role, const std::string& unit = "zy") {
    Client admin = server_.admin();
    if (unit == "zy") {
      EXPECT_TRUE(registerUnit(admin, "zy", "qingling", "unit-zy")->getBody().isAppended());
    }
    Reply user = registerUser(admin, "li", unit, role);
    EXPECT_TRUE(user->getBody().isAppended()) << describe(user);
    return issueToken(admin, "li");
  }

  ServerProcess server_;
};

TEST_F(AuthTest, WhoAmIWithTheBootstrapAdminToken) {
  ASSERT_FALSE(server_.adminToken().empty());
  Client admin = server_.admin();
  Reply reply = admin.call([](Body body) { body.setWhoAmI(); });
  ASSERT_TRUE(reply->getBody().isPrincipal()) << describe(reply);
  auto principal = reply->getBody().getPrincipal();
  EXPECT_EQ(std::string(principal.getUser().cStr()), "admin");
  EXPECT_EQ(std::string(principal.getUnit().cStr()), "qingling");
  ASSERT_EQ(principal.getRoles().size(), 1u);
  EXPECT_EQ(principal.getRoles()[0], schema::Role::ADMIN);
  EXPECT_NE(server_.adminToken().find(principal.getTokenId().cStr()), std::string::npos);
}

TEST_F(AuthTest, WrongOrMalformedTokensAreUnauthenticatedAndAppendNothing) {
  Client admin = server_.admin();
  const store::Digest before = head(admin);
  std::string wrongSecret = server_.adminToken();
  wrongSecret.back() = wrongSecret.back() == '0' ? '1' : '0';
  for (const std::string& token :
       {std::string(), std::string("garbage"), std::string("qlt_0123456789abcdef_00"), wrongSecret}) {
    Client stranger = server_.client(token);
    Reply append = appendNotes(stranger, "intruder", ExpectedVersion::anyVersion(), "intrude-" + token, {"x"});
    EXPECT_TRUE(isError(append, ErrorCode::UNAUTHENTICATED)) << "token '" << token << "': " << describe(append);
    Reply command = registerUnit(stranger, "evil", "", "evil-" + token);
    EXPECT_TRUE(isError(command, ErrorCode::UNAUTHENTICATED)) << describe(command);
    Reply who = stranger.call([](Body body) { body.setWhoAmI(); });
    EXPECT_TRUE(isError(who, ErrorCode::UNAUTHENTICATED)) << describe(who);
  }
  const store::Digest after = head(admin);
  EXPECT_EQ(after.position, before.position);
  EXPECT_EQ(after.hash, before.hash);
}

TEST_F(AuthTest, IssuedTokenAuthenticatesALeaderWhoIsRefusedAdminWorkAndRawReads) {
  std::string token = userWithToken(schema::Role::LEADER);
  Client admin = server_.admin();
  const uint64_t before = head(admin).position;

  Client leader = server_.client(token);
  Reply who = leader.call([](Body body) { body.setWhoAmI(); });
  ASSERT_TRUE(who->getBody().isPrincipal()) << describe(who);
  EXPECT_EQ(std::string(who->getBody().getPrincipal().getUser().cStr()), "li");
  EXPECT_EQ(std::string(who->getBody().getPrincipal().getUnit().cStr()), "zy");
  ASSERT_EQ(who->getBody().getPrincipal().getRoles().size(), 1u);
  EXPECT_EQ(who->getBody().getPrincipal().getRoles()[0], schema::Role::LEADER);

  Reply unit = registerUnit(leader, "zy-sub", "zy", "leader-unit");
  EXPECT_TRUE(isError(unit, ErrorCode::FORBIDDEN)) << describe(unit);
  Reply user = registerUser(leader, "wang", "zy", schema::Role::ADMIN);
  EXPECT_TRUE(isError(user, ErrorCode::FORBIDDEN)) << describe(user);
  Reply raw = appendNotes(leader, "notes", ExpectedVersion::anyVersion(), "leader-note", {"hi"});
  EXPECT_TRUE(isError(raw, ErrorCode::FORBIDDEN)) << describe(raw);

  EXPECT_TRUE(isError(readAll(leader, 1), ErrorCode::FORBIDDEN));
  EXPECT_TRUE(isError(readStream(leader, "unit-zy", 1, false), ErrorCode::FORBIDDEN));
  EXPECT_TRUE(isError(verify(leader), ErrorCode::FORBIDDEN));
  EXPECT_TRUE(isError(leader.call([](Body body) { body.setDigest(); }), ErrorCode::FORBIDDEN));
  Reply subscribe = leader.call([](Body body) { body.initSubscribe().setFromPosition(1); });
  EXPECT_TRUE(isError(subscribe, ErrorCode::FORBIDDEN)) << describe(subscribe);
  Reply status = leader.call([](Body body) { body.setStatus(); });
  EXPECT_TRUE(status->getBody().isStatus()) << describe(status);

  EXPECT_EQ(head(admin).position, before);
}

// A command id names one user's command: the user retrying it gets the first answer back, anyone else reusing the
// id is refused without learning what that command was, and nothing is appended either way.
TEST_F(AuthTest, ARetriedCommandIdIsAnsweredOnlyToTheUserWhoIssuedIt) {
  std::string leaderToken = userWithToken(schema::Role::LEADER);
  Client admin = server_.admin();
  Reply first = registerUnit(admin, "town", "zy", "shared-id");
  ASSERT_TRUE(first->getBody().isAppended()) << describe(first);
  const uint64_t before = head(admin).position;

  Client leader = server_.client(leaderToken);
  Reply reused = registerUnit(leader, "town", "zy", "shared-id");
  ASSERT_TRUE(isError(reused, ErrorCode::BAD_REQUEST)) << describe(reused);
  EXPECT_NE(describe(reused).find("commandId shared-id was already used"), std::string::npos) << describe(reused);
  EXPECT_EQ(describe(reused).find("town"), std::string::npos) << "the refusal tells about the other command";

  Reply retried = registerUnit(admin, "town", "zy", "shared-id");
  ASSERT_TRUE(retried->getBody().isAppended()) << describe(retried);
  EXPECT_TRUE(retried->getBody().getAppended().getDuplicate());
  EXPECT_EQ(retried->getBody().getAppended().getFirstPosition(), first->getBody().getAppended().getFirstPosition());
  EXPECT_EQ(head(admin).position, before);
}

TEST_F(AuthTest, AuditorOfATopLevelUnitMayReadTheRawLog) {
  std::string token = userWithToken(schema::Role::AUDITOR, "qingling");
  Client auditor = server_.client(token);
  Reply page = readAll(auditor, 1);
  ASSERT_TRUE(page->getBody().isEvents()) << describe(page);
  EXPECT_FALSE(page->getBody().getEvents().getEvents().size() == 0);
  Reply raw = appendNotes(auditor, "notes", ExpectedVersion::anyVersion(), "auditor-note", {"hi"});
  EXPECT_TRUE(isError(raw, ErrorCode::FORBIDDEN)) << describe(raw);
}

TEST_F(AuthTest, RevokedTokenIsRefusedOnItsOpenConnectionAndOnNewOnes) {
  std::string token = userWithToken(schema::Role::LEADER);
  Client leader = server_.client(token);
  const std::string tokenId = tokenIdOf(leader);
  ASSERT_FALSE(tokenId.empty());

  Client admin = server_.admin();
  Reply revoke = command(admin, "revoke-li", [&](schema::Command::Body::Builder body) {
    auto r = body.initRevokeToken();
    r.setTokenId(tokenId);
    r.setReason("lost laptop");
  });
  ASSERT_TRUE(revoke->getBody().isAppended()) << describe(revoke);

  EXPECT_TRUE(isError(leader.call([](Body body) { body.setWhoAmI(); }), ErrorCode::UNAUTHENTICATED));
  Client again = server_.client(token);
  EXPECT_TRUE(isError(again.call([](Body body) { body.setStatus(); }), ErrorCode::UNAUTHENTICATED));

  Reply twice = command(admin, "revoke-li-again",
                        [&](schema::Command::Body::Builder body) { body.initRevokeToken().setTokenId(tokenId); });
  EXPECT_TRUE(isError(twice, ErrorCode::REJECTED)) << describe(twice);
  // The admin's own token is untouched.
  EXPECT_TRUE(admin.call([](Body body) { body.setWhoAmI(); })->getBody().isPrincipal());
}

TEST_F(AuthTest, DeactivatedUsersTokensAreRefused) {
  std::string token = userWithToken(schema::Role::LEADER);
  Client leader = server_.client(token);
  ASSERT_TRUE(leader.call([](Body body) { body.setWhoAmI(); })->getBody().isPrincipal());
  Client admin = server_.admin();
  Reply deactivate = command(admin, "deactivate-li",
                             [](schema::Command::Body::Builder body) { body.initDeactivateUser().setUserId("li"); });
  ASSERT_TRUE(deactivate->getBody().isAppended()) << describe(deactivate);
  EXPECT_TRUE(isError(leader.call([](Body body) { body.setWhoAmI(); }), ErrorCode::UNAUTHENTICATED));
  Reply reissue =
      command(admin, "reissue-li", [](schema::Command::Body::Builder body) { body.initIssueToken().setUserId("li"); });
  EXPECT_TRUE(isError(reissue, ErrorCode::REJECTED)) << describe(reissue);
}

}  // namespace
}  // namespace qingling::server::testing

namespace qingling::server::testing {
namespace {

// Guessing tokens is throttled per client address: past the limit, even the right token is refused from there, so
// a guess that happens to be right is not told apart, and the refused requests append nothing.
TEST(AuthThrottleOverTheWire, PastTheLimitEveryTokenFromThatAddressIsRefusedAndNothingAppended) {
  ServerProcess server({"--auth-failure-limit", "3", "--auth-failure-window-seconds", "3600"});
  const uint64_t before = [&] {
    Client admin = server.admin();
    return head(admin).position;
  }();
  std::string wrongSecret = server.adminToken();
  wrongSecret.back() = wrongSecret.back() == '0' ? '1' : '0';
  Client guesser = server.client(wrongSecret);
  for (int i = 0; i < 3; ++i) {
    Reply guess = registerUnit(guesser, "evil", "", "evil-" + std::to_string(i));
    ASSERT_TRUE(isError(guess, ErrorCode::UNAUTHENTICATED)) << describe(guess);
    EXPECT_NE(describe(guess).find("secret does not match"), std::string::npos) << describe(guess);
  }
  Reply fourth = registerUnit(guesser, "evil", "", "evil-3");
  ASSERT_TRUE(isError(fourth, ErrorCode::RATE_LIMITED)) << describe(fourth);
  EXPECT_NE(describe(fourth).find("too many failed authentications from 127.0.0.1"), std::string::npos)
      << describe(fourth);

  Client admin = server.admin();  // the right token, from the same address, on a new connection
  Reply refused = admin.call([](Body body) { body.setStatus(); });
  ASSERT_TRUE(isError(refused, ErrorCode::RATE_LIMITED)) << describe(refused);
  EXPECT_NE(describe(refused).find("try again in"), std::string::npos) << describe(refused);
  EXPECT_NE(server.serverOutput().find("authentication from 127.0.0.1 refused"), std::string::npos)
      << server.serverOutput();

  // The store did not move: restart without the throttle's memory (it is not persisted) and look.
  ASSERT_EQ(server.stop(), 0);
  server.start();
  Client after = server.admin();
  EXPECT_EQ(head(after).position, before);
}

}  // namespace
}  // namespace qingling::server::testing
