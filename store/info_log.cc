// The info LOG writer (see info_log.h).
#include "store/info_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <string>

namespace qingling::store {
namespace {

class FdLogger final : public rocksdb::Logger {
 public:
  explicit FdLogger(int fd) : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL), fd_(fd) {}
  ~FdLogger() override {
    if (fd_ >= 0) ::close(fd_);
  }

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (fd_ < 0) return;
    struct timeval now;
    ::gettimeofday(&now, nullptr);
    struct tm local;
    ::localtime_r(&now.tv_sec, &local);
    char prefix[64];
    int used = std::snprintf(prefix, sizeof prefix, "%04d/%02d/%02d-%02d:%02d:%02d.%06ld %lx ", local.tm_year + 1900,
                             local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec,
                             static_cast<long>(now.tv_usec), static_cast<unsigned long>(::gettid()));
    std::string line(prefix, used > 0 ? static_cast<size_t>(used) : 0);
    va_list copy;
    va_copy(copy, ap);
    int length = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    if (length < 0) return;
    size_t start = line.size();
    line.resize(start + static_cast<size_t>(length) + 1);
    std::vsnprintf(line.data() + start, static_cast<size_t>(length) + 1, format, ap);
    line.back() = '\n';
    // One write of the whole line (O_APPEND), so lines of concurrent threads do not interleave. A refused or
    // short write is dropped on purpose (see info_log.h).
    if (::write(fd_, line.data(), line.size()) < 0) return;
  }

 private:
  const int fd_;
};

}  // namespace

std::shared_ptr<rocksdb::Logger> openInfoLog(const std::string& dir) {
  ::mkdir(dir.c_str(), 0755);  // a new store: RocksDB creates the directory only after the logger exists
  std::string path = dir + "/LOG";
  struct stat existing;
  if (::stat(path.c_str(), &existing) == 0) {
    struct timeval now;
    ::gettimeofday(&now, nullptr);
    std::string old = path + ".old." + std::to_string(static_cast<int64_t>(now.tv_sec) * 1000000 + now.tv_usec);
    ::rename(path.c_str(), old.c_str());
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  return std::make_shared<FdLogger>(fd);
}

}  // namespace qingling::store
