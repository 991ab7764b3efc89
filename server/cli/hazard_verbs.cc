// `qingling hazard VERB`: one verb per command of the hazard closed loop (DOMAIN.md, Hazards), each flag a field of
// its command struct in schemas/commands.capnp. `record` takes the new hazard's --id; the others name it as the
// positional word after the verb.
#include "server/cli/cli_common.h"
#include "server/cli/cli_flags.h"
#include "server/cli/command_verbs.h"

namespace qingling::cli {
namespace {

const char* kUsage =
    "usage: qingling hazard record --id H --enterprise E --source S --grade general|major … | hazard "
    "plan|rectified|verify|close|fix|regrade|dual-report|list|delist|reopen|assess|apply-resumption|review-resumption "
    "H … (see qingling --help)";

std::string hazardOf(const Args& args) { return positional(args, 2, kUsage); }

// The verbs whose command is a HazardNote (hazardId, note).
template <class Init>
CommandVerb noteVerb(Init init) {
  return {{"note"}, [init](const Args& a, schema::Command::Builder c) {
            auto n = init(c.getBody());
            n.setHazardId(hazardOf(a));
            n.setNote(a.option("note").value_or(""));
          }};
}

// The verbs whose command is a HazardEvidence (hazardId, note, evidence).
template <class Init>
CommandVerb evidenceVerb(Init init) {
  return {{"note", "evidence"}, [init](const Args& a, schema::Command::Builder c) {
            auto e = init(c.getBody());
            e.setHazardId(hazardOf(a));
            e.setNote(a.option("note").value_or(""));
            setEvidence([&](unsigned n) { return e.initEvidence(n); }, a);
          }};
}

using B = schema::Command::Body::Builder;

const VerbTable& hazardVerbs() {
  static const VerbTable verbs = [] {
    VerbTable v;
    auto recordFlags = hazardRecordFlags();
    recordFlags.insert({"id", "source"});
    v["record"] = {recordFlags, [](const Args& a, schema::Command::Builder c) {
                     auto h = c.getBody().initRecordHazard();
                     setHazardRecord(h, a, "id");
                     h.setSource(enumByName<schema::HazardSource>(a.required("source"), "source"));
                   }};
    v["plan"] = {{"responsible", "measures", "funds", "deadline", "contingency-plan", "goals", "methods",
                  "interim-controls", "safety-measures"},
                 [](const Args& a, schema::Command::Builder c) {
                   auto p = c.getBody().initPlanRectification();
                   p.setHazardId(hazardOf(a));
                   p.setResponsible(a.required("responsible"));
                   p.setMeasures(a.required("measures"));
                   p.setFundsFen(yuanFlag(a, "funds"));
                   p.setDeadline(dateFlag(a, "deadline", true));
                   p.setContingencyPlan(a.option("contingency-plan").value_or(""));
                   p.setGoals(a.option("goals").value_or(""));
                   p.setMethods(a.option("methods").value_or(""));
                   p.setInterimControls(a.option("interim-controls").value_or(""));
                   p.setSafetyMeasures(a.option("safety-measures").value_or(""));
                 }};
    v["rectified"] = evidenceVerb([](B b) { return b.initReportRectified(); });
    v["fix"] = evidenceVerb([](B b) { return b.initFixOnSpot(); });
    v["verify"] = {{"pass", "fail", "note", "evidence"}, [](const Args& a, schema::Command::Builder c) {
                     auto r = c.getBody().initVerifyRectification();
                     r.setHazardId(hazardOf(a));
                     r.setPassed(eitherFlag(a, "pass", "fail"));
                     r.setNote(a.option("note").value_or(""));
                     setEvidence([&](unsigned n) { return r.initEvidence(n); }, a);
                   }};
    v["close"] = noteVerb([](B b) { return b.initCloseHazard(); });
    v["delist"] = noteVerb([](B b) { return b.initDelistHazard(); });
    v["reopen"] = noteVerb([](B b) { return b.initReopenHazard(); });
    v["apply-resumption"] = noteVerb([](B b) { return b.initApplyResumption(); });
    v["regrade"] = {{"to", "criterion-standard", "criterion-item", "other-regime", "reason"},
                    [](const Args& a, schema::Command::Builder c) {
                      auto r = c.getBody().initRegradeHazard();
                      r.setHazardId(hazardOf(a));
                      r.setTo(enumByName<schema::HazardGrade>(a.required("to"), "grade"));
                      setCriterion(r.initCriterion(), a);
                      r.setReason(a.required("reason"));
                    }};
    v["dual-report"] = {{"department", "employees-informed-at"}, [](const Args& a, schema::Command::Builder c) {
                          auto d = c.getBody().initDualReport();
                          d.setHazardId(hazardOf(a));
                          d.setSupervisingDepartment(a.required("department"));
                          d.setEmployeesInformedAt(instantFlag(a, "employees-informed-at"));
                        }};
    v["list"] = {{"deadline", "suspension"}, [](const Args& a, schema::Command::Builder c) {
                   auto l = c.getBody().initListHazard();
                   l.setHazardId(hazardOf(a));
                   l.setDeadline(dateFlag(a, "deadline", true));
                   l.setSuspension(a.flag("suspension"));
                 }};
    v["assess"] = {{"assessor", "pass", "fail", "note"}, [](const Args& a, schema::Command::Builder c) {
                     auto s = c.getBody().initAssessHazard();
                     s.setHazardId(hazardOf(a));
                     s.setAssessor(a.required("assessor"));
                     s.setPassed(eitherFlag(a, "pass", "fail"));
                     s.setNote(a.option("note").value_or(""));
                   }};
    v["review-resumption"] = {{"pass", "fail", "note"}, [](const Args& a, schema::Command::Builder c) {
                                auto r = c.getBody().initReviewResumption();
                                r.setHazardId(hazardOf(a));
                                r.setPassed(eitherFlag(a, "pass", "fail"));
                                r.setNote(a.option("note").value_or(""));
                              }};
    return v;
  }();
  return verbs;
}

}  // namespace

int cmdHazard(CliContext& ctx) { return runVerb(ctx, hazardVerbs(), kUsage); }

}  // namespace qingling::cli
