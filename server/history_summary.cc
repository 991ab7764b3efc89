#include "server/history_summary.h"

#include <capnp/dynamic.h>

namespace qingling::server {
namespace {

constexpr size_t kWidth = 160;

// Text for a scalar, text, enum or data value; empty for lists and structs (too long for one line).
std::string scalar(const capnp::DynamicValue::Reader& value, std::string_view name) {
  switch (value.getType()) {
    case capnp::DynamicValue::BOOL:
      return value.as<bool>() ? "true" : "false";
    case capnp::DynamicValue::INT:
      return std::to_string(value.as<int64_t>());
    case capnp::DynamicValue::UINT:
      return std::to_string(value.as<uint64_t>());
    case capnp::DynamicValue::FLOAT:
      return std::to_string(value.as<double>());
    case capnp::DynamicValue::TEXT:
      return value.as<capnp::Text>().cStr();
    case capnp::DynamicValue::ENUM: {
      KJ_IF_MAYBE (e, value.as<capnp::DynamicEnum>().getEnumerant()) {
        return e->getProto().getName().cStr();
      }
      return std::to_string(value.as<capnp::DynamicEnum>().getRaw());
    }
    case capnp::DynamicValue::DATA: {
      const std::string size = std::to_string(value.as<capnp::Data>().size()) + " bytes";
      return name.starts_with("sealed") ? "sealed (" + size + ")" : "(" + size + ")";
    }
    default:
      return "";
  }
}

}  // namespace

std::string summarizeEvent(schema::Event::Reader payload) {
  capnp::DynamicStruct::Reader event(payload);
  KJ_IF_MAYBE (member, event.which()) {
    auto value = event.get(*member);
    if (value.getType() != capnp::DynamicValue::STRUCT) return scalar(value, member->getProto().getName().cStr());
    auto fields = value.as<capnp::DynamicStruct>();
    std::string line;
    for (auto field : fields.getSchema().getFields()) {
      if (!fields.has(field, capnp::HasMode::NON_DEFAULT)) continue;
      const std::string name = field.getProto().getName().cStr();
      std::string text = scalar(fields.get(field), name);
      if (text.empty()) continue;
      if (!line.empty()) line += ' ';
      line += name + "=" + text;
      if (line.size() > kWidth) {
        size_t cut = kWidth;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        return line.substr(0, cut) + "…";
      }
    }
    return line;
  }
  return "(an event type this server does not know)";
}

}  // namespace qingling::server
