// The write-ahead log check before open (see wal_check.h).
#include "store/wal_check.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>

namespace qingling::store {
namespace {

constexpr size_t kBlock = 32768;
constexpr size_t kHeader = 7;
constexpr size_t kRecyclableHeader = 11;

uint32_t crc32c(std::string_view bytes) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

uint32_t unmask(uint32_t masked) {
  uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}

uint32_t le32(const std::string& data, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(data[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(data[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(data[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(data[at + 3])) << 24;
}

enum class Record { intact, padding, bad };

// The physical record at `at` inside its block; `size` is set to its whole length when intact.
Record recordAt(const std::string& data, size_t at, size_t& size) {
  size_t blockEnd = std::min(data.size(), (at / kBlock + 1) * kBlock);
  if (blockEnd - at < kHeader) return Record::padding;
  const auto type = static_cast<unsigned char>(data[at + 6]);
  const size_t length = static_cast<unsigned char>(data[at + 4]) | static_cast<unsigned char>(data[at + 5]) << 8;
  if (type == 0 && length == 0 && le32(data, at) == 0) return Record::padding;  // zeros: preallocated, never written
  const bool recyclable = type >= 5 && type <= 8;
  const size_t header = recyclable ? kRecyclableHeader : kHeader;
  if (blockEnd - at < header || length > blockEnd - at - header) return Record::bad;
  std::string_view covered(data.data() + at + 6, header - 6 + length);
  if (unmask(le32(data, at)) != crc32c(covered)) return Record::bad;
  size = header + length;
  return Record::intact;
}

// True if an intact record follows `at`: at any offset of the rest of its block (where records are packed and
// the damage hides the next header), or at the start of any later block. A chance match needs a CRC32C collision.
bool intactAfter(const std::string& data, size_t at) {
  const size_t blockEnd = std::min(data.size(), (at / kBlock + 1) * kBlock);
  for (size_t next = at + 1; next + kHeader <= blockEnd; ++next) {
    const auto type = static_cast<unsigned char>(data[next + 6]);
    size_t size = 0;
    if (type >= 1 && type <= 8 && recordAt(data, next, size) == Record::intact) return true;
  }
  for (size_t block = blockEnd; block < data.size(); block += kBlock) {
    size_t size = 0;
    if (recordAt(data, block, size) == Record::intact) return true;
  }
  return false;
}

}  // namespace

std::optional<StoreError> checkWriteAheadLogs(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".log" || !entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.eof() && in.fail()) {
      return StoreError{StoreErrc::ioError, "cannot read the write-ahead log " + entry.path().string() +
                                                " of the event log: check the disk; see ops/runbook-storage.md"};
    }
    size_t at = 0;
    while (at < data.size()) {
      size_t size = 0;
      Record record = recordAt(data, at, size);
      if (record == Record::intact) {
        at += size;
        continue;
      }
      if (record == Record::bad && intactAfter(data, at)) {
        return StoreError{
            StoreErrc::corruption,
            "the write-ahead log " + entry.path().string() + " of the event log is damaged at byte " +
                std::to_string(at) +
                " and intact records follow: opening it would silently drop acknowledged events, so qinglingd "
                "refuses to start. Do not delete or truncate the file; keep a copy of the whole directory and "
                "restore from the last archive as ops/runbook-storage.md describes"};
      }
      if (record == Record::bad) break;  // a damaged or cut tail: the batch being written, never acknowledged
      at = (at / kBlock + 1) * kBlock;
    }
  }
  return std::nullopt;
}

}  // namespace qingling::store
