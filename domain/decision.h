// What a domain decision yields: events for one stream, or a typed refusal. Domain code never throws for a
// refused command and never touches I/O; the server appends what was decided.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <capnp/message.h>

#include "schemas/events.capnp.h"

namespace qingling::domain {

enum class RejectionCode {
  forbidden,  // the actor's role or unit may not issue this command
  notFound,   // the command names something that does not exist
  invalid,    // the command itself is malformed or breaks a rule
  conflict,   // the command does not fit the current state (already done, wrong lifecycle step)
};

struct Rejection {
  RejectionCode code;
  std::string message;  // says what and what to do, in terms of DOMAIN.md
  std::string path;     // the offending field, when there is one
};

// One decided event: a message whose root EventEnvelope has payload and units set. The server adds actor,
// command and time fields; the store adds position, version and hashes.
struct EventDraft {
  std::unique_ptr<capnp::MallocMessageBuilder> message = std::make_unique<capnp::MallocMessageBuilder>();
  schema::EventEnvelope::Builder envelope() { return message->getRoot<schema::EventEnvelope>(); }
};

enum class StreamExpectation { any, noStream, exactLoaded };

// Events decided for one stream.
struct StreamEvents {
  std::string streamId;
  StreamExpectation expect = StreamExpectation::any;
  uint64_t loadedVersion = 0;  // with exactLoaded: the stream version the decision was made against
  std::vector<EventDraft> events;
};

// What an accepted command yields: events for one or more streams, appended atomically (all or none).
struct Emitted {
  std::vector<StreamEvents> streams;
};

using Decision = std::variant<Emitted, Rejection>;

// Starts a draft whose payload the caller fills in; `units` are the index keys of the event (empty and repeated
// ids are dropped).
EventDraft draft(const std::vector<std::string>& units);

// An accepted decision with the events of one stream.
Emitted emit(std::string streamId, StreamExpectation expect, EventDraft event, uint64_t loadedVersion = 0);

inline Rejection reject(RejectionCode code, std::string message, std::string path = {}) {
  return Rejection{code, std::move(message), std::move(path)};
}

}  // namespace qingling::domain
