// A progress line on stderr for long CLI runs: shown only when stderr is a terminal and the run has taken more
// than a second, rewritten in place, ended by a newline when the run ends.
#pragma once

#include <unistd.h>

#include <chrono>
#include <ostream>
#include <string>

namespace qingling::cli {

class Progress {
 public:
  explicit Progress(std::ostream& err) : err_(err), terminal_(isatty(STDERR_FILENO) == 1) {}
  ~Progress() {
    if (shown_) err_ << "\n";
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(const std::string& line) {
    if (!terminal_ || std::chrono::steady_clock::now() - start_ < std::chrono::seconds(1)) return;
    shown_ = true;
    err_ << "\r" << line << std::flush;
  }

 private:
  std::ostream& err_;
  const bool terminal_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  bool shown_ = false;
};

}  // namespace qingling::cli
