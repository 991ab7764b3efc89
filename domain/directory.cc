#include "domain/directory.h"

namespace qingling::domain {
namespace {

std::string bytes(capnp::Data::Reader data) {
  return std::string(reinterpret_cast<const char*>(data.begin()), data.size());
}

}  // namespace

void Directory::evolve(schema::Event::Reader event) {
  using W = schema::Event::Which;
  switch (event.which()) {
    case W::UNIT_REGISTERED: {
      auto u = event.getUnitRegistered().getUnit();
      if (auto known = units_.find(u.getId()); known != units_.end())
        children_[known->second.parent].erase(known->first);
      children_[u.getParent()].insert(u.getId());
      units_[u.getId()] = Unit{u.getId(),       u.getName(),      u.getKind(),           u.getParent(),
                               u.getIndustry(), u.getEmployees(), u.getKeySupervision(), u.getSupervisionLevel()};
      ++unitsGeneration_;
      break;
    }
    case W::UNIT_AMENDED: {
      auto a = event.getUnitAmended();
      auto it = units_.find(a.getUnitId());
      if (it == units_.end()) break;
      Unit& u = it->second;
      if (a.hasName() && a.getName().size() > 0) u.name = a.getName();
      if (a.hasParent() && a.getParent().size() > 0) {
        children_[u.parent].erase(u.id);
        u.parent = a.getParent();
        children_[u.parent].insert(u.id);
      }
      if (a.hasIndustry() && a.getIndustry().size() > 0) u.industry = a.getIndustry();
      if (a.getEmployees() > 0) u.employees = a.getEmployees();
      u.keySupervision = a.getKeySupervision();
      if (a.getSupervisionLevel() > 0) u.supervisionLevel = a.getSupervisionLevel();
      ++unitsGeneration_;
      break;
    }
    case W::USER_REGISTERED: {
      auto r = event.getUserRegistered();
      User user{r.getUserId(), r.getName(), r.getUnit(), {}, true};
      for (auto role : r.getRoles()) user.roles.push_back(role);
      users_[user.id] = std::move(user);
      break;
    }
    case W::USER_DEACTIVATED: {
      auto it = users_.find(event.getUserDeactivated().getUserId());
      if (it != users_.end()) it->second.active = false;
      break;
    }
    case W::TOKEN_ISSUED: {
      auto t = event.getTokenIssued();
      tokens_[t.getTokenId()] =
          Token{t.getTokenId(), t.getUserId(), bytes(t.getSalt()), bytes(t.getHash()), t.getExpiresAt(), false};
      break;
    }
    case W::TOKEN_REVOKED: {
      auto it = tokens_.find(event.getTokenRevoked().getTokenId());
      if (it != tokens_.end()) it->second.revoked = true;
      break;
    }
    default:
      break;
  }
}

const Unit* Directory::unit(const std::string& id) const {
  auto it = units_.find(id);
  return it == units_.end() ? nullptr : &it->second;
}

const User* Directory::user(const std::string& id) const {
  auto it = users_.find(id);
  return it == users_.end() ? nullptr : &it->second;
}

const Token* Directory::token(const std::string& id) const {
  auto it = tokens_.find(id);
  return it == tokens_.end() ? nullptr : &it->second;
}

bool Directory::isWithin(const std::string& unitId, const std::string& ancestor) const {
  std::string current = unitId;
  // Parents always exist before their children are registered, so the walk ends; the bound guards the rule.
  for (size_t depth = 0; depth <= units_.size() && !current.empty(); ++depth) {
    if (current == ancestor) return true;
    const Unit* u = unit(current);
    if (u == nullptr) return false;
    current = u->parent;
  }
  return false;
}

std::vector<std::string> Directory::children(const std::string& id) const {
  auto it = children_.find(id);
  if (it == children_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<std::string> Directory::recipients(const std::string& id) const {
  const Unit* u = unit(id);
  if (u == nullptr) return {};
  if (u->kind != schema::UnitKind::GROUP) return {id};
  std::vector<std::string> out;
  for (const auto& child : children(id)) {
    const Unit* c = unit(child);
    if (c == nullptr || c->kind == schema::UnitKind::POSITION) continue;
    for (auto& member : recipients(child)) out.push_back(std::move(member));
  }
  return out;
}

std::vector<uint16_t> Directory::eventTypes() {
  using W = schema::Event::Which;
  return {static_cast<uint16_t>(W::UNIT_REGISTERED), static_cast<uint16_t>(W::UNIT_AMENDED),
          static_cast<uint16_t>(W::USER_REGISTERED), static_cast<uint16_t>(W::USER_DEACTIVATED),
          static_cast<uint16_t>(W::TOKEN_ISSUED),    static_cast<uint16_t>(W::TOKEN_REVOKED)};
}

}  // namespace qingling::domain
