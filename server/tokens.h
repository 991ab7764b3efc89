// Bearer tokens: "qlt_<tokenId>_<secret>". The log keeps only a random salt and SHA-256(salt || secret), so a
// copy of the data directory cannot be used to log in. Comparison is constant-time.
#pragma once

#include <optional>
#include <string>

#include "domain/directory.h"
#include "domain/directory_commands.h"
#include "domain/principal.h"

namespace qingling::server {

struct NewToken {
  domain::TokenMaterial material;  // what the log keeps
  std::string secretToken;         // what the user gets, once
};

NewToken generateToken();
// `bytes` random bytes from OpenSSL's generator, in hex: ids that must not collide (a command id the client left
// empty), without a token's salt and hash.
std::string randomHex(size_t bytes);

enum class AuthFailure { malformed, unknownToken, revoked, expired, inactiveUser, wrongSecret };
const char* describe(AuthFailure failure);

struct AuthResult {
  std::optional<domain::Principal> principal;
  AuthFailure failure = AuthFailure::malformed;
};

AuthResult authenticate(const domain::Directory& directory, const std::string& token, int64_t now);

}  // namespace qingling::server
