// `qingling review --campaign C | --unit U | --enterprise E [--as-of T] [--backdated-threshold P3D] [--json]
// [--html FILE]`: the findings grouped by responsible unit (and its covering leader), then kind; the HTML file
// adds each finding's evidence chain and the log digest taken right after the review was read.
#include "server/cli/review_commands.h"

#include <fstream>

#include "domain/duration.h"
#include "domain/projections/review_evidence.h"
#include "server/cli/cli_common.h"
#include "server/cli/cli_output.h"
#include "server/cli/review_html.h"
#include "server/clock.h"

namespace qingling::cli {
namespace {

std::string positions(schema::Finding::Reader f) {
  std::string out;
  for (auto e : f.getEvidence()) out += (out.empty() ? "" : ",") + std::to_string(e.getPosition());
  return out;
}

void printReview(CliContext& ctx, schema::AccountabilityReview::Reader r) {
  ctx.out << "accountability review of " << r.getScope().cStr() << " as of " << server::formatInstant(r.getAsOf())
          << ": " << r.getFindings().size() << " findings\n";
  Table table({"RESPONSIBLE", "LEADER", "KIND", "SUBJECT", "LATE BY", "DESCRIPTION", "EVIDENCE"});
  for (auto f : r.getFindings()) {
    table.add({f.getResponsibleUnit().cStr(), f.getCoveringLeader().size() > 0 ? f.getCoveringLeader().cStr() : "-",
               findingName(f.getKind()), f.getSubject().cStr(),
               domain::projections::spanText(f.getLateBySeconds() * domain::kMicrosPerSecond),
               truncate(f.getDescription().cStr(), 60), positions(f)});
  }
  if (!table.empty()) table.print(ctx.out);
}

// The log's digest, as `qingling digest` prints it; throws UsageError when the server refuses it.
std::string logDigest(CliContext& ctx) {
  auto reply = ctx.client.call([](Body body) { body.setDigest(); });
  if (!reply->getBody().isDigest()) throw UsageError("the server gave no digest for the HTML report");
  auto d = reply->getBody().getDigest();
  return std::to_string(d.getPosition()) + ":" + hex(d.getHash());
}

}  // namespace

int cmdReview(CliContext& ctx) {
  ctx.args.allowOnly({"as-of", "campaign", "unit", "enterprise", "backdated-threshold", "html"});
  int64_t threshold = 0;
  if (auto text = ctx.args.option("backdated-threshold")) {
    auto parsed = domain::parseDuration(*text);
    if (!parsed || *parsed < 0) throw UsageError("--backdated-threshold takes a duration such as P3D or PT12H");
    threshold = *parsed;
  }
  const auto html = ctx.args.option("html");
  return runQuery(
      ctx,
      [&](schema::Query::Builder q) {
        auto r = q.getBody().initAccountabilityReview();
        r.setCampaignId(ctx.args.option("campaign").value_or(""));
        r.setUnit(ctx.args.option("unit").value_or(""));
        r.setEnterprise(ctx.args.option("enterprise").value_or(""));
        r.setBackdatedThreshold(threshold);
      },
      [&](schema::Projection::Reader p) {
        auto review = p.getAccountabilityReview();
        if (html) {
          std::ofstream file(*html, std::ios::binary | std::ios::trunc);
          file << reviewHtml(review, logDigest(ctx));
          if (!file) throw UsageError("cannot write " + *html);
          ctx.out << "wrote " << *html << "\n";
        }
        printReview(ctx, review);
      });
}

}  // namespace qingling::cli
