// `qingling inspection|measure|fact|extension|escalation VERB`: inspections (检查), administrative measures (行政措施),
// countable facts for task targets, deadline extensions (延期申请) and escalation acknowledgements, one command each.
// New records take their --id; verbs on an existing record name it as the positional word after the verb.
#include "server/cli/cli_common.h"
#include "server/cli/cli_flags.h"
#include "server/cli/command_verbs.h"

namespace qingling::cli {
namespace {

const char* kInspectionUsage =
    "usage: qingling inspection record --id I --enterprise E --kind self|enforcement|expert|cross|unannounced|"
    "supervision [--inspector U]… [--category C]… [--hazard H]… [--spot-checks N] [--campaign C] [--note T]";
const char* kMeasureUsage =
    "usage: qingling measure impose --id M --enterprise E --kind K --reason R [--hazard H] [--amount YUAN] "
    "[--until T] [--level 1-4] | measure lift M --reason R";
const char* kFactUsage =
    "usage: qingling fact record --unit U --kind case|training|drill|meeting --title T [--campaign C] "
    "[--evidence URI]…";
const char* kExtensionUsage =
    "usage: qingling extension request (--hazard H|--dispatch D|--tip T|--report R) --deadline YYYY-MM-DD "
    "--reason R | extension decide (--hazard H|…) --approve|--reject [--deadline YYYY-MM-DD] [--note N]";
const char* kEscalationUsage = "usage: qingling escalation ack ESCALATION [--note N]";

const std::set<std::string> kSubjectFlags = {"hazard", "dispatch", "tip", "report"};

std::set<std::string> withSubject(std::set<std::string> flags) {
  flags.insert(kSubjectFlags.begin(), kSubjectFlags.end());
  return flags;
}

}  // namespace

int cmdInspection(CliContext& ctx) {
  static const VerbTable verbs = {
      {"record",
       {{"id", "enterprise", "kind", "inspector", "category", "hazard", "spot-checks", "campaign", "note"},
        [](const Args& a, schema::Command::Builder c) {
          auto i = c.getBody().initRecordInspection();
          i.setInspectionId(a.required("id"));
          i.setEnterprise(a.required("enterprise"));
          i.setKind(enumByName<schema::InspectionKind>(a.required("kind"), "inspection kind"));
          setTexts([&](unsigned n) { return i.initInspectors(n); }, a.list("inspector"));
          setTexts([&](unsigned n) { return i.initCategories(n); }, a.list("category"));
          setTexts([&](unsigned n) { return i.initHazards(n); }, a.list("hazard"));
          i.setSpotChecks(static_cast<uint32_t>(a.number("spot-checks", 0)));
          i.setCampaignId(a.option("campaign").value_or(""));
          i.setNote(a.option("note").value_or(""));
        }}},
  };
  return runVerb(ctx, verbs, kInspectionUsage);
}

int cmdMeasure(CliContext& ctx) {
  static const VerbTable verbs = {
      {"impose",
       {{"id", "enterprise", "kind", "reason", "hazard", "amount", "until", "level"},
        [](const Args& a, schema::Command::Builder c) {
          auto m = c.getBody().initImposeMeasure();
          m.setMeasureId(a.required("id"));
          m.setEnterprise(a.required("enterprise"));
          m.setKind(enumByName<schema::MeasureKind>(a.required("kind"), "measure kind"));
          m.setReason(a.required("reason"));
          m.setHazardId(a.option("hazard").value_or(""));
          m.setAmountFen(yuanFlag(a, "amount"));
          m.setUntil(instantFlag(a, "until"));
          uint64_t level = a.number("level", 0);
          if (level > 4) throw UsageError("--level is a supervision level 1-4");
          m.setNewSupervisionLevel(static_cast<uint8_t>(level));
        }}},
      {"lift",
       {{"reason"},
        [](const Args& a, schema::Command::Builder c) {
          auto l = c.getBody().initLiftMeasure();
          l.setMeasureId(positional(a, 2, kMeasureUsage));
          l.setReason(a.required("reason"));
        }}},
  };
  return runVerb(ctx, verbs, kMeasureUsage);
}

int cmdFact(CliContext& ctx) {
  static const VerbTable verbs = {
      {"record",
       {{"unit", "kind", "title", "campaign", "evidence"},
        [](const Args& a, schema::Command::Builder c) {
          auto f = c.getBody().initRecordFact();
          f.setUnit(a.required("unit"));
          f.setKind(enumByName<schema::FactKind>(a.required("kind"), "fact kind"));
          f.setTitle(a.required("title"));
          f.setCampaignId(a.option("campaign").value_or(""));
          setEvidence([&](unsigned n) { return f.initEvidence(n); }, a);
        }}},
  };
  return runVerb(ctx, verbs, kFactUsage);
}

int cmdExtension(CliContext& ctx) {
  static const VerbTable verbs = {
      {"request",
       {withSubject({"deadline", "reason"}),
        [](const Args& a, schema::Command::Builder c) {
          auto r = c.getBody().initRequestExtension();
          setSubject(r.initSubject(), a);
          r.setDeadline(dateFlag(a, "deadline", true));
          r.setReason(a.required("reason"));
        }}},
      {"decide",
       {withSubject({"approve", "reject", "deadline", "note"}),
        [](const Args& a, schema::Command::Builder c) {
          auto d = c.getBody().initDecideExtension();
          setSubject(d.initSubject(), a);
          d.setApproved(eitherFlag(a, "approve", "reject"));
          d.setDeadline(dateFlag(a, "deadline", false));
          d.setNote(a.option("note").value_or(""));
        }}},
  };
  return runVerb(ctx, verbs, kExtensionUsage);
}

int cmdEscalation(CliContext& ctx) {
  static const VerbTable verbs = {
      {"ack",
       {{"note"},
        [](const Args& a, schema::Command::Builder c) {
          auto e = c.getBody().initAcknowledgeEscalation();
          e.setEscalationId(positional(a, 2, kEscalationUsage));
          e.setNote(a.option("note").value_or(""));
        }}},
  };
  return runVerb(ctx, verbs, kEscalationUsage);
}

}  // namespace qingling::cli
