// `qingling enterprise E` (企业档案) and `qingling targets --campaign C`: the enterprise profile and the quantitative
// task targets checked against recorded facts, as tables or --json.
#include "server/cli/profile_commands.h"

#include "server/cli/cli_common.h"
#include "server/cli/cli_flags.h"
#include "server/cli/cli_output.h"
#include "server/cli/hazard_commands.h"

namespace qingling::cli {
namespace {

std::string yuan(int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100), static_cast<long long>(fen % 100));
  return buf;
}

std::string joined(capnp::List<capnp::Text>::Reader list) {
  std::string out;
  for (auto t : list) out += (out.empty() ? "" : ",") + std::string(t.cStr());
  return out.empty() ? "-" : out;
}

std::string counts(capnp::List<schema::NamedCount>::Reader list) {
  std::string out;
  for (auto c : list)
    out += (out.empty() ? "" : " ") + std::string(c.getName().cStr()) + "=" + std::to_string(c.getCount());
  return out.empty() ? "none" : out;
}

void printProfile(CliContext& ctx, schema::EnterpriseProfile::Reader p) {
  ctx.out << p.getEnterprise().cStr() << "  " << p.getName().cStr() << " (under " << p.getParent().cStr() << ")\n";
  Table facts({"FACT", "VALUE"});
  facts.add({"industry", p.getIndustry().size() > 0 ? p.getIndustry().cStr() : "-"});
  facts.add({"employees", std::to_string(p.getEmployees()) + (p.getSmallOrMicro() ? " (小微)" : "")});
  facts.add({"key supervision (重点监管)", p.getKeySupervision() ? "yes" : "no"});
  facts.add({"supervision level", std::to_string(p.getSupervisionLevel()) + " (unit's own " +
                                      std::to_string(p.getUnitSupervisionLevel()) + ")"});
  facts.add({"tips (举报)", p.getTipsWithheld() ? std::string("withheld from the enterprise's own users")
                                                : std::to_string(p.getTipsReceived()) + " received, " +
                                                      std::to_string(p.getTipsSubstantiated()) + " substantiated, " +
                                                      std::to_string(p.getTipsUnfounded()) + " unfounded"});
  facts.print(ctx.out);

  auto hazards = p.getHazards().getRows();
  ctx.out << "\nhazards: " << hazards.size() << " (" << counts(p.getHazardsByStatus()) << "; "
          << counts(p.getHazardsByGrade()) << "; overdue=" << p.getOverdueHazards() << ")\n";
  if (hazards.size() > 0) printHazardRows(ctx, hazards);

  ctx.out << "\nmeasures: " << p.getMeasures().size() << "\n";
  if (p.getMeasures().size() > 0) {
    Table table({"MEASURE", "KIND", "IMPOSED", "BY", "AMOUNT", "LEVEL", "LIFTED", "REASON"});
    for (auto m : p.getMeasures()) {
      table.add({m.getMeasureId().cStr(), enumName(m.getKind()), localDay(m.getImposedAt()), m.getImposedBy().cStr(),
                 m.getAmountFen() == 0 ? "-" : yuan(m.getAmountFen()),
                 m.getNewSupervisionLevel() == 0 ? "-" : std::to_string(m.getNewSupervisionLevel()),
                 m.getLifted() ? localDay(m.getLiftedAt()) : "-", truncate(m.getReason().cStr(), 30)});
    }
    table.print(ctx.out);
  }

  ctx.out << "\ninspections: " << p.getInspections().size() << "\n";
  if (p.getInspections().size() > 0) {
    Table table({"INSPECTION", "KIND", "WHEN", "BY", "INSPECTORS", "HAZARDS", "SPOT CHECKS"});
    for (auto i : p.getInspections()) {
      table.add({i.getInspectionId().cStr(), enumName(i.getKind()), localDay(i.getOccurredAt()),
                 i.getInspectingUnit().cStr(), joined(i.getInspectors()), joined(i.getHazards()),
                 std::to_string(i.getSpotChecks())});
    }
    table.print(ctx.out);
  }
}

void printTargets(CliContext& ctx, schema::TaskTargets::Reader t) {
  Table table({"DISPATCH", "ASSIGNEE", "PERIOD", "METRIC", "AT LEAST", "COUNTED", "MET"});
  size_t met = 0;
  for (auto d : t.getDispatches()) {
    std::string period = std::string(d.getPeriodStart().cStr()) + ".." + d.getPeriodEnd().cStr();
    for (auto target : d.getTargets()) {
      table.add({d.getDispatchId().cStr(), d.getAssignee().cStr(), period, target.getMetric().cStr(),
                 std::to_string(target.getAtLeast()), std::to_string(target.getCounted()),
                 target.getMet() ? "yes" : "NO"});
    }
    if (d.getMet()) ++met;
  }
  table.print(ctx.out);
  ctx.out << met << " of " << t.getDispatches().size() << " dispatches meet every target\n";
}

}  // namespace

int cmdEnterprise(CliContext& ctx) {
  ctx.args.allowOnly({"as-of"});
  std::string enterprise = positional(ctx.args, 1, "usage: qingling enterprise ENTERPRISE [--as-of T]");
  return runQuery(
      ctx, [&](schema::Query::Builder q) { q.getBody().setEnterpriseProfile(enterprise); },
      [&](schema::Projection::Reader p) { printProfile(ctx, p.getEnterpriseProfile()); });
}

int cmdTargets(CliContext& ctx) {
  ctx.args.allowOnly({"as-of", "campaign", "unit"});
  std::string campaign = ctx.args.required("campaign");
  return runQuery(
      ctx,
      [&](schema::Query::Builder q) {
        auto t = q.getBody().initTaskTargets();
        t.setCampaignId(campaign);
        t.setUnit(ctx.args.option("unit").value_or(""));
      },
      [&](schema::Projection::Reader p) { printTargets(ctx, p.getTaskTargets()); });
}

}  // namespace qingling::cli
