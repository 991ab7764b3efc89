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

// One line of a terminal rewritten in place (a long replay's progress): each show() replaces the text, clear()
// erases it so the answer prints on a clean line. Writes nothing unless `terminal` (progress is for people; a pipe or
// a log file would only collect the redraws).
class StatusLine {
 public:
  StatusLine(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}
  ~StatusLine() { clear(); }
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  bool active() const { return terminal_; }
  void show(const std::string& text);
  void clear();

 private:
  std::ostream& out_;
  bool terminal_;
  bool shown_ = false;
};

// Display width of UTF-8 text in terminal columns.
size_t displayWidth(const std::string& text);
// Cuts text to at most `columns` display columns, ending with "…" when cut.
std::string truncate(const std::string& text, size_t columns);

}  // namespace qingling::cli
