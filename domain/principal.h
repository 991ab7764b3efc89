// The authenticated actor a command comes from: a user acting for a unit with a set of roles (DOMAIN.md, Who
// uses it). Value type; the server builds it from a token.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "schemas/common.capnp.h"

namespace qingling::domain {

struct Principal {
  std::string user;
  std::string unit;
  std::vector<schema::Role> roles;
  std::string tokenId;

  bool has(schema::Role role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }
};

}  // namespace qingling::domain
