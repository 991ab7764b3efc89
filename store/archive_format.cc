#include "store/archive_format.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "store/key_format.h"

namespace qingling::store {
namespace {

constexpr uint32_t kMaxRecord = 64u << 20;  // far above any event; a larger length means a damaged file

std::string encodeHeader(const ArchiveHeader& header) {
  std::string out(kArchiveMagic);
  keys::putU64(out, header.from);
  keys::putU64(out, header.to);
  out.append(reinterpret_cast<const char*>(header.before.data()), header.before.size());
  out.append(reinterpret_cast<const char*>(header.endHash.data()), header.endHash.size());
  return out;
}

StoreError fileError(const std::string& path, const std::string& what) {
  return StoreError{StoreErrc::ioError, what + " (" + path + ": " + std::strerror(errno) + ")"};
}

}  // namespace

Result<std::unique_ptr<ArchiveWriter>> ArchiveWriter::create(const std::string& path, const ArchiveHeader& header) {
  std::ofstream out(path + ".tmp", std::ios::binary | std::ios::trunc);
  if (!out) return fileError(path + ".tmp", "cannot create the archive; check the directory exists and is writable");
  std::unique_ptr<ArchiveWriter> writer(new ArchiveWriter(path, std::move(out)));
  writer->out_ << encodeHeader(header);
  if (auto error = writer->failed("writing the archive header")) return *error;
  return writer;
}

std::optional<StoreError> ArchiveWriter::failed(const std::string& what) const {
  if (out_) return std::nullopt;
  return fileError(path_ + ".tmp", what + " failed; check free space");
}

std::optional<StoreError> ArchiveWriter::add(uint64_t position, std::string_view value) {
  std::string prefix;
  keys::putU64(prefix, position);
  const auto length = static_cast<uint32_t>(value.size());
  for (int shift = 24; shift >= 0; shift -= 8) prefix.push_back(static_cast<char>((length >> shift) & 0xff));
  out_ << prefix << value;
  return failed("writing position " + std::to_string(position));
}

std::optional<StoreError> ArchiveWriter::finish(const ArchiveHeader& header) {
  out_.seekp(0);
  out_ << encodeHeader(header);
  out_.flush();
  if (auto error = failed("completing the archive")) return error;
  out_.close();
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_RDONLY);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced) return fileError(tmp, "syncing the archive to disk failed");
  if (std::rename(tmp.c_str(), path_.c_str()) != 0) return fileError(path_, "renaming the finished archive failed");
  return std::nullopt;
}

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fileError(path, "cannot open the archive");
  std::unique_ptr<ArchiveReader> reader(new ArchiveReader(path, std::move(in)));
  std::string head(kArchiveMagic.size() + 16 + 64, '\0');
  reader->in_.read(head.data(), static_cast<std::streamsize>(head.size()));
  if (!reader->in_ || !std::string_view(head).starts_with(kArchiveMagic)) {
    return StoreError{StoreErrc::invalidArgument,
                      path +
                          " is not a Qingling archive (it does not begin with qingling.archive/v1); "
                          "make it with `qingling export`"};
  }
  std::string_view fields = std::string_view(head).substr(kArchiveMagic.size());
  ArchiveHeader& h = reader->header_;
  h.from = keys::getU64(fields);
  h.to = keys::getU64(fields.substr(8));
  std::memcpy(h.before.data(), fields.data() + 16, 32);
  std::memcpy(h.endHash.data(), fields.data() + 48, 32);
  return reader;
}

Result<bool> ArchiveReader::next(uint64_t& position, std::string& value) {
  char prefix[12];
  in_.read(prefix, sizeof prefix);
  if (in_.gcount() == 0 && in_.eof()) return false;
  if (in_.gcount() != sizeof prefix) {
    return StoreError{StoreErrc::corruption, path_ + " ends inside a record header: the file was cut short"};
  }
  position = keys::getU64(std::string_view(prefix, 8));
  uint32_t length = 0;
  for (int i = 8; i < 12; ++i) length = (length << 8) | static_cast<unsigned char>(prefix[i]);
  if (length > kMaxRecord) {
    return StoreError{StoreErrc::corruption, path_ + ": the record for position " + std::to_string(position) +
                                                 " claims " + std::to_string(length) + " bytes: the file is damaged"};
  }
  value.resize(length);
  in_.read(value.data(), length);
  if (static_cast<uint32_t>(in_.gcount()) != length) {
    return StoreError{StoreErrc::corruption, path_ + " ends inside the record for position " +
                                                 std::to_string(position) + ": the file was cut short"};
  }
  return true;
}

}  // namespace qingling::store
