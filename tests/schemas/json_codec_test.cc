// Commands travel as capnp-json in drills and scripts: the codec must round-trip them exactly and refuse
// malformed input with the decoder's reason.
#include "schemas/json_codec.h"

#include <gtest/gtest.h>

#include "schemas/commands.capnp.h"

namespace qingling::schema {
namespace {

TEST(JsonCodec, RoundTripsACommandInCapnpJsonForm) {
  const std::string json =
      R"js({"commandId":"c-1","occurredAt":"1684540800000000","body":{"recordHazard":{"hazardId":"h-1",)js"
      R"js("enterprise":"zy-e1","source":"selfInspection","grade":"major","category":"有限空间",)js"
      R"js("criterion":{"standard":"gongmao-2023","item":"4.(3)"}}}})js";
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<Command>();
  fromJson(json, command);
  EXPECT_EQ(command.getOccurredAt(), 1684540800000000);
  ASSERT_TRUE(command.getBody().isRecordHazard());
  auto hazard = command.getBody().getRecordHazard();
  EXPECT_EQ(hazard.getGrade(), HazardGrade::MAJOR);
  EXPECT_EQ(std::string(hazard.getCategory().cStr()), "有限空间");
  EXPECT_EQ(std::string(hazard.getCriterion().getItem().cStr()), "4.(3)");

  capnp::MallocMessageBuilder again;
  auto copy = again.initRoot<Command>();
  fromJson(toJson(command.asReader()), copy);
  EXPECT_EQ(toJson(copy.asReader()), toJson(command.asReader()));
}

TEST(JsonCodec, RefusesMalformedJsonAndUnknownUnionMembers) {
  capnp::MallocMessageBuilder message;
  EXPECT_THROW(fromJson(R"({"commandId": )", message.initRoot<Command>()), JsonError);
  EXPECT_THROW(fromJson(R"({"body":{"launchRockets":{}}})", message.initRoot<Command>()), JsonError);
}

}  // namespace
}  // namespace qingling::schema
