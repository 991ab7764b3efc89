#include "server/cli/cli_output.h"

#include <cwchar>

namespace qingling::cli {
namespace {

// Decodes one UTF-8 sequence; returns its byte length (1 for invalid bytes, shown as one column).
size_t decode(const std::string& s, size_t i, char32_t& cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size()) len = 1;
  cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return len;
}

size_t columnsOf(char32_t cp) {
  int w = ::wcwidth(static_cast<wchar_t>(cp));
  if (w >= 0) return static_cast<size_t>(w);
  // Without a UTF-8 locale wcwidth knows nothing; treat the CJK and full-width blocks as two columns.
  bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
              (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
              (cp >= 0xFFE0 && cp <= 0xFFE6);
  return wide ? 2 : 1;
}

}  // namespace

size_t displayWidth(const std::string& text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    i += decode(text, i, cp);
    width += columnsOf(cp);
  }
  return width;
}

std::string truncate(const std::string& text, size_t columns) {
  if (displayWidth(text) <= columns) return text;
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t len = decode(text, i, cp);
    size_t w = columnsOf(cp);
    if (width + w + 1 > columns) break;
    out.append(text, i, len);
    width += w;
    i += len;
  }
  return out + "…";
}

void StatusLine::show(const std::string& text) {
  if (!terminal_) return;
  out_ << "\r\x1b[K" << text << std::flush;  // carriage return, then erase to the end of the line
  shown_ = true;
}

void StatusLine::clear() {
  if (!shown_) return;
  out_ << "\r\x1b[K" << std::flush;
  shown_ = false;
}

void Table::print(std::ostream& out) const {
  std::vector<size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], displayWidth(row[c]));
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto line = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < widths.size(); ++c) {
      std::string cell = c < row.size() ? row[c] : "";
      out << cell;
      if (c + 1 < widths.size()) out << std::string(widths[c] - displayWidth(cell) + 2, ' ');
    }
    out << "\n";
  };
  line(header_);
  for (const auto& row : rows_) line(row);
}

}  // namespace qingling::cli
