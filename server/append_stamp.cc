// Stamping a decision's events and packing them into one append (see append_stamp.h). Moved unchanged from
// command_service.cc.
#include "server/append_stamp.h"

namespace qingling::server {

store::ExpectedVersion expectedFor(const domain::StreamEvents& stream) {
  switch (stream.expect) {
    case domain::StreamExpectation::noStream:
      return store::ExpectedVersion::noStream();
    case domain::StreamExpectation::exactLoaded:
      return store::ExpectedVersion::exact(stream.loadedVersion);
    case domain::StreamExpectation::any:
      break;
  }
  return store::ExpectedVersion::anyVersion();
}

std::vector<store::NewEvent> stamped(std::vector<domain::EventDraft>& drafts, const Stamp& stamp) {
  std::vector<store::NewEvent> out;
  for (auto& draft : drafts) {
    auto envelope = draft.envelope();
    auto actor = envelope.initActor();
    actor.setUser(stamp.actor.user);
    actor.setUnit(stamp.actor.unit);
    actor.setRole(stamp.actor.roles.empty() ? schema::Role::ADMIN : stamp.actor.roles.front());
    envelope.setOccurredAt(stamp.occurredAt);
    envelope.setCommandId(stamp.commandId);
    envelope.setCorrelationId(stamp.correlationId);
    envelope.setCausationId(stamp.commandId);
    out.push_back(store::NewEvent{std::move(draft.message)});
  }
  return out;
}

store::AppendRequest toAppendRequest(domain::Emitted&& emitted, const Stamp& stamp) {
  store::AppendRequest request;
  request.commandId = stamp.commandId;
  request.recordedAt = stamp.now;
  for (size_t i = 0; i < emitted.streams.size(); ++i) {
    auto& stream = emitted.streams[i];
    if (i == 0) {
      request.streamId = stream.streamId;
      request.expected = expectedFor(stream);
      request.events = stamped(stream.events, stamp);
    } else {
      request.more.push_back(store::StreamAppend{stream.streamId, expectedFor(stream), stamped(stream.events, stamp)});
    }
  }
  return request;
}

}  // namespace qingling::server
