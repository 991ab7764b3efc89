// Sealing of tip reporters' identities (DOMAIN.md, Tips: "reporter identity sealed"): AES-256-GCM under a 32-byte
// key kept in <data>/seal.key (created 0600 with fresh random bytes at first start). A sealed value is
// 0x01 || 12-byte random nonce || ciphertext || 16-byte tag; only the key's holder can read or alter it unnoticed.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace qingling::server {

class Sealer {
 public:
  // Reads the key file, or creates it (mode 0600) when it does not exist and `create` is set; the error says
  // what failed and where.
  static std::variant<Sealer, std::string> openKeyFile(const std::string& path, bool create = true);
  explicit Sealer(const std::array<unsigned char, 32>& key) : key_(key) {}

  std::string seal(std::string_view plain) const;
  // nullopt when `sealed` is malformed, altered or sealed under another key.
  std::optional<std::string> unseal(std::string_view sealed) const;

 private:
  std::array<unsigned char, 32> key_;
};

}  // namespace qingling::server
