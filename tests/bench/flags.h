// The bench tools' command lines: `--name value` pairs, each bound to the variable it sets, and the positional
// words left over. A flag without its value, an unknown flag or a value that does not parse throws
// std::invalid_argument naming it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace qingling::bench {

class Flags {
 public:
  Flags& add(const std::string& name, std::string& into) {
    return bind(name, [&into](const std::string& v) { into = v; });
  }
  Flags& add(const std::string& name, int& into) {
    return bind(name, [&into](const std::string& v) { into = std::stoi(v); });
  }
  Flags& add(const std::string& name, double& into) {
    return bind(name, [&into](const std::string& v) { into = std::stod(v); });
  }
  Flags& add(const std::string& name, int64_t& into) {
    return bind(name, [&into](const std::string& v) { into = std::stoll(v); });
  }
  Flags& add(const std::string& name, uint64_t& into) {
    return bind(name, [&into](const std::string& v) { into = std::stoull(v); });
  }

  // Sets every flag given; returns the positional words in order.
  std::vector<std::string> parse(int argc, char** argv) const {
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
      std::string word = argv[i];
      if (word.rfind("--", 0) != 0) {
        positional.push_back(word);
        continue;
      }
      auto flag = setters_.find(word);
      if (flag == setters_.end()) throw std::invalid_argument("unknown option " + word);
      if (i + 1 >= argc) throw std::invalid_argument("option " + word + " needs a value");
      std::string value = argv[++i];
      try {
        flag->second(value);
      } catch (const std::logic_error&) {
        throw std::invalid_argument("bad value '" + value + "' for " + word);
      }
    }
    return positional;
  }

 private:
  Flags& bind(const std::string& name, std::function<void(const std::string&)> set) {
    setters_[name] = std::move(set);
    return *this;
  }
  std::map<std::string, std::function<void(const std::string&)>> setters_;
};

}  // namespace qingling::bench
