#include "server/import_tool.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "store/archive_import.h"
#include "store/hash_chain.h"

namespace qingling::server {

int runImport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string dataDir, file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--data" && i + 1 < args.size()) {
      dataDir = args[++i];
    } else if (file.empty() && !args[i].starts_with("--")) {
      file = args[i];
    } else {
      file.clear();
      break;
    }
  }
  if (dataDir.empty() || file.empty()) {
    err << "usage: qinglingd import --data DIR FILE   (FILE from `qingling export`; DIR holds no store yet)\n";
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(dataDir, ec);
  if (ec) {
    err << "qinglingd import: cannot create " << dataDir << ": " << ec.message() << "\n";
    return 1;
  }
  const bool terminal = isatty(STDERR_FILENO) == 1;
  auto digest = store::importArchive(dataDir + "/events", file, [&](uint64_t done, uint64_t total) {
    if (terminal) err << "\rimport: " << (total == 0 ? 100 : done * 100 / total) << "%" << std::flush;
  });
  if (terminal) err << "\n";
  if (!digest) {
    err << "qinglingd import: " << digest.error().message << "\n";
    return 1;
  }
  out << "imported " << digest->position << " events into " << dataDir << "/events, verified against digest "
      << digest->position << ":" << store::toHex(digest->hash) << "\n"
      << "copy admin.token and seal.key from the old data directory, then start qinglingd --data " << dataDir << "\n";
  return 0;
}

}  // namespace qingling::server
