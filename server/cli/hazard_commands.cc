#include "server/cli/hazard_commands.h"

#include "server/cli/cli_common.h"
#include "server/cli/cli_flags.h"
#include "server/cli/cli_output.h"

namespace qingling::cli {
void printHazardRows(CliContext& ctx, capnp::List<schema::HazardRow>::Reader rows) {
  Table table(
      {"HAZARD", "ENTERPRISE", "GRADE", "SOURCE", "CATEGORY", "STATUS", "FOUND", "DEADLINE", "", "DESCRIPTION"});
  for (auto row : rows) {
    std::string flags = std::string(row.getOverdue() ? "OVERDUE " : "") + (row.getListed() ? "挂牌" : "");
    table.add({row.getHazardId().cStr(), row.getEnterprise().cStr(), enumName(row.getGrade()),
               enumName(row.getSource()), row.getCategory().cStr(), row.getStatus().cStr(), localDay(row.getFoundAt()),
               deadlineDay(row.getDeadlineAt()), flags, truncate(row.getDescription().cStr(), 30)});
  }
  table.print(ctx.out);
}

int cmdHazards(CliContext& ctx) {
  ctx.args.allowOnly({"as-of", "unit", "campaign", "grade", "source", "status", "overdue"});
  auto reply = callQuery(ctx, [&](schema::Query::Builder q) {
    auto h = q.getBody().initHazardLedger();
    h.setUnit(ctx.args.option("unit").value_or(""));
    h.setCampaignId(ctx.args.option("campaign").value_or(""));
    if (auto grade = ctx.args.option("grade")) {
      h.setFilterGrade(true);
      h.setGrade(enumByName<schema::HazardGrade>(*grade, "grade"));
    }
    if (auto source = ctx.args.option("source")) {
      h.setFilterSource(true);
      h.setSource(enumByName<schema::HazardSource>(*source, "source"));
    }
    h.setStatus(ctx.args.option("status").value_or(""));
    h.setOverdueOnly(ctx.args.option("overdue").value_or("") == "yes");
  });
  return finish(ctx, reply,
                [&] { printHazardRows(ctx, reply->getBody().getProjection().getHazardLedger().getRows()); });
}

int cmdReport(CliContext& ctx) {
  if (ctx.args.word(1) != "dispatch") throw UsageError("usage: qingling report dispatch --month YYYY-MM [--unit U]");
  ctx.args.allowOnly({"as-of", "unit", "month", "campaign"});
  auto reply = callQuery(ctx, [&](schema::Query::Builder q) {
    auto t = q.getBody().initDispatchTable();
    t.setUnit(ctx.args.option("unit").value_or(""));
    t.setMonth(ctx.args.required("month"));
    t.setCampaignId(ctx.args.option("campaign").value_or(""));
  });
  return finish(ctx, reply, [&] {
    auto t = reply->getBody().getProjection().getDispatchTable();
    ctx.out << "月度调度表 " << t.getUnit().cStr() << ", cumulative to the end of " << t.getMonth().cStr() << "\n";
    Table table({"FIGURE", "FOUND", "RECTIFIED"});
    table.add({"major hazards, self-inspection (企业自查)", std::to_string(t.getSelfInspectionMajorFound()),
               std::to_string(t.getSelfInspectionMajorRectified())});
    table.add({"major hazards, government inspection", std::to_string(t.getGovernmentMajorFound()),
               std::to_string(t.getGovernmentMajorRectified())});
    table.add({"listed (挂牌督办)", std::to_string(t.getListedFound()), std::to_string(t.getListedRectified())});
    table.add({"all major hazards", std::to_string(t.getMajorFound()), std::to_string(t.getMajorRectified())});
    table.print(ctx.out);
    char rate[16];
    std::snprintf(rate, sizeof rate, "%.1f%%", t.getRectificationRate() * 100);
    ctx.out << "rectification rate " << rate << ", overdue not rectified (到期未整改) " << t.getOverdueNotRectified()
            << ", spot checks " << t.getSpotChecks() << "\n";
  });
}

}  // namespace qingling::cli
