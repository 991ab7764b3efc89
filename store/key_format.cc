// Encoders for the keys of store/key_format.h. Big-endian everywhere, so RocksDB's bytewise order is numeric
// order.
#include "store/key_format.h"

namespace qingling::store::keys {

void putU64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint64_t getU64(std::string_view bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < bytes.size(); ++i) v = (v << 8) | static_cast<uint8_t>(bytes[i]);
  return v;
}

std::string position(uint64_t pos) {
  std::string key;
  key.reserve(8);
  putU64(key, pos);
  return key;
}

std::string streamVersion(std::string_view streamId, uint64_t version) {
  std::string key;
  key.reserve(streamId.size() + 9);
  key.append(streamId);
  key.push_back('\0');
  putU64(key, version);
  return key;
}

std::string byType(uint16_t eventType, uint64_t pos) {
  std::string key;
  key.reserve(10);
  key.push_back(static_cast<char>(eventType >> 8));
  key.push_back(static_cast<char>(eventType & 0xff));
  putU64(key, pos);
  return key;
}

std::string byUnit(std::string_view unitId, uint64_t pos) {
  std::string key;
  key.reserve(unitId.size() + 9);
  key.append(unitId);
  key.push_back('\0');
  putU64(key, pos);
  return key;
}

}  // namespace qingling::store::keys
