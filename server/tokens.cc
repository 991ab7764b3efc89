#include "server/tokens.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace qingling::server {
namespace {

std::string randomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: the system has no entropy source");
  }
  return out;
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string saltedHash(const std::string& salt, const std::string& secret) {
  std::string input = salt + secret;
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
         reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

}  // namespace

std::string randomHex(size_t bytes) { return hex(randomBytes(bytes)); }

NewToken generateToken() {
  NewToken t;
  t.material.tokenId = hex(randomBytes(8));
  t.material.salt = randomBytes(16);
  std::string secret = hex(randomBytes(24));
  t.material.hash = saltedHash(t.material.salt, secret);
  t.secretToken = "qlt_" + t.material.tokenId + "_" + secret;
  return t;
}

const char* describe(AuthFailure failure) {
  switch (failure) {
    case AuthFailure::malformed:
      return "the token is not of the form qlt_<id>_<secret>";
    case AuthFailure::unknownToken:
      return "the token is unknown";
    case AuthFailure::revoked:
      return "the token was revoked; ask an admin for a new one";
    case AuthFailure::expired:
      return "the token has expired; ask an admin for a new one";
    case AuthFailure::inactiveUser:
      return "the token's user is deactivated";
    case AuthFailure::wrongSecret:
      return "the token's secret does not match";
  }
  return "authentication failed";
}

AuthResult authenticate(const domain::Directory& directory, const std::string& token, int64_t now) {
  AuthResult result;
  if (token.rfind("qlt_", 0) != 0) return result;
  size_t sep = token.find('_', 4);
  if (sep == std::string::npos) return result;
  std::string id = token.substr(4, sep - 4);
  std::string secret = token.substr(sep + 1);
  const domain::Token* stored = directory.token(id);
  if (stored == nullptr) {
    result.failure = AuthFailure::unknownToken;
    return result;
  }
  std::string actual = saltedHash(stored->salt, secret);
  if (actual.size() != stored->hash.size() || CRYPTO_memcmp(actual.data(), stored->hash.data(), actual.size()) != 0) {
    result.failure = AuthFailure::wrongSecret;
    return result;
  }
  if (stored->revoked) {
    result.failure = AuthFailure::revoked;
    return result;
  }
  if (stored->expiresAt != 0 && now >= stored->expiresAt) {
    result.failure = AuthFailure::expired;
    return result;
  }
  const domain::User* user = directory.user(stored->user);
  if (user == nullptr || !user->active) {
    result.failure = AuthFailure::inactiveUser;
    return result;
  }
  result.principal = domain::Principal{user->id, user->unit, user->roles, stored->id};
  return result;
}

}  // namespace qingling::server
