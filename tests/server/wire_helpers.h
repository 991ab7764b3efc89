// Requests the server tests send again and again, built on the blocking Client: raw note appends, directory
// commands, reads, and short ways to look at an answer.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "schemas/wire.capnp.h"
#include "server/client.h"
#include "store/event_log.h"

namespace qingling::server::testing {

using Body = schema::Request::Body::Builder;

// True if the reply is an error with `code`.
bool isError(const Reply& reply, schema::ErrorCode code);
std::string describe(const Reply& reply);  // for assertion messages: the body kind, or the error and its text

// Fills an appendRaw of one note per text.
void fillNotes(Body body, const std::string& stream, store::ExpectedVersion expected, const std::string& commandId,
               const std::vector<std::string>& texts);
Reply appendNotes(Client& client, const std::string& stream, store::ExpectedVersion expected,
                  const std::string& commandId, const std::vector<std::string>& texts);

// Sends a command with `commandId`; `fill` sets its body.
Reply command(Client& client, const std::string& commandId,
              const std::function<void(schema::Command::Body::Builder)>& fill);
Reply registerUnit(Client& client, const std::string& id, const std::string& parent, const std::string& commandId);
Reply registerUser(Client& client, const std::string& id, const std::string& unit, schema::Role role);
// Issues a token for `user` and returns its secret; throws std::runtime_error if refused.
std::string issueToken(Client& client, const std::string& user);

Reply readAll(Client& client, uint64_t from, uint32_t limit = 0, const std::string& eventType = {},
              const std::string& unit = {});
Reply readStream(Client& client, const std::string& stream, uint64_t from, bool backward, uint32_t limit = 0);
Reply verify(Client& client, uint64_t upTo = 0);

// The head, from a digest request (admin).
store::Digest head(Client& client);
std::string tokenIdOf(Client& client);  // whoami's token id

// Convenience views of an events page.
std::vector<uint64_t> positions(const Reply& page);
std::vector<uint64_t> versions(const Reply& page);
std::vector<std::string> noteTexts(const Reply& page);

}  // namespace qingling::server::testing
