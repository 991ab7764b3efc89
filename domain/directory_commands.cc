#include "domain/directory_commands.h"

#include "domain/duration.h"

namespace qingling::domain {
namespace {

std::optional<Rejection> requireAdmin(const Principal& actor, const char* command) {
  if (actor.has(schema::Role::ADMIN)) return std::nullopt;
  return reject(RejectionCode::forbidden,
                std::string(command) + " needs the admin role; " + actor.user + " does not have it");
}

capnp::Data::Reader asData(const std::string& bytes) {
  return capnp::Data::Reader(reinterpret_cast<const kj::byte*>(bytes.data()), bytes.size());
}

}  // namespace

std::string unitStream(const std::string& unitId) { return "unit-" + unitId; }
std::string userStream(const std::string& userId) { return "user-" + userId; }
std::string tokenStream(const std::string& tokenId) { return "token-" + tokenId; }

bool isValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return id.front() != '-' && id.front() != '.';
}

Decision decideRegisterUnit(const Directory& dir, const Principal& actor, schema::PlanUnit::Reader cmd) {
  if (auto r = requireAdmin(actor, "registerUnit")) return *r;
  std::string id = cmd.getId();
  if (!isValidId(id)) {
    return reject(RejectionCode::invalid, "unit id '" + id + "' must be 1-64 of a-z 0-9 - _ .", "id");
  }
  if (dir.unit(id) != nullptr) return reject(RejectionCode::conflict, "unit '" + id + "' is already registered", "id");
  if (cmd.getName().size() == 0) return reject(RejectionCode::invalid, "unit '" + id + "' needs a name", "name");
  std::string parent = cmd.getParent();
  if (!parent.empty() && dir.unit(parent) == nullptr) {
    return reject(RejectionCode::notFound, "parent unit '" + parent + "' is not registered; register it first",
                  "parent");
  }
  if (cmd.getSupervisionLevel() > 4) {
    return reject(RejectionCode::invalid, "supervisionLevel must be 1-4 (0 = unset)", "supervisionLevel");
  }
  std::vector<std::string> units{id};
  if (!parent.empty()) units.push_back(parent);
  EventDraft event = draft(units);
  event.envelope().initPayload().initUnitRegistered().setUnit(cmd);
  return emit(unitStream(id), StreamExpectation::noStream, std::move(event));
}

Decision decideAmendUnit(const Directory& dir, const Principal& actor, schema::AmendUnit::Reader cmd) {
  if (auto r = requireAdmin(actor, "amendUnit")) return *r;
  std::string id = cmd.getUnitId();
  if (dir.unit(id) == nullptr) return reject(RejectionCode::notFound, "unit '" + id + "' is not registered", "unitId");
  std::string parent = cmd.getParent();
  if (!parent.empty()) {
    if (dir.unit(parent) == nullptr) {
      return reject(RejectionCode::notFound, "parent unit '" + parent + "' is not registered", "parent");
    }
    if (dir.isWithin(parent, id)) {
      return reject(RejectionCode::invalid, "moving '" + id + "' under '" + parent + "' would make a cycle", "parent");
    }
  }
  if (cmd.getSupervisionLevel() > 4) {
    return reject(RejectionCode::invalid, "supervisionLevel must be 1-4 (0 = unchanged)", "supervisionLevel");
  }
  EventDraft event = draft({id});
  auto out = event.envelope().initPayload().initUnitAmended();
  out.setUnitId(id);
  out.setName(cmd.getName());
  out.setParent(parent);
  out.setIndustry(cmd.getIndustry());
  out.setEmployees(cmd.getEmployees());
  out.setKeySupervision(cmd.getKeySupervision());
  out.setSupervisionLevel(cmd.getSupervisionLevel());
  return emit(unitStream(id), StreamExpectation::any, std::move(event));
}

Decision decideRegisterUser(const Directory& dir, const Principal& actor, schema::RegisterUser::Reader cmd) {
  if (auto r = requireAdmin(actor, "registerUser")) return *r;
  std::string id = cmd.getUserId();
  if (!isValidId(id)) {
    return reject(RejectionCode::invalid, "user id '" + id + "' must be 1-64 of a-z 0-9 - _ .", "userId");
  }
  if (dir.user(id) != nullptr) return reject(RejectionCode::conflict, "user '" + id + "' already exists", "userId");
  std::string unitId = cmd.getUnit();
  const Unit* unit = dir.unit(unitId);
  if (unit == nullptr) {
    return reject(RejectionCode::notFound, "unit '" + unitId + "' is not registered; register it first", "unit");
  }
  if (unit->kind == schema::UnitKind::GROUP) {
    return reject(RejectionCode::invalid, "'" + unitId + "' is a group: bind the user to one of its members", "unit");
  }
  if (cmd.getRoles().size() == 0) return reject(RejectionCode::invalid, "a user needs at least one role", "roles");
  EventDraft event = draft({unitId});
  auto out = event.envelope().initPayload().initUserRegistered();
  out.setUserId(id);
  out.setName(cmd.getName());
  out.setUnit(unitId);
  out.setRoles(cmd.getRoles());
  return emit(userStream(id), StreamExpectation::noStream, std::move(event));
}

Decision decideDeactivateUser(const Directory& dir, const Principal& actor, schema::DeactivateUser::Reader cmd) {
  if (auto r = requireAdmin(actor, "deactivateUser")) return *r;
  std::string id = cmd.getUserId();
  const User* user = dir.user(id);
  if (user == nullptr) return reject(RejectionCode::notFound, "user '" + id + "' does not exist", "userId");
  if (!user->active) return reject(RejectionCode::conflict, "user '" + id + "' is already deactivated", "userId");
  if (id == actor.user) return reject(RejectionCode::invalid, "an admin cannot deactivate itself", "userId");
  EventDraft event = draft({user->unit});
  auto out = event.envelope().initPayload().initUserDeactivated();
  out.setUserId(id);
  out.setReason(cmd.getReason());
  return emit(userStream(id), StreamExpectation::any, std::move(event));
}

Decision decideIssueToken(const Directory& dir, const Principal& actor, schema::IssueToken::Reader cmd,
                          const TokenMaterial& material, int64_t now) {
  if (auto r = requireAdmin(actor, "issueToken")) return *r;
  std::string userId = cmd.getUserId();
  const User* user = dir.user(userId);
  if (user == nullptr) return reject(RejectionCode::notFound, "user '" + userId + "' does not exist", "userId");
  if (!user->active) return reject(RejectionCode::conflict, "user '" + userId + "' is deactivated", "userId");
  int64_t expiresAt = 0;
  if (cmd.getValidFor().size() > 0) {
    auto d = parseDuration(cmd.getValidFor().cStr());
    if (!d || *d <= 0) {
      return reject(RejectionCode::invalid, "validFor must be a positive ISO 8601 duration such as P90D", "validFor");
    }
    expiresAt = now + *d;
  }
  EventDraft event = draft({user->unit});
  auto out = event.envelope().initPayload().initTokenIssued();
  out.setTokenId(material.tokenId);
  out.setUserId(userId);
  out.setSalt(asData(material.salt));
  out.setHash(asData(material.hash));
  out.setExpiresAt(expiresAt);
  return emit(tokenStream(material.tokenId), StreamExpectation::noStream, std::move(event));
}

Decision decideRevokeToken(const Directory& dir, const Principal& actor, schema::RevokeToken::Reader cmd) {
  if (auto r = requireAdmin(actor, "revokeToken")) return *r;
  std::string tokenId = cmd.getTokenId();
  const Token* token = dir.token(tokenId);
  if (token == nullptr) return reject(RejectionCode::notFound, "token '" + tokenId + "' does not exist", "tokenId");
  if (token->revoked) return reject(RejectionCode::conflict, "token '" + tokenId + "' is already revoked", "tokenId");
  const User* user = dir.user(token->user);
  EventDraft event = draft({user != nullptr ? user->unit : std::string()});
  auto out = event.envelope().initPayload().initTokenRevoked();
  out.setTokenId(tokenId);
  out.setReason(cmd.getReason());
  return emit(tokenStream(tokenId), StreamExpectation::any, std::move(event));
}

}  // namespace qingling::domain
