#include "tests/server/wire_helpers.h"

#include <capnp/dynamic.h>
#include <capnp/schema.h>

#include <algorithm>
#include <stdexcept>

namespace qingling::server::testing {

bool isError(const Reply& reply, schema::ErrorCode code) {
  return reply->getBody().isError() && reply->getBody().getError().getCode() == code;
}

std::string describe(const Reply& reply) {
  auto body = reply->getBody();
  if (!body.isError()) {
    std::string name = "?";
    KJ_IF_MAYBE (field, capnp::toDynamic(body).which()) {
      name = field->getProto().getName().cStr();
    }
    return "a " + name + " answer";
  }
  auto error = body.getError();
  auto enumerants = capnp::Schema::from<schema::ErrorCode>().getEnumerants();
  return std::string("error ") + enumerants[static_cast<unsigned>(error.getCode())].getProto().getName().cStr() + ": " +
         error.getMessage().cStr();
}

void fillNotes(Body body, const std::string& stream, store::ExpectedVersion expected, const std::string& commandId,
               const std::vector<std::string>& texts) {
  auto raw = body.initAppendRaw();
  raw.setStreamId(stream);
  raw.setCommandId(commandId);
  switch (expected.kind) {
    case store::ExpectedVersion::Kind::any:
      raw.getExpected().setAny();
      break;
    case store::ExpectedVersion::Kind::noStream:
      raw.getExpected().setNoStream();
      break;
    case store::ExpectedVersion::Kind::exact:
      raw.getExpected().setExact(expected.version);
      break;
  }
  auto events = raw.initEvents(static_cast<unsigned>(texts.size()));
  for (unsigned i = 0; i < texts.size(); ++i) events[i].initNote().setText(texts[i]);
}

Reply appendNotes(Client& client, const std::string& stream, store::ExpectedVersion expected,
                  const std::string& commandId, const std::vector<std::string>& texts) {
  return client.call([&](Body body) { fillNotes(body, stream, expected, commandId, texts); });
}

Reply command(Client& client, const std::string& commandId,
              const std::function<void(schema::Command::Body::Builder)>& fill) {
  return client.call([&](Body body) {
    auto command = body.initCommand();
    command.setCommandId(commandId);
    fill(command.getBody());
  });
}

Reply registerUnit(Client& client, const std::string& id, const std::string& parent, const std::string& commandId) {
  return command(client, commandId, [&](schema::Command::Body::Builder body) {
    auto unit = body.initRegisterUnit();
    unit.setId(id);
    unit.setName("Unit " + id);
    unit.setKind(schema::UnitKind::JURISDICTION);
    unit.setParent(parent);
  });
}

Reply registerUser(Client& client, const std::string& id, const std::string& unit, schema::Role role) {
  return command(client, "register-user-" + id, [&](schema::Command::Body::Builder body) {
    auto user = body.initRegisterUser();
    user.setUserId(id);
    user.setName("User " + id);
    user.setUnit(unit);
    user.initRoles(1).set(0, role);
  });
}

std::string issueToken(Client& client, const std::string& user) {
  Reply reply =
      command(client, "", [&](schema::Command::Body::Builder body) { body.initIssueToken().setUserId(user); });
  if (!reply->getBody().isAppended()) throw std::runtime_error("issueToken for " + user + ": " + describe(reply));
  return reply->getBody().getAppended().getSecret();
}

Reply readAll(Client& client, uint64_t from, uint32_t limit, const std::string& eventType, const std::string& unit) {
  return client.call([&](Body body) {
    auto read = body.initReadAll();
    read.setFromPosition(from);
    read.setLimit(limit);
    read.setEventType(eventType);
    read.setUnit(unit);
  });
}

Reply readStream(Client& client, const std::string& stream, uint64_t from, bool backward, uint32_t limit) {
  return client.call([&](Body body) {
    auto read = body.initReadStream();
    read.setStreamId(stream);
    read.setFromVersion(from);
    read.setBackward(backward);
    read.setLimit(limit);
  });
}

Reply verify(Client& client, uint64_t upTo) {
  return client.call([&](Body body) { body.initVerify().setUpTo(upTo); });
}

store::Digest head(Client& client) {
  Reply reply = client.call([](Body body) { body.setDigest(); });
  if (!reply->getBody().isDigest()) throw std::runtime_error("digest: " + describe(reply));
  auto digest = reply->getBody().getDigest();
  store::Digest out;
  out.position = digest.getPosition();
  auto hash = digest.getHash();
  if (hash.size() != out.hash.size()) throw std::runtime_error("digest: the hash is not 32 bytes");
  std::copy(hash.begin(), hash.end(), out.hash.begin());
  return out;
}

std::string tokenIdOf(Client& client) {
  Reply reply = client.call([](Body body) { body.setWhoAmI(); });
  if (!reply->getBody().isPrincipal()) throw std::runtime_error("whoAmI: " + describe(reply));
  return reply->getBody().getPrincipal().getTokenId();
}

std::vector<uint64_t> positions(const Reply& page) {
  std::vector<uint64_t> out;
  for (auto e : page->getBody().getEvents().getEvents()) out.push_back(e.getPosition());
  return out;
}

std::vector<uint64_t> versions(const Reply& page) {
  std::vector<uint64_t> out;
  for (auto e : page->getBody().getEvents().getEvents()) out.push_back(e.getStreamVersion());
  return out;
}

std::vector<std::string> noteTexts(const Reply& page) {
  std::vector<std::string> out;
  for (auto e : page->getBody().getEvents().getEvents()) {
    out.push_back(e.getPayload().isNote() ? e.getPayload().getNote().getText().cStr() : "<not a note>");
  }
  return out;
}

}  // namespace qingling::server::testing
