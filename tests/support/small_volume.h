// A small tmpfs mounted on a fresh temporary directory, to fill a data directory's file system for real (no
// mocks): mount(2) needs root, so a test asks skipReason() first and skips with it (CI runs as root). A filler
// file takes most of the space in one fallocate, so filling the volume takes a few appends, not thousands, and
// deleting it gives the space back.
#pragma once

#include <cstdint>
#include <string>

#include "tests/support/temp_dir.h"

namespace qingling::testing {

class SmallVolume {
 public:
  explicit SmallVolume(uint64_t bytes);
  ~SmallVolume();  // unmounts (lazily, if something still holds a file), then the directory is removed
  SmallVolume(const SmallVolume&) = delete;
  SmallVolume& operator=(const SmallVolume&) = delete;

  // Empty when mounted; else why not (not root, mount refused), for GTEST_SKIP.
  const std::string& skipReason() const { return skipReason_; }
  const std::string& path() const { return dir_.path(); }
  uint64_t freeBytes() const;
  // Creates `<path>/filler`, leaving about `leave` bytes free; false with errno's text in `error` on failure.
  bool fill(uint64_t leave, std::string& error);
  void freeFiller();

 private:
  TempDir dir_;
  bool mounted_ = false;
  std::string skipReason_;
};

}  // namespace qingling::testing
