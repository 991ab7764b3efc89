// The directory: units (a tree), users and their tokens, folded from the log. Pure state plus evolve; the
// server keeps one instance up to date and authenticates against it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "schemas/events.capnp.h"

namespace qingling::domain {

struct Unit {
  std::string id;
  std::string name;
  schema::UnitKind kind = schema::UnitKind::OTHER;
  std::string parent;  // empty = a root
  std::string industry;
  uint32_t employees = 0;
  bool keySupervision = false;
  uint8_t supervisionLevel = 0;
};

struct User {
  std::string id;
  std::string name;
  std::string unit;
  std::vector<schema::Role> roles;
  bool active = true;
};

struct Token {
  std::string id;
  std::string user;
  std::string salt;       // raw bytes
  std::string hash;       // raw SHA-256 of salt || secret
  int64_t expiresAt = 0;  // 0 = never
  bool revoked = false;
};

class Directory {
 public:
  // Folds one event; events that are not about the directory are ignored.
  void evolve(schema::Event::Reader event);

  const Unit* unit(const std::string& id) const;
  const User* user(const std::string& id) const;
  const Token* token(const std::string& id) const;
  size_t userCount() const { return users_.size(); }
  size_t unitCount() const { return units_.size(); }
  // Counts the folded events that changed a unit (registered, amended): whatever was derived from the units
  // (the scheduler's pending jobs) is stale once it moves.
  uint64_t unitsGeneration() const { return unitsGeneration_; }

  // True when `unit` is `ancestor` or lies below it: a principal's reach is its unit's subtree.
  bool isWithin(const std::string& unit, const std::string& ancestor) const;
  std::vector<std::string> children(const std::string& id) const;
  // Who receives work dispatched to `id` (PLAN-FORMAT.md, Groups): a group fans out to its children, nested
  // groups expanded and positions left out; any other unit receives it itself.
  std::vector<std::string> recipients(const std::string& id) const;

  // Every directory event type, for reading them back through the type index.
  static std::vector<uint16_t> eventTypes();

 private:
  std::map<std::string, Unit> units_;
  std::map<std::string, std::set<std::string>> children_;  // parent id -> its units' ids: a subtree walk is
                                                           // linear in the subtree, not in the directory
  uint64_t unitsGeneration_ = 0;
  std::map<std::string, User> users_;
  std::map<std::string, Token> tokens_;
};

}  // namespace qingling::domain
