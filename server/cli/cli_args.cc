#include "server/cli/cli_args.h"

#include <charconv>
#include <sstream>

namespace qingling::cli {
namespace {

// A name is a flag everywhere it appears, so a flag name is never also an option's.
const std::set<std::string> kBooleanFlags = {"json",    "backward", "key-supervision", "help",       "all",
                                             "pass",    "fail",     "other-regime",    "suspension", "anonymous",
                                             "approve", "reject",   "substantiated",   "unfounded",  "tls"};
const std::set<std::string> kGlobalOptions = {"server", "token", "tls", "tls-ca", "json", "help"};

}  // namespace

Args::Args(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      positional_.push_back(arg);
      continue;
    }
    std::string key = arg.substr(2);
    size_t eq = key.find('=');
    if (eq != std::string::npos) {
      options_[key.substr(0, eq)].push_back(key.substr(eq + 1));
    } else if (kBooleanFlags.count(key)) {
      flags_.insert(key);
    } else if (i + 1 < argc) {
      options_[key].push_back(argv[++i]);
    } else {
      throw UsageError("option --" + key + " needs a value");
    }
  }
}

std::optional<std::string> Args::option(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Args::values(const std::string& name) const {
  auto it = options_.find(name);
  return it == options_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::string> Args::list(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& value : values(name)) {
    std::stringstream items(value);
    for (std::string item; std::getline(items, item, ',');) {
      if (!item.empty()) out.push_back(item);
    }
  }
  return out;
}

std::string Args::required(const std::string& name) const {
  auto value = option(name);
  if (!value || value->empty()) throw UsageError("missing --" + name);
  return *value;
}

uint64_t Args::number(const std::string& name, uint64_t fallback) const {
  auto value = option(name);
  if (!value) return fallback;
  uint64_t out = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
  if (ec != std::errc() || ptr != value->data() + value->size()) {
    throw UsageError("--" + name + " takes a whole number, not '" + *value + "'");
  }
  return out;
}

void Args::allowOnly(const std::set<std::string>& known) const {
  // --valid-at (a business-time cut) goes wherever --as-of does: every projection takes both.
  auto allowed = [&](const std::string& key) {
    return known.count(key) || kGlobalOptions.count(key) || (key == "valid-at" && known.count("as-of"));
  };
  for (const auto& [key, value] : options_) {
    if (!allowed(key)) throw UsageError("unknown option --" + key);
  }
  for (const auto& key : flags_) {
    if (!allowed(key)) throw UsageError("unknown option --" + key);
  }
}

}  // namespace qingling::cli
