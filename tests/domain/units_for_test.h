// Puts a unit straight into a Directory, as its unitRegistered event would, for tests that need a unit tree.
#pragma once

#include <string>

#include <capnp/message.h>

#include "domain/directory.h"

namespace qingling::domain::testing {

inline void addUnit(Directory& dir, const std::string& id, const std::string& parent, schema::UnitKind kind) {
  capnp::MallocMessageBuilder m;
  auto u = m.initRoot<schema::Event>().initUnitRegistered().initUnit();
  u.setId(id);
  u.setName(id);
  u.setParent(parent);
  u.setKind(kind);
  dir.evolve(m.getRoot<schema::Event>().asReader());
}

}  // namespace qingling::domain::testing
