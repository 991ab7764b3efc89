// What handling a command yields before it is put on the wire: the append's result, or a typed failure.
#pragma once

#include <optional>
#include <string>

#include "schemas/wire.capnp.h"
#include "store/event_log.h"

namespace qingling::server {

struct Failure {
  schema::ErrorCode code;
  std::string message;  // what, where, what to do
  std::string path;
};

struct Outcome {
  std::optional<Failure> failure;
  store::AppendResult appended;
  std::string secret;  // issueToken: the token, returned once
};

inline Outcome fail(schema::ErrorCode code, std::string message, std::string path = {}) {
  return Outcome{Failure{code, std::move(message), std::move(path)}, {}, {}};
}

schema::ErrorCode errorCodeFor(store::StoreErrc code);

}  // namespace qingling::server
