// Folding decided events into the in-memory world (see memory_world.h).
#include "tests/fuzz/memory_world.h"

#include <cstdlib>
#include <variant>

#include <capnp/message.h>

#include "domain/directory_commands.h"

namespace qingling::fuzz {
namespace {

bool startsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

template <class State>
void fold(std::map<std::string, State>& states, const std::string& stream, schema::EventEnvelope::Reader event) {
  domain::evolve(states[stream], event);
}

}  // namespace

MemoryWorld::MemoryWorld() {
  capnp::MallocMessageBuilder message;
  auto unit = message.initRoot<schema::PlanUnit>();
  unit.setId("qingling");
  unit.setName("Qingling system");
  unit.setKind(schema::UnitKind::OTHER);
  auto decision = domain::decideRegisterUnit(dir_, admin_, unit);
  if (!std::holds_alternative<domain::Emitted>(decision) || !apply(std::get<domain::Emitted>(decision), admin_, 0))
    abort();
  auto user = message.initRoot<schema::RegisterUser>();
  user.setUserId("admin");
  user.setName("Administrator");
  user.setUnit("qingling");
  user.initRoles(1).set(0, schema::Role::ADMIN);
  decision = domain::decideRegisterUser(dir_, admin_, user);
  if (!std::holds_alternative<domain::Emitted>(decision) || !apply(std::get<domain::Emitted>(decision), admin_, 0))
    abort();
}

std::optional<domain::Principal> MemoryWorld::principal(const std::string& user) const {
  const domain::User* found = dir_.user(user);
  if (found == nullptr || !found->active) return std::nullopt;
  return domain::Principal{found->id, found->unit, found->roles, "fuzz-token-" + found->id};
}

bool MemoryWorld::apply(domain::Emitted& emitted, const domain::Principal& actor, int64_t now) {
  for (const auto& stream : emitted.streams) {
    uint64_t version = versions_.count(stream.streamId) ? versions_.at(stream.streamId) : 0;
    if (stream.expect == domain::StreamExpectation::noStream && version != 0) return false;
    if (stream.expect == domain::StreamExpectation::exactLoaded && version != stream.loadedVersion) return false;
  }
  for (auto& stream : emitted.streams) {
    const std::string& id = stream.streamId;
    for (auto& draft : stream.events) {
      auto envelope = draft.envelope();
      envelope.setStreamId(id);
      envelope.setStreamVersion(++versions_[id]);
      envelope.setRecordedAt(now);
      envelope.setOccurredAt(now);
      auto stampedActor = envelope.initActor();
      stampedActor.setUser(actor.user);
      stampedActor.setUnit(actor.unit);
      stampedActor.setRole(actor.roles.empty() ? schema::Role::ADMIN : actor.roles.front());
      auto event = envelope.asReader();
      dir_.evolve(event.getPayload());
      if (startsWith(id, "campaign-")) fold(campaigns_, id, event);
      if (startsWith(id, "dispatch-")) fold(dispatches_, id, event);
      if (startsWith(id, "hazard-")) fold(hazards_, id, event);
      if (startsWith(id, "tip-")) fold(tips_, id, event);
      if (startsWith(id, "measure-")) fold(measures_, id, event);
      if (startsWith(id, "escalation-")) fold(escalations_, id, event);
    }
  }
  return true;
}

}  // namespace qingling::fuzz
