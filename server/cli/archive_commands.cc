#include "server/cli/archive_commands.h"

#include <cstring>

#include "server/cli/cli_common.h"
#include "server/cli/cli_progress.h"
#include "store/archive_format.h"
#include "store/hash_chain.h"
#include "store/verify.h"

namespace qingling::cli {
namespace {

std::string_view chars(capnp::Data::Reader data) { return {reinterpret_cast<const char*>(data.begin()), data.size()}; }

// The hash the first record links to: the chain hash before the range.
store::Hash linkedHash(uint64_t position, std::string_view value) {
  store::Hash before{};
  store::RecordedEvent event(position, value);
  auto prev = event.envelope().getPrevHash();
  if (prev.size() == before.size()) std::memcpy(before.data(), prev.begin(), before.size());
  return before;
}

int localFailure(CliContext& ctx, const std::string& message) {
  ctx.err << "qingling: " << message << "\n";
  return 1;
}

}  // namespace

int cmdExport(CliContext& ctx) {
  ctx.args.allowOnly({"from", "to"});
  const std::string file = ctx.args.word(1);
  if (file.empty()) throw UsageError("usage: qingling export FILE [--from POS] [--to POS]");
  uint64_t from = std::max<uint64_t>(ctx.args.number("from", 1), 1);
  uint64_t to = ctx.args.number("to", 0);
  store::ArchiveHeader header;
  std::unique_ptr<store::ArchiveWriter> writer;
  store::Hash prev{};
  Progress progress(ctx.err);
  for (uint64_t next = from; next != 0;) {
    server::Reply reply = ctx.client.call([&](Body body) {
      auto range = body.initStoredRecords();
      range.setFromPosition(next);
      range.setToPosition(to);
    });
    if (!reply->getBody().isStoredRecords()) return finish(ctx, reply, [] {});
    auto page = reply->getBody().getStoredRecords();
    to = page.getToPosition();  // fixed by the first answer, so appends during the export do not move the end
    uint64_t position = page.getFromPosition();
    for (auto record : page.getRecords()) {
      std::string_view value = chars(record);
      if (!writer) {
        header = {from, to, linkedHash(position, value), {}};
        prev = header.before;
        auto created = store::ArchiveWriter::create(file, header);
        if (!created) return localFailure(ctx, created.error().message);
        writer = std::move(created.value());
      }
      store::Hash hash{};
      if (std::string problem = store::checkChainedEvent(position, value, prev, hash); !problem.empty()) {
        ctx.err << "qingling: the server's log is broken, no archive written: " << problem
                << " (run `qingling verify`)\n";
        return 4;
      }
      if (auto error = writer->add(position, value)) return localFailure(ctx, error->message);
      prev = hash;
      ++position;
    }
    next = page.getNext();
    progress.update("export: " + std::to_string(position - from) + " of " + std::to_string(to - from + 1) + " events");
  }
  if (!writer) throw UsageError("the range holds no events");
  header.endHash = prev;
  if (auto error = writer->finish(header)) return localFailure(ctx, error->message);
  ctx.out << "exported positions " << header.from << ".." << header.to << " to " << file << "\n"
          << "digest " << header.to << ":" << store::toHex(header.endHash)
          << "  (keep it outside the system; `qinglingd import` checks the file against it)\n";
  return 0;
}

}  // namespace qingling::cli
