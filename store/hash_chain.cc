// SHA-256 through OpenSSL 3's EVP interface. The digest algorithm is fetched once and each thread reuses one
// context, because the writer hashes every appended event and verify hashes the whole log.
#include "store/hash_chain.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace qingling::store {
namespace {

struct MdDeleter {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
struct CtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// SHA-256 is always present in OpenSSL's default provider; failing here means a broken installation, which
// no caller could handle, so it stops the process with a message instead of returning a wrong hash.
[[noreturn]] void opensslFailed(const char* what) {
  std::fprintf(stderr, "qingling store: OpenSSL %s failed; check the OpenSSL 3 installation and providers\n", what);
  std::abort();
}

const EVP_MD* sha256() {
  static const std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  if (!md) opensslFailed("EVP_MD_fetch(SHA256)");
  return md.get();
}

}  // namespace

Hash chainHash(const Hash& prev, std::string_view envelopeBytes) {
  thread_local std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx) opensslFailed("EVP_MD_CTX_new");
  Hash out{};
  unsigned int length = 0;
  if (EVP_DigestInit_ex2(ctx.get(), sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), prev.data(), prev.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), envelopeBytes.data(), envelopeBytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &length) != 1 || length != out.size()) {
    opensslFailed("SHA-256 digest");
  }
  return out;
}

std::string toHex(const Hash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(hash.size() * 2);
  for (uint8_t b : hash) {
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 0x0f]);
  }
  return hex;
}

namespace {
int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool fromHex(std::string_view hex, Hash& out) {
  if (hex.size() != out.size() * 2) return false;
  Hash parsed{};
  for (size_t i = 0; i < parsed.size(); ++i) {
    int hi = nibble(hex[2 * i]);
    int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    parsed[i] = static_cast<uint8_t>((hi << 4) | lo);
  }
  out = parsed;
  return true;
}

bool equalConstantTime(std::string_view a, std::string_view b) {
  // The length is not secret (hashes and tokens have fixed sizes); only the content comparison must not leak.
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace qingling::store
