#include "server/plan_header.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>

namespace qingling::server {
namespace {

std::string textField(capnp::JsonValue::Reader object, const char* name) {
  for (auto field : object.getObject()) {
    if (field.getName() == name && field.getValue().isString()) return field.getValue().getString();
  }
  return "";
}

}  // namespace

std::variant<PlanHeader, std::string> readPlanHeader(const std::string& json) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<capnp::JsonValue>();
  try {
    capnp::JsonCodec().decodeRaw(kj::ArrayPtr<const char>(json.data(), json.size()), root);
  } catch (const kj::Exception& e) {
    return "is not JSON: " + std::string(e.getDescription().cStr());
  }
  if (!root.asReader().isObject()) return std::string("is not a JSON object");
  for (auto field : root.asReader().getObject()) {
    if (field.getName() != "campaign") continue;
    if (!field.getValue().isObject()) return std::string("has a \"campaign\" that is not a JSON object");
    return PlanHeader{textField(field.getValue(), "id"), textField(field.getValue(), "issuer")};
  }
  return std::string("has no \"campaign\"");
}

std::string planCampaignId(const std::string& json) {
  auto header = readPlanHeader(json);
  auto* named = std::get_if<PlanHeader>(&header);
  return named ? named->campaignId : "";
}

}  // namespace qingling::server
