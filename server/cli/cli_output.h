// How `qingling` shows answers: aligned tables for people (CJK characters count as two columns), capnp-json for
// scripts (--json).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace qingling::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text in terminal columns.
size_t displayWidth(const std::string& text);
// Cuts text to at most `columns` display columns, ending with "…" when cut.
std::string truncate(const std::string& text, size_t columns);

}  // namespace qingling::cli
