// A progress line on stderr for long CLI runs that the server does not pace (history pages, export): shown only
// when stderr is a terminal and the run has taken more than a second, rewritten in place by the StatusLine that
// query replays use (cli_output.h), and erased when the run ends.
#pragma once

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <ostream>
#include <string>

#include "server/cli/cli_output.h"

namespace qingling::cli {

class Progress {
 public:
  explicit Progress(std::ostream& err) : line_(err, &err == &std::cerr && isatty(STDERR_FILENO) == 1) {}

  void update(const std::string& text) {
    if (std::chrono::steady_clock::now() - start_ >= std::chrono::seconds(1)) line_.show(text);
  }

 private:
  StatusLine line_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace qingling::cli
