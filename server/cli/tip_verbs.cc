// `qingling tip VERB` (举报; DOMAIN.md, Tips): receive, verify, extend the verification, give feedback, reward. The
// reporter's identity goes to the server only, which seals it before anything reaches the log.
#include "server/cli/cli_common.h"
#include "server/cli/cli_flags.h"
#include "server/cli/command_verbs.h"

namespace qingling::cli {
namespace {

const char* kUsage =
    "usage: qingling tip receive --id T --enterprise E --content C (--reporter R | --anonymous) | tip verify T "
    "(--substantiated --hazard H --enterprise E --grade G --category C --description D --deadline YYYY-MM-DD … | "
    "--unfounded --note N) | tip extend T --by P30D --reason R | tip feedback T --note N | tip reward T --amount YUAN";

std::string tipOf(const Args& args) { return positional(args, 2, kUsage); }

const VerbTable& tipVerbs() {
  static const VerbTable verbs = [] {
    VerbTable v;
    v["receive"] = {{"id", "enterprise", "content", "reporter", "anonymous"},
                    [](const Args& a, schema::Command::Builder c) {
                      auto t = c.getBody().initReceiveTip();
                      t.setTipId(a.required("id"));
                      t.setEnterprise(a.required("enterprise"));
                      t.setContent(a.required("content"));
                      bool anonymous = a.flag("anonymous");
                      if (anonymous == a.option("reporter").has_value()) {
                        throw UsageError("a tip names its --reporter or is --anonymous, not both");
                      }
                      t.setAnonymous(anonymous);
                      t.setReporter(a.option("reporter").value_or(""));
                    }};
    auto verifyFlags = hazardRecordFlags();
    verifyFlags.insert({"substantiated", "unfounded", "hazard", "note"});
    v["verify"] = {verifyFlags, [](const Args& a, schema::Command::Builder c) {
                     auto t = c.getBody().initVerifyTip();
                     t.setTipId(tipOf(a));
                     bool substantiated = eitherFlag(a, "substantiated", "unfounded");
                     t.setSubstantiated(substantiated);
                     t.setNote(a.option("note").value_or(""));
                     if (substantiated) {
                       setHazardRecord(t.initHazard(), a, "hazard");
                     } else if (a.option("hazard")) {
                       throw UsageError("an --unfounded tip records no hazard");
                     }
                   }};
    v["extend"] = {{"by", "reason"}, [](const Args& a, schema::Command::Builder c) {
                     auto e = c.getBody().initExtendTipVerification();
                     e.setTipId(tipOf(a));
                     e.setBy(a.required("by"));
                     e.setReason(a.required("reason"));
                   }};
    v["feedback"] = {{"note"}, [](const Args& a, schema::Command::Builder c) {
                       auto f = c.getBody().initGiveTipFeedback();
                       f.setTipId(tipOf(a));
                       f.setNote(a.required("note"));
                     }};
    v["reward"] = {{"amount"}, [](const Args& a, schema::Command::Builder c) {
                     auto r = c.getBody().initRewardTip();
                     r.setTipId(tipOf(a));
                     a.required("amount");
                     r.setAmountFen(yuanFlag(a, "amount"));
                   }};
    return v;
  }();
  return verbs;
}

}  // namespace

int cmdTip(CliContext& ctx) { return runVerb(ctx, tipVerbs(), kUsage); }

}  // namespace qingling::cli
