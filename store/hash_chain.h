// The SHA-256 hash chain over the global log: hash(n) = SHA-256(hash(n-1) || envelope bytes of n), with 32 zero
// bytes before position 1. Pure functions over bytes; OpenSSL does the hashing.
#pragma once

#include <string>
#include <string_view>

#include "store/recorded_event.h"

namespace qingling::store {

inline constexpr Hash kGenesisHash{};

Hash chainHash(const Hash& prev, std::string_view envelopeBytes);
std::string toHex(const Hash& hash);
bool fromHex(std::string_view hex, Hash& out);
// Constant-time comparison, for secrets as well as hashes.
bool equalConstantTime(std::string_view a, std::string_view b);

}  // namespace qingling::store
