// The archive file of `qingling export` and `qinglingd import` (ops/runbook-archive.md). All integers big-endian:
//
//   "qingling.archive/v1\n"                      format name and version
//   from(u64) to(u64)                            the range of positions it holds, inclusive
//   before(32 bytes)                             the chain hash before `from` (32 zero bytes when from = 1)
//   endHash(32 bytes)                            the chain hash at `to`: the digest `to:endHash`
//   then per position from..to, in order:
//     position(u64) length(u32) value(length bytes)   the `events` value exactly as stored: hash || envelope
//
// The writer goes to FILE.tmp and renames it to FILE only once complete, so a FILE that exists is whole. The
// reader only parses; checking the chain is the importer's job (store/archive_import.h).
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/event_log.h"

namespace qingling::store {

inline constexpr std::string_view kArchiveMagic = "qingling.archive/v1\n";

struct ArchiveHeader {
  uint64_t from = 0;
  uint64_t to = 0;
  Hash before{};
  Hash endHash{};
};

class ArchiveWriter {
 public:
  // Creates `path`.tmp; the header's endHash may be unknown yet (it is written again by finish()).
  static Result<std::unique_ptr<ArchiveWriter>> create(const std::string& path, const ArchiveHeader& header);
  std::optional<StoreError> add(uint64_t position, std::string_view value);
  // Rewrites the header with `header`, flushes, fsyncs and renames to `path`.
  std::optional<StoreError> finish(const ArchiveHeader& header);

 private:
  ArchiveWriter(std::string path, std::ofstream out) : path_(std::move(path)), out_(std::move(out)) {}
  std::optional<StoreError> failed(const std::string& what) const;
  std::string path_;
  std::ofstream out_;
};

class ArchiveReader {
 public:
  // Opens `path` and reads its header; an error names the file and what is wrong with it.
  static Result<std::unique_ptr<ArchiveReader>> open(const std::string& path);
  const ArchiveHeader& header() const { return header_; }
  // The next record into `position` and `value`; false at the end of the file. An error for a cut record.
  Result<bool> next(uint64_t& position, std::string& value);

 private:
  ArchiveReader(std::string path, std::ifstream in) : path_(std::move(path)), in_(std::move(in)) {}
  std::string path_;
  std::ifstream in_;
  ArchiveHeader header_;
};

}  // namespace qingling::store
