#include "tests/server/backdated_story.h"

#include <gtest/gtest.h>

#include "schemas/json_codec.h"
#include "server/clock.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

// A command given in capnp-json, as of `occurredAt` (0 = the server's now); must be accepted.
void ok(Client& client, const std::string& commandId, const std::string& bodyJson, int64_t occurredAt = 0) {
  Reply reply = client.call([&](Body body) {
    auto command = body.initCommand();
    command.setCommandId(commandId);
    command.setOccurredAt(occurredAt);
    schema::fromJson(bodyJson, command.getBody());
  });
  EXPECT_TRUE(reply->getBody().isAppended()) << commandId << ": " << describe(reply);
}

void advance(Client& admin, const std::string& by) {
  ok(admin, "advance-" + by, R"({"advanceClock":{"by":")" + by + R"("}})");
}

}  // namespace

std::vector<std::string> backdatedStoryArgs(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--clock", "sim", "--sim-start", "2023-07-01T08:00+08:00"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

int64_t at(const std::string& text) {
  int64_t out = 0;
  EXPECT_TRUE(parseInstant(text, out)) << text;
  return out;
}

void playBackdatedStory(const ServerProcess& server) {
  Client admin = server.admin();
  ok(admin, "unit-county",
     R"({"registerUnit":{"id":"county","name":"县应急管理局","kind":"agency","parent":"qingling"}})");
  ok(admin, "unit-ent", R"({"registerUnit":{"id":"ent","name":"正阳化工","kind":"enterprise","parent":"county"}})");
  EXPECT_TRUE(registerUser(admin, "wang", "county", schema::Role::DEPARTMENT)->getBody().isAppended());
  EXPECT_TRUE(registerUser(admin, "qiye", "ent", schema::Role::ENTERPRISE)->getBody().isAppended());
  Client dept = server.client(issueToken(admin, "wang"));
  Client ent = server.client(issueToken(admin, "qiye"));

  advance(admin, "P9D");  // 07-10
  ok(dept, "record-h1", R"({"recordHazard":{"hazardId":"h1","enterprise":"ent","source":"enforcement",
      "grade":"general","description":"灭火器过期","deadline":"2023-07-04"}})",
     at("2023-07-02T10:00+08:00"));
  advance(admin, "P2D");  // 07-12
  ok(ent, "rectified-h1", R"({"reportRectified":{"hazardId":"h1","evidence":[{"uri":"evidence://photo.jpg"}]}})");
  ok(dept, "verify-h1", R"({"verifyRectification":{"hazardId":"h1","passed":true}})");
  advance(admin, "P8D");  // 07-20
}

}  // namespace qingling::server::testing
