#include "server/cli/history_commands.h"

#include <vector>

#include "schemas/json_codec.h"
#include "server/cli/cli_common.h"
#include "server/cli/cli_output.h"
#include "server/cli/cli_progress.h"
#include "server/clock.h"

namespace qingling::cli {
namespace {

std::string actorText(schema::Actor::Reader actor) {
  return std::string(actor.getUser().cStr()) + "@" + actor.getUnit().cStr() + " (" + enumName(actor.getRole()) + ")";
}

void printTable(CliContext& ctx, schema::HistoryPage::Reader page) {
  Table table({"POS", "RECORDED", "OCCURRED", "ACTOR", "COMMAND", "EVENT", "SUMMARY", "HASH"});
  for (auto e : page.getEntries()) {
    table.add({std::to_string(e.getPosition()), server::formatInstant(e.getRecordedAt()),
               server::formatInstant(e.getOccurredAt()), actorText(e.getActor()), e.getCommandId().cStr(),
               e.getEventType().cStr(), truncate(e.getSummary().cStr(), 60), hex(e.getHash())});
  }
  table.print(ctx.out);
  ctx.out << page.getEntries().size() << " events\n";
}

}  // namespace

int cmdHistory(CliContext& ctx) {
  ctx.args.allowOnly({});
  const std::string kind = ctx.args.word(1), id = ctx.args.word(2);
  if (kind.empty() || id.empty()) throw UsageError("usage: qingling history campaign|dispatch|hazard|tip|unit|user ID");
  std::vector<server::Reply> pages;
  size_t entries = 0;
  {
    Progress progress(ctx.err);
    for (uint64_t from = 0;;) {
      server::Reply reply = ctx.client.call([&](Body body) {
        auto h = body.initHistory();
        h.setKind(kind);
        h.setId(id);
        h.setFromPosition(from);
      });
      if (!reply->getBody().isHistory()) return finish(ctx, reply, [] {});
      from = reply->getBody().getHistory().getNext();
      entries += reply->getBody().getHistory().getEntries().size();
      pages.push_back(std::move(reply));
      if (from == 0) break;
      progress.update("history: read up to position " + std::to_string(from) + ", " + std::to_string(entries) +
                      " events so far");
    }
  }
  capnp::MallocMessageBuilder message;
  auto all = message.initRoot<schema::HistoryPage>();
  auto rows = all.initEntries(static_cast<unsigned>(entries));
  unsigned i = 0;
  uint64_t scanned = 0;
  for (const auto& page : pages) {
    auto history = page->getBody().getHistory();
    scanned += history.getScanned();
    for (auto entry : history.getEntries()) rows.setWithCaveats(i++, entry);
  }
  all.setScanned(scanned);
  if (ctx.json) {
    ctx.out << schema::toJson(all.asReader()) << "\n";
  } else {
    printTable(ctx, all.asReader());
  }
  return 0;
}

}  // namespace qingling::cli
