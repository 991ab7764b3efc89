// The RocksDB layout of the event log. One column family per purpose; all integers big-endian so that
// byte order is numeric order. Documented for operators in store/README.md.
//
//   events   : position(u64)                          -> sha256(32 bytes) || envelope (flat Cap'n Proto message)
//   streams  : streamId || 0x00 || version(u64)       -> position(u64)
//   by_type  : eventType(u16) || position(u64)        -> ""      (eventType = Event union discriminant)
//   by_unit  : unitId || 0x00 || position(u64)        -> ""
//   commands : commandId                              -> streamId || 0x00 || first(u64) || last(u64) || version(u64)
//
// The hash is SHA-256(prevHash || envelope bytes): it covers exactly the stored bytes, and the envelope carries
// prevHash, so deleting, reordering or editing any event breaks the chain at that position.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qingling::store::keys {

inline constexpr const char* kEvents = "events";
inline constexpr const char* kStreams = "streams";
inline constexpr const char* kByType = "by_type";
inline constexpr const char* kByUnit = "by_unit";
inline constexpr const char* kCommands = "commands";
inline constexpr size_t kHashSize = 32;

void putU64(std::string& out, uint64_t v);
uint64_t getU64(std::string_view bytes);  // reads the first 8 bytes

std::string position(uint64_t pos);
std::string streamVersion(std::string_view streamId, uint64_t version);
std::string byType(uint16_t eventType, uint64_t pos);
std::string byUnit(std::string_view unitId, uint64_t pos);

}  // namespace qingling::store::keys
