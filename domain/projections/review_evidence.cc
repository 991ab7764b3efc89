#include "domain/projections/review_evidence.h"

#include <capnp/dynamic.h>

#include "domain/duration.h"
#include "domain/subject_ref.h"

namespace qingling::domain::projections {
namespace {

// The payload's union member as a struct; nullopt for a member that is not a struct.
std::optional<capnp::DynamicStruct::Reader> memberOf(schema::Event::Reader payload) {
  auto dynamic = capnp::toDynamic(payload);
  KJ_IF_MAYBE (field, dynamic.which()) {
    if (field->getType().isStruct()) return dynamic.get(*field).as<capnp::DynamicStruct>();
  }
  return std::nullopt;
}

bool endsWithId(kj::StringPtr name) { return name.size() > 2 && name.endsWith("Id"); }

}  // namespace

Evidence evidenceOf(schema::EventEnvelope::Reader event) {
  Evidence e;
  e.position = event.getPosition();
  e.recordedAt = event.getRecordedAt();
  e.occurredAt = event.getOccurredAt();
  e.user = event.getActor().getUser();
  e.unit = event.getActor().getUnit();
  e.role = event.getActor().getRole();
  auto member = capnp::toDynamic(event.getPayload()).which();
  KJ_IF_MAYBE (field, member) {
    e.type = field->getProto().getName();
  }
  auto hash = event.getHash();
  e.hash.assign(reinterpret_cast<const char*>(hash.begin()), hash.size());
  return e;
}

std::string payloadText(schema::Event::Reader payload, const char* name) {
  auto member = memberOf(payload);
  if (!member) return {};
  KJ_IF_MAYBE (field, member->getSchema().findFieldByName(name)) {
    if (field->getType().isText()) return member->get(*field).as<capnp::Text>();
  }
  return {};
}

std::string subjectOf(schema::Event::Reader payload) {
  auto member = memberOf(payload);
  if (!member) return {};
  for (auto field : member->getSchema().getFields()) {
    if (!field.getType().isText() || !endsWithId(field.getProto().getName())) continue;
    std::string id = member->get(field).as<capnp::Text>();
    if (!id.empty()) return id;
  }
  KJ_IF_MAYBE (field, member->getSchema().findFieldByName("subject")) {
    if (field->getType().isStruct()) {
      auto subject = member->get(*field).as<capnp::DynamicStruct>();
      if (subject.getSchema() == capnp::Schema::from<schema::SubjectRef>()) {
        return subjectIdOf(subject.as<schema::SubjectRef>());
      }
    }
  }
  return {};
}

std::string hazardOf(schema::Event::Reader payload) {
  using W = schema::Event::Which;
  if (payload.which() == W::EXTENSION_REQUESTED) {
    auto s = payload.getExtensionRequested().getSubject();
    return s.isHazard() ? std::string(s.getHazard()) : std::string();
  }
  if (payload.which() == W::EXTENSION_DECIDED) {
    auto s = payload.getExtensionDecided().getSubject();
    return s.isHazard() ? std::string(s.getHazard()) : std::string();
  }
  return payloadText(payload, "hazardId");
}

std::string campaignOf(schema::EventEnvelope::Reader event) {
  const kj::StringPtr kPrefix = "campaign:";
  for (auto key : event.getUnits()) {
    if (key.size() > kPrefix.size() && key.startsWith(kPrefix)) {
      return std::string(key.cStr() + kPrefix.size());
    }
  }
  return {};
}

std::string spanText(int64_t micros) {
  const int64_t minutes = micros / (60 * kMicrosPerSecond);
  const int64_t days = minutes / (24 * 60), hours = minutes / 60 % 24, rest = minutes % 60;
  if (days > 0) return std::to_string(days) + "d " + std::to_string(hours) + "h";
  if (hours > 0) return std::to_string(hours) + "h " + std::to_string(rest) + "m";
  return std::to_string(rest) + "m";
}

}  // namespace qingling::domain::projections
