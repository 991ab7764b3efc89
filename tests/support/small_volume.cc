// A small tmpfs for storage-full tests (see small_volume.h).
#include "tests/support/small_volume.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace qingling::testing {

SmallVolume::SmallVolume(uint64_t bytes) {
  if (::geteuid() != 0) {
    skipReason_ = "mounting a small tmpfs needs root (CI runs as root)";
    return;
  }
  std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
  if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
    skipReason_ = "mount -t tmpfs on " + dir_.path() + " failed: " + std::strerror(errno);
    return;
  }
  mounted_ = true;
}

SmallVolume::~SmallVolume() {
  if (mounted_ && ::umount(dir_.path().c_str()) != 0) ::umount2(dir_.path().c_str(), MNT_DETACH);
}

uint64_t SmallVolume::freeBytes() const {
  struct statvfs stats;
  if (::statvfs(dir_.path().c_str(), &stats) != 0) return 0;
  return static_cast<uint64_t>(stats.f_bavail) * stats.f_frsize;
}

bool SmallVolume::fill(uint64_t leave, std::string& error) {
  uint64_t free = freeBytes();
  if (free <= leave) return true;
  std::string path = dir_.path() + "/filler";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = "open " + path + ": " + std::strerror(errno);
    return false;
  }
  int failed = ::posix_fallocate(fd, 0, static_cast<off_t>(free - leave));
  ::close(fd);
  if (failed != 0) {
    error = "posix_fallocate " + path + ": " + std::strerror(failed);
    return false;
  }
  return true;
}

void SmallVolume::freeFiller() { ::unlink((dir_.path() + "/filler").c_str()); }

}  // namespace qingling::testing
