// Decisions on directory commands (DOMAIN.md, role `admin`: register units and users, issue tokens; no domain
// decisions). Each decides against the current Directory and yields events for one stream or a refusal.
#pragma once

#include <cstdint>
#include <string>

#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "schemas/plan.capnp.h"

namespace qingling::domain {

// Stream names of directory entities; one stream per unit, user and token.
std::string unitStream(const std::string& unitId);
std::string userStream(const std::string& userId);
std::string tokenStream(const std::string& tokenId);

bool isValidId(std::string_view id);

Decision decideRegisterUnit(const Directory& dir, const Principal& actor, schema::PlanUnit::Reader cmd);
Decision decideAmendUnit(const Directory& dir, const Principal& actor, schema::AmendUnit::Reader cmd);
Decision decideRegisterUser(const Directory& dir, const Principal& actor, schema::RegisterUser::Reader cmd);
Decision decideDeactivateUser(const Directory& dir, const Principal& actor, schema::DeactivateUser::Reader cmd);

// The server draws the random token id, salt and secret; the domain sees only the salted hash.
struct TokenMaterial {
  std::string tokenId;
  std::string salt;
  std::string hash;
};
Decision decideIssueToken(const Directory& dir, const Principal& actor, schema::IssueToken::Reader cmd,
                          const TokenMaterial& material, int64_t now);
Decision decideRevokeToken(const Directory& dir, const Principal& actor, schema::RevokeToken::Reader cmd);

}  // namespace qingling::domain
