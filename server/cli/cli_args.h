// Command-line arguments of `qingling`: positional words, `--key value` / `--key=value` options and a fixed set
// of boolean flags. Global options (--server, --token, --tls, --tls-ca, --json) may stand anywhere; --valid-at wherever --as-of is
// allowed (every projection takes both). An option may be repeated: `option` answers its last value, `values` and
// `list` all of them.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace qingling::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  Args(int argc, char** argv);

  const std::vector<std::string>& positional() const { return positional_; }
  std::string word(size_t i) const { return i < positional_.size() ? positional_[i] : std::string(); }
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  std::optional<std::string> option(const std::string& name) const;
  // Every value given for a repeatable option, in order (`--inspector a --inspector b`).
  std::vector<std::string> values(const std::string& name) const;
  // The same, each value also split at commas (`--hazard h1,h2 --hazard h3`); empty items dropped.
  std::vector<std::string> list(const std::string& name) const;
  std::string required(const std::string& name) const;  // throws UsageError naming the option
  uint64_t number(const std::string& name, uint64_t fallback) const;
  // Throws UsageError for any option that is not in `known` (typos must not pass silently).
  void allowOnly(const std::set<std::string>& known) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>> options_;
  std::set<std::string> flags_;
};

}  // namespace qingling::cli
