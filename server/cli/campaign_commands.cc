#include "server/cli/campaign_commands.h"

#include <fstream>

#include "domain/local_date.h"
#include "domain/occurrences.h"
#include "domain/plan_import.h"
#include "schemas/json_codec.h"
#include "server/cli/cli_common.h"
#include "server/cli/cli_flags.h"
#include "server/cli/cli_output.h"
#include "server/clock.h"

namespace qingling::cli {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string instant(int64_t micros) { return micros == 0 ? "-" : server::formatInstant(micros).substr(0, 16); }

// A due instant is the end of its local day: shown as that day, the way the plan wrote it.
std::string dueDay(int64_t micros) {
  return micros == 0 ? "continuous" : server::formatInstant(micros - 1).substr(0, 10);
}

std::string rate(double r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", r * 100);
  return buf;
}

std::vector<std::string> countCells(schema::ProgressCounts::Reader c) {
  return {std::to_string(c.getDispatched()),
          std::to_string(c.getAcknowledged()) + " (" + rate(c.getAcknowledgedRate()) + ")",
          std::to_string(c.getCompleted()) + " (" + rate(c.getCompletedRate()) + ")",
          std::to_string(c.getAccepted()) + " (" + rate(c.getAcceptedRate()) + ")", std::to_string(c.getOverdue())};
}

}  // namespace

int cmdPlan(CliContext& ctx) {
  ctx.args.allowOnly({"command-id"});
  if (ctx.args.word(1) != "import") throw UsageError("usage: qingling plan import FILE | plan occurrences FILE");
  std::string json = readFile(positional(ctx.args, 2, "usage: qingling plan import FILE"));
  return sendCommand(ctx, [&](schema::Command::Builder c) { c.getBody().initImportPlan().setPlanJson(json); });
}

int runPlanOccurrences(const Args& args, std::ostream& out, std::ostream& err) {
  args.allowOnly({});
  std::string json = readFile(positional(args, 2, "usage: qingling plan occurrences FILE"));
  auto parsed = domain::parsePlan(json, [](const std::string&) { return std::nullopt; });
  if (auto* error = std::get_if<domain::PlanError>(&parsed)) {
    err << "qingling: the plan is invalid at " << (error->path.empty() ? "$" : error->path) << ": " << error->message
        << "\n";
    return 1;
  }
  auto plan = std::get<domain::ParsedPlan>(parsed).document();
  auto campaign = plan.getCampaign();
  auto start = *domain::LocalDate::parse(campaign.getStart().cStr());
  auto end = *domain::LocalDate::parse(campaign.getEnd().cStr());
  Table table({"TASK", "PHASE", "#", "PERIOD", "DUE", "TITLE"});
  size_t total = 0;
  for (auto task : campaign.getTasks()) {
    auto spanStart = start, spanEnd = end;
    for (auto phase : campaign.getPhases()) {
      if (phase.getKey() == task.getPhase()) {
        spanStart = *domain::LocalDate::parse(phase.getStart().cStr());
        spanEnd = *domain::LocalDate::parse(phase.getEnd().cStr());
      }
    }
    for (const auto& o : domain::occurrences(task.getDue(), spanStart, spanEnd)) {
      table.add({task.getKey().cStr(), task.getPhase().cStr(), std::to_string(o.index),
                 o.periodStart.str() + ".." + o.periodEnd.str(), o.due ? o.due->str() : "continuous",
                 truncate(task.getTitle().cStr(), 40)});
      ++total;
    }
  }
  table.print(out);
  out << total << " occurrences of " << campaign.getTasks().size() << " tasks, " << campaign.getStart().cStr() << " to "
      << campaign.getEnd().cStr() << " (" << campaign.getTimezone().cStr()
      << "); per assignee after group fan-out at dispatch\n";
  return 0;
}

int cmdCampaign(CliContext& ctx) {
  ctx.args.allowOnly({"summary", "command-id", "task"});
  std::string verb = ctx.args.word(1);
  std::string id =
      positional(ctx.args, 2, "usage: qingling campaign issue|start-phase|close-phase|close|add-task CAMPAIGN ...");
  if (verb == "issue") {
    return sendCommand(ctx, [&](schema::Command::Builder c) { c.getBody().initIssueCampaign().setCampaignId(id); });
  }
  if (verb == "start-phase" || verb == "close-phase") {
    std::string phase = positional(ctx.args, 3, "usage: qingling campaign start-phase|close-phase CAMPAIGN PHASE");
    return sendCommand(ctx, [&](schema::Command::Builder c) {
      if (verb == "start-phase") {
        auto p = c.getBody().initStartPhase();
        p.setCampaignId(id);
        p.setPhaseKey(phase);
      } else {
        auto p = c.getBody().initClosePhase();
        p.setCampaignId(id);
        p.setPhaseKey(phase);
        p.setSummary(ctx.args.required("summary"));
      }
    });
  }
  if (verb == "close") {
    return sendCommand(ctx, [&](schema::Command::Builder c) {
      auto p = c.getBody().initCloseCampaign();
      p.setCampaignId(id);
      p.setSummary(ctx.args.required("summary"));
    });
  }
  if (verb == "add-task") {
    std::string task = ctx.args.required("task");
    if (!task.empty() && task[0] == '@') task = readFile(task.substr(1));
    capnp::MallocMessageBuilder scratch;
    auto t = scratch.initRoot<schema::Task>();
    try {
      schema::fromJson(task, t);
    } catch (const schema::JsonError& e) {
      throw UsageError("--task is not a task in capnp-json form: " + e.message);
    }
    return sendCommand(ctx, [&](schema::Command::Builder c) {
      auto p = c.getBody().initAddTask();
      p.setCampaignId(id);
      p.setTask(t.asReader());
    });
  }
  throw UsageError("usage: qingling campaign issue|start-phase|close-phase|close|add-task CAMPAIGN ...");
}

int cmdDispatch(CliContext& ctx) {
  ctx.args.allowOnly({"note", "to", "command-id"});
  std::string verb = ctx.args.word(1);
  std::string id =
      positional(ctx.args, 2, "usage: qingling dispatch ack|progress|complete|delegate|accept|return DISPATCH");
  std::string note = ctx.args.option("note").value_or("");
  return sendCommand(ctx, [&](schema::Command::Builder c) {
    auto body = c.getBody();
    if (verb == "ack") {
      body.initAcknowledgeDispatch().setDispatchId(id);
    } else if (verb == "progress" || verb == "complete") {
      auto r = verb == "progress" ? body.initReportProgress() : body.initCompleteDispatch();
      r.setDispatchId(id);
      r.setNote(note);
    } else if (verb == "delegate") {
      ctx.args.required("to");
      auto units = ctx.args.list("to");
      auto d = body.initDelegateDispatch();
      d.setDispatchId(id);
      auto to = d.initTo(static_cast<unsigned>(units.size()));
      for (unsigned i = 0; i < units.size(); ++i) to.set(i, units[i]);
    } else if (verb == "accept" || verb == "return") {
      auto r = verb == "accept" ? body.initAcceptDispatch() : body.initReturnDispatch();
      r.setDispatchId(id);
      r.setNote(note);
    } else {
      throw UsageError("usage: qingling dispatch ack|progress|complete|delegate|accept|return DISPATCH");
    }
  });
}

int cmdDuty(CliContext& ctx) {
  std::string verb = ctx.args.word(1);
  if (verb == "log") {
    ctx.args.allowOnly({"campaign", "activity", "covered", "note", "command-id"});
    return sendCommand(ctx, [&](schema::Command::Builder c) {
      auto d = c.getBody().initLogDutyActivity();
      d.setCampaignId(ctx.args.required("campaign"));
      d.setActivity(enumByName<schema::DutyActivity>(ctx.args.required("activity"), "activity"));
      d.setCoveredUnit(ctx.args.option("covered").value_or(""));
      d.setNote(ctx.args.option("note").value_or(""));
    });
  }
  if (verb == "compliance") {
    ctx.args.allowOnly({"as-of"});
    std::string campaign = positional(ctx.args, 2, "usage: qingling duty compliance CAMPAIGN [--as-of T]");
    return runQuery(
        ctx, [&](schema::Query::Builder q) { q.getBody().setDutyCompliance(campaign); },
        [&](schema::Projection::Reader p) {
          Table table({"HOLDER", "ITEM", "ACTIVITY", "PERIOD", "REQUIRED", "DONE", "MET"});
          for (auto row : p.getDutyCompliance().getPeriods()) {
            table.add({row.getHolder().cStr(), truncate(row.getText().cStr(), 30), enumName(row.getActivity()),
                       std::string(row.getPeriodStart().cStr()) + ".." + row.getPeriodEnd().cStr(),
                       std::to_string(row.getRequired()), std::to_string(row.getDone()), row.getMet() ? "yes" : "NO"});
          }
          table.print(ctx.out);
        });
  }
  throw UsageError("usage: qingling duty log --campaign C --activity A | duty compliance CAMPAIGN");
}

int cmdTasks(CliContext& ctx) {
  ctx.args.allowOnly({"as-of"});
  std::string unit = positional(ctx.args, 1, "usage: qingling tasks UNIT [--as-of T]");
  return runQuery(
      ctx, [&](schema::Query::Builder q) { q.getBody().setTaskList(unit); },
      [&](schema::Projection::Reader p) {
        Table table({"DISPATCH", "ASSIGNEE", "STATUS", "DUE", "OVERDUE", "ESCALATED", "TITLE"});
        for (auto row : p.getTaskList().getRows()) {
          table.add({row.getDispatchId().cStr(), row.getAssignee().cStr(), enumName(row.getStatus()),
                     dueDay(row.getDueAt()), row.getOverdue() ? "OVERDUE" : "",
                     row.getEscalated() ? enumName(row.getEscalationLevel()) : "",
                     truncate(row.getTitle().cStr(), 30)});
        }
        table.print(ctx.out);
      });
}

int cmdProgress(CliContext& ctx) {
  ctx.args.allowOnly({"as-of"});
  std::string campaign = positional(ctx.args, 1, "usage: qingling progress CAMPAIGN [--as-of T]");
  return runQuery(
      ctx, [&](schema::Query::Builder q) { q.getBody().setCampaignProgress(campaign); },
      [&](schema::Projection::Reader p) {
        auto progress = p.getCampaignProgress();
        ctx.out << progress.getCampaignId().cStr() << " (" << progress.getStatus().cStr() << ") as of "
                << instant(progress.getAsOf()) << "\n";
        Table table({"SCOPE", "DISPATCHED", "ACKNOWLEDGED", "COMPLETED", "ACCEPTED", "OVERDUE"});
        auto add = [&](const std::string& scope, schema::ProgressCounts::Reader c) {
          auto cells = countCells(c);
          cells.insert(cells.begin(), scope);
          table.add(cells);
        };
        add("total", progress.getTotal());
        for (auto phase : progress.getPhases()) {
          add("phase " + std::string(phase.getKey().cStr()) + " [" + phase.getStatus().cStr() + "]", phase.getCounts());
        }
        for (auto task : progress.getTasks()) add("task " + std::string(task.getKey().cStr()), task.getCounts());
        for (auto unit : progress.getUnits()) add("unit " + std::string(unit.getUnit().cStr()), unit.getCounts());
        table.print(ctx.out);
      });
}

int cmdEscalations(CliContext& ctx) {
  ctx.args.allowOnly({"as-of", "campaign", "unit"});
  return runQuery(
      ctx,
      [&](schema::Query::Builder q) {
        auto b = q.getBody().initEscalationBoard();
        b.setCampaignId(ctx.args.option("campaign").value_or(""));
        b.setUnit(ctx.args.option("unit").value_or(""));
      },
      [&](schema::Projection::Reader p) {
        auto board = p.getEscalationBoard();
        Table table({"ESCALATION", "ACTION", "ADDRESSEE", "DUE", "AGE(h)", "LATE"});
        for (auto row : board.getRows()) {
          table.add({row.getEscalationId().cStr(), enumName(row.getAction()), row.getAddressee().cStr(),
                     instant(row.getDueAt()), std::to_string(row.getAgeSeconds() / 3600), row.getLate() ? "late" : ""});
        }
        table.print(ctx.out);
        for (auto level : board.getLevels()) ctx.out << enumName(level.getAction()) << "=" << level.getOpen() << " ";
        ctx.out << "\n";
      });
}

}  // namespace qingling::cli
