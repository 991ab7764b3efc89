// The authorization matrix (issue 6, item 5): every command of Command.body × every Role × a target inside or
// outside the actor's jurisdiction, against the real qinglingd on the simulation clock. Every command body is
// well-formed and names a valid target in the right lifecycle step, so the only reason left to refuse it is who
// sends it: an allowed cell must append, a refused one must answer FORBIDDEN and leave the log's head where it
// was. kMatrix below is the readable spec (DOMAIN.md, Who uses it); kDeviations lists the cells where the server
// knowingly differs from it, and the test fails when one of them stops differing, so the list stays true.
//
// The commands and the roles are enumerated through Cap'n Proto reflection: a command or role added to the schema
// without a row here fails the test with its name.
//
// The world: county ⊃ town-a ⊃ ent-a ⊃ ws-a, and county ⊃ town-b ⊃ ent-b ⊃ ws-b. The actor of each role sits in
// town-a (the enterprise user in ent-a); "inside" targets are about town-a/ent-a, "outside" ones about
// town-b/ent-b. Each allowed cell gets a freshly made target (it changes state); refused cells share one target
// per command and side (a refusal changes nothing).
//
// Where DOMAIN.md's role table is silent the rows follow the seeds and the decide code: a leader heads the
// supervising unit, so it may also do the department's supervisory hazard work; a department may act for an
// enterprise in its reach (五落实, rectified, assessment, extension request); the admin operates the whole system
// and is bound to no jurisdiction.
#include <capnp/dynamic.h>
#include <capnp/schema.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "schemas/json_codec.h"
#include "tests/server/server_process.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using schema::ErrorCode;
using schema::Role;

enum class Side { inside, outside };
constexpr Role kLeader = Role::LEADER, kDepartment = Role::DEPARTMENT, kEnterprise = Role::ENTERPRISE,
               kAuditor = Role::AUDITOR, kTipOfficer = Role::TIP_OFFICER, kAdmin = Role::ADMIN;

// One row per command: the roles that may issue it (DOMAIN.md), and whether the target must lie within the
// actor's reach (its unit's subtree). `reach == false`: the command is not about a unit's affairs (the directory,
// the clock), so inside and outside expect the same.
struct Row {
  const char* command;
  std::vector<Role> may;
  bool reach;
};

// clang-format off
const Row kMatrix[] = {
    // Administration: the system operator's, no domain decisions.
    {"registerUnit",          {kAdmin},                                   false},
    {"amendUnit",             {kAdmin},                                   false},
    {"registerUser",          {kAdmin},                                   false},
    {"deactivateUser",        {kAdmin},                                   false},
    {"issueToken",            {kAdmin},                                   false},
    {"revokeToken",           {kAdmin},                                   false},
    {"advanceClock",          {kAdmin},                                   false},
    {"setClock",              {kAdmin},                                   false},
    // Campaigns: a leader of (or above) the issuing unit.
    {"importPlan",            {kLeader},                                  true},
    {"issueCampaign",         {kLeader},                                  true},
    {"startPhase",            {kLeader},                                  true},
    {"closePhase",            {kLeader},                                  true},
    {"closeCampaign",         {kLeader},                                  true},
    {"addTask",               {kLeader},                                  true},
    // Dispatches: the assignee's department or enterprise; the reviewer is a leader over the issuer (a
    // delegating department reviews only delegated children, which this matrix does not target).
    {"acknowledgeDispatch",   {kDepartment, kEnterprise},                 true},
    {"reportProgress",        {kDepartment, kEnterprise},                 true},
    {"completeDispatch",      {kDepartment, kEnterprise},                 true},
    {"delegateDispatch",      {kDepartment, kEnterprise},                 true},
    {"acceptDispatch",        {kLeader},                                  true},
    {"returnDispatch",        {kLeader},                                  true},
    // Inspections and hazards: the enterprise its own (self-inspection, 五落实, rectified, 双报告, assessment,
    // resumption application); the supervising department or leader verifies, closes, regrades, reopens;
    // listing is the leader's; delisting and the resumption review the listing authority's.
    {"recordInspection",      {kLeader, kDepartment, kEnterprise},        true},
    {"recordHazard",          {kLeader, kDepartment, kEnterprise},        true},
    {"planRectification",     {kDepartment, kEnterprise},                 true},
    {"reportRectified",       {kDepartment, kEnterprise},                 true},
    {"verifyRectification",   {kLeader, kDepartment},                     true},
    {"closeHazard",           {kLeader, kDepartment},                     true},
    {"fixOnSpot",             {kLeader, kDepartment, kEnterprise},        true},
    {"regradeHazard",         {kLeader, kDepartment},                     true},
    {"dualReport",            {kDepartment, kEnterprise},                 true},
    {"listHazard",            {kLeader},                                  true},
    {"delistHazard",          {kLeader, kDepartment},                     true},
    {"assessHazard",          {kDepartment, kEnterprise},                 true},
    {"applyResumption",       {kEnterprise},                              true},
    {"reviewResumption",      {kLeader, kDepartment},                     true},
    {"reopenHazard",          {kLeader, kDepartment},                     true},
    {"requestExtension",      {kDepartment, kEnterprise},                 true},  // subject: a hazard
    {"decideExtension",       {kLeader, kDepartment},                     true},  // subject: a hazard
    // Duties, facts, reports.
    {"logDutyActivity",       {kLeader},                                  true},  // the duty's holder
    {"recordFact",            {kLeader, kDepartment, kEnterprise},        true},
    {"submitReport",          {kDepartment, kEnterprise},                 true},
    // Tips: the tip officer; a department may verify, a leader approves the +30 days and rewards.
    {"receiveTip",            {kTipOfficer},                              true},
    {"extendTipVerification", {kLeader, kTipOfficer},                    true},
    {"verifyTip",             {kDepartment, kTipOfficer},                 true},
    {"giveTipFeedback",       {kTipOfficer},                              true},
    {"rewardTip",             {kLeader, kTipOfficer},                     true},
    // Measures: the leader's.
    {"imposeMeasure",         {kLeader},                                  true},
    {"liftMeasure",           {kLeader},                                  true},
    // Escalation: by hand, the leader; acknowledged by anyone who works, at or above the addressee.
    {"escalate",              {kLeader},                                  true},
    {"acknowledgeEscalation", {kLeader, kDepartment, kEnterprise, kTipOfficer}, true},
};
// clang-format on

// A cell where the server knowingly answers otherwise than kMatrix says: `role`/`side` empty = every one. The test
// checks the cell still answers `actual`; when it no longer does, fix the list (and the table, if needed).
struct Deviation {
  const char* command;
  std::optional<Role> role;
  std::optional<Side> side;
  ErrorCode actual;
  const char* why;
};

const Deviation kDeviations[] = {
    {"submitReport", std::nullopt, std::nullopt, ErrorCode::UNAVAILABLE,
     "not implemented yet (README): every role is told `unavailable`"},
    {"escalate", std::nullopt, std::nullopt, ErrorCode::UNAVAILABLE,
     "manual escalation is not implemented yet (README): every role is told `unavailable`"},
};

const std::vector<std::string> kSimArgs = {"--clock",      "sim", "--sim-start", "2023-05-20T08:00+08:00",
                                           "--io-threads", "2"};
const char* const kEvidence =
    R"([{"uri":"evidence://photo.jpg","sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}])";

std::string q(const std::string& text) { return "\"" + text + "\""; }

// `text` as the inside of a JSON string.
std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string roleName(Role role) {
  return capnp::Schema::from<Role>().getEnumerants()[static_cast<unsigned>(role)].getProto().getName();
}

const char* sideName(Side side) { return side == Side::inside ? "inside" : "outside"; }

// The directory, the setup users of both sides, the matrix's actors, and the makers of fresh targets.
class World {
 public:
  World() : admin_(server_.admin()) {
    unit("county", "jurisdiction", "qingling");
    for (const char* x : {"a", "b"}) {
      const std::string s(x);
      unit("town-" + s, "jurisdiction", "county");
      unit("ent-" + s, "enterprise", "town-" + s);
      unit("ws-" + s, "section", "ent-" + s);
      user("lead-" + s, "town-" + s, kLeader);
      user("dept-" + s, "town-" + s, kDepartment);
      user("boss-" + s, "ent-" + s, kEnterprise);
      user("tip-" + s, "town-" + s, kTipOfficer);
      user("target-" + s, "town-" + s, kDepartment);
    }
    for (auto e : capnp::Schema::from<Role>().getEnumerants()) {
      const Role role = static_cast<Role>(e.getOrdinal());
      std::string id = std::string("m-") + e.getProto().getName().cStr();
      std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
      user(id, role == kEnterprise ? "ent-a" : "town-a", role);
      actors_[role] = id;
      as(id);  // its token now: a cell's refusal is measured by the head not moving
    }
    // Escalations to acknowledge: hazards due 2023-05-21 get their first step (remind the enterprise) when the
    // clock passes the end of 2023-05-20.
    for (int i = 0; i < 6; ++i) hazard(Side::inside, false, "2023-05-21");
    for (int i = 0; i < 2; ++i) hazard(Side::outside, false, "2023-05-21");
    must(admin_, R"({"advanceClock":{"by":"P2D"}})");
    for (uint64_t from = 1; from != 0;) {
      Reply page = readAll(admin_, from, 0, "escalationRaised");
      if (!page->getBody().isEvents()) throw std::runtime_error("escalationRaised: " + describe(page));
      for (auto e : page->getBody().getEvents().getEvents()) {
        auto raised = e.getPayload().getEscalationRaised();
        const std::string addressee = raised.getAddressee();
        if (addressee == "ent-a") escalations_[0].push_back(raised.getEscalationId());
        if (addressee == "ent-b") escalations_[1].push_back(raised.getEscalationId());
      }
      from = page->getBody().getEvents().getNext();
    }
  }

  Client& admin() { return admin_; }
  std::optional<std::string> actorOf(Role role) const {
    auto it = actors_.find(role);
    if (it == actors_.end()) return std::nullopt;
    return it->second;
  }
  Client& as(const std::string& user) {
    auto it = clients_.find(user);
    if (it == clients_.end()) {
      std::string token = issueToken(admin_, user);
      it = clients_.emplace(user, std::make_unique<Client>("127.0.0.1", server_.port(), token)).first;
    }
    return *it->second;
  }

  std::string fresh(const std::string& prefix) { return prefix + "-" + std::to_string(++counter_); }
  static std::string x(Side side) { return side == Side::inside ? "a" : "b"; }

  // A target for (command, side): made anew when `fresh`, else made once and shared by the refused cells.
  std::string target(const std::string& command, Side side, bool makeFresh, const std::function<std::string()>& make) {
    if (makeFresh) return make();
    auto key = command + "/" + sideName(side);
    auto it = shared_.find(key);
    if (it == shared_.end()) it = shared_.emplace(key, make()).first;
    return it->second;
  }

  // A setup command that must be appended.
  Reply must(Client& client, const std::string& body) {
    Reply reply = send(client, fresh("setup"), body);
    if (!reply->getBody().isAppended()) throw std::runtime_error("setup " + body + ": " + describe(reply));
    return reply;
  }
  Reply send(Client& client, const std::string& commandId, const std::string& body) {
    return command(client, commandId, [&](schema::Command::Body::Builder b) { schema::fromJson(body, b); });
  }

  void unit(const std::string& id, const std::string& kind, const std::string& parent) {
    must(admin_, R"({"registerUnit":{"id":)" + q(id) + R"(,"name":)" + q(id) + R"(,"kind":)" + q(kind) +
                     R"(,"parent":)" + q(parent) + "}}");
  }
  void user(const std::string& id, const std::string& unit, Role role) {
    must(admin_, R"({"registerUser":{"userId":)" + q(id) + R"(,"name":)" + q(id) + R"(,"unit":)" + q(unit) +
                     R"(,"roles":[)" + q(roleName(role)) + "]}}");
  }

  // Campaigns issued by town-<side>, one task for ent-<side> due by 2023-12-31, one phase, a duty of the town.
  std::string planJson(const std::string& id, Side side) {
    const std::string town = "town-" + x(side), ent = "ent-" + x(side);
    return R"({"format":"qingling.plan/v1","campaign":{"id":)" + q(id) + R"(,"title":"matrix","issuer":)" + q(town) +
           R"(,"issuedOn":"2023-05-20","start":"2023-05-20","end":"2023-12-31","focus":[]},"units":[],)"
           R"("phases":[{"key":"p1","name":"p1","start":"2023-05-20","end":"2023-12-31"}],)"
           R"("tasks":[{"key":"T1","title":"t","content":"c","assignees":[)" +
           q(ent) +
           R"(],"due":{"by":"2023-12-31"}}],)"
           R"("duties":[{"holder":)" +
           q(town) +
           R"(,"position":"head","covers":[],"industries":[],)"
           R"("items":[{"text":"inspect","activity":"inspection","every":"month","atLeast":1}]}]})";
  }
  // stage 0 drafted, 1 issued, 2 with phase p1 active.
  std::string campaign(Side side, int stage) {
    const std::string id = fresh("camp");
    Client& lead = as("lead-" + x(side));
    must(lead, R"({"importPlan":{"planJson":)" + q(escaped(planJson(id, side))) + "}}");
    if (stage >= 1) must(lead, R"({"issueCampaign":{"campaignId":)" + q(id) + "}}");
    if (stage >= 2) must(lead, R"({"startPhase":{"campaignId":)" + q(id) + R"(,"phaseKey":"p1"}})");
    return id;
  }
  // stage 0 dispatched, 1 acknowledged, 2 completed.
  std::string dispatch(Side side, int stage) {
    const std::string id = campaign(side, 1) + ".T1.ent-" + x(side) + ".1";
    Client& boss = as("boss-" + x(side));
    if (stage >= 1) must(boss, R"({"acknowledgeDispatch":{"dispatchId":)" + q(id) + "}}");
    if (stage >= 2) must(boss, R"({"completeDispatch":{"dispatchId":)" + q(id) + R"(,"note":"done"}})");
    return id;
  }

  // A hazard of ent-<side> found by the town's department.
  std::string hazard(Side side, bool major, const std::string& deadline = "2023-06-30") {
    const std::string id = fresh("hz");
    must(as("dept-" + x(side)), R"({"recordHazard":{"hazardId":)" + q(id) + R"(,"enterprise":)" + q("ent-" + x(side)) +
                                    R"(,"source":"enforcement","grade":)" +
                                    (major ? R"("major","criterion":{"otherRegime":true})" : R"("general")") +
                                    R"(,"description":"d","deadline":)" + q(deadline) + "}}");
    return id;
  }
  void planned(const std::string& id, Side side) {
    must(as("boss-" + x(side)),
         R"({"planRectification":{"hazardId":)" + q(id) +
             R"(,"responsible":"r","measures":"m","deadline":"2023-06-30","contingencyPlan":"c"}})");
  }
  void rectified(const std::string& id, Side side) {
    must(as("boss-" + x(side)),
         R"({"reportRectified":{"hazardId":)" + q(id) + R"(,"evidence":)" + std::string(kEvidence) + "}}");
  }
  void verified(const std::string& id, Side side) {
    must(as("dept-" + x(side)), R"({"verifyRectification":{"hazardId":)" + q(id) + R"(,"passed":true}})");
  }
  void listed(const std::string& id, Side side, bool suspension) {
    must(as("lead-" + x(side)), R"({"listHazard":{"hazardId":)" + q(id) + R"(,"deadline":"2023-07-31","suspension":)" +
                                    (suspension ? "true" : "false") + "}}");
  }
  // A major hazard listed under suspension, rectified; `assessed`, `applied` for the later steps.
  std::string suspended(Side side, bool assessed, bool applied) {
    std::string id = hazard(side, true);
    listed(id, side, true);
    planned(id, side);
    rectified(id, side);
    if (assessed) {
      must(as("boss-" + x(side)),
           R"({"assessHazard":{"hazardId":)" + q(id) + R"(,"assessor":"agency","passed":true}})");
    }
    if (applied) must(as("boss-" + x(side)), R"({"applyResumption":{"hazardId":)" + q(id) + "}}");
    return id;
  }

  std::string tip(Side side, int stage) {  // 0 received, 1 verified unfounded, 2 verified substantiated
    const std::string id = fresh("tip");
    Client& officer = as("tip-" + x(side));
    must(officer, R"({"receiveTip":{"tipId":)" + q(id) + R"(,"enterprise":)" + q("ent-" + x(side)) +
                      R"(,"content":"c","anonymous":true}})");
    if (stage == 1) {
      must(officer, R"({"verifyTip":{"tipId":)" + q(id) + R"(,"substantiated":false,"note":"n"}})");
    } else if (stage == 2) {
      must(officer, R"({"verifyTip":{"tipId":)" + q(id) + R"(,"substantiated":true,"hazard":{"hazardId":)" +
                        q(fresh("hz")) + R"(,"enterprise":)" + q("ent-" + x(side)) +
                        R"(,"source":"tip","grade":"general","description":"d","deadline":"2023-06-30"}}})");
    }
    return id;
  }

  std::string measure(Side side) {
    const std::string id = fresh("m");
    must(as("lead-" + x(side)), R"({"imposeMeasure":{"measureId":)" + q(id) + R"(,"enterprise":)" +
                                    q("ent-" + x(side)) + R"(,"kind":"warningTalk","reason":"r"}})");
    return id;
  }

  std::string escalation(Side side) {
    auto& pool = escalations_[side == Side::inside ? 0 : 1];
    if (pool.empty()) throw std::runtime_error(std::string("no escalation left ") + sideName(side));
    std::string id = pool.back();
    pool.pop_back();
    return id;
  }

  std::string tokenId(const std::string& user) {
    Reply reply = must(admin_, R"({"issueToken":{"userId":)" + q(user) + "}}");
    Client client("127.0.0.1", server_.port(), reply->getBody().getAppended().getSecret());
    return tokenIdOf(client);
  }
  int64_t now() {
    Reply status = admin_.call([](Body body) { body.setStatus(); });
    if (!status->getBody().isStatus()) throw std::runtime_error("status: " + describe(status));
    return status->getBody().getStatus().getNow();
  }

 private:
  ServerProcess server_{kSimArgs};
  Client admin_;
  std::map<std::string, std::unique_ptr<Client>> clients_;
  std::map<Role, std::string> actors_;
  std::map<std::string, std::string> shared_;
  std::vector<std::string> escalations_[2];
  uint64_t counter_ = 0;
};

// The command body of a cell: (world, side, role of the sender, fresh target?) → capnp-json of Command.body.
using Fixture = std::function<std::string(World&, Side, Role, bool)>;

std::string hazardCommand(const char* name, const std::string& id, const std::string& rest = "") {
  return std::string(R"({")") + name + R"(":{"hazardId":)" + q(id) + rest + "}}";
}

std::map<std::string, Fixture> fixtures() {
  std::map<std::string, Fixture> f;
  // Administration. Units and users under the side's town; the admin is not bound to a jurisdiction.
  f["registerUnit"] = [](World& w, Side s, Role, bool) {
    return R"({"registerUnit":{"id":)" + q(w.fresh("u")) + R"(,"name":"n","kind":"section","parent":)" +
           q("town-" + w.x(s)) + "}}";
  };
  f["amendUnit"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("amendUnit", s, fresh, [&] {
      std::string u = w.fresh("u");
      w.unit(u, "section", "town-" + w.x(s));
      return u;
    });
    return R"({"amendUnit":{"unitId":)" + q(id) + R"(,"name":"renamed"}})";
  };
  f["registerUser"] = [](World& w, Side s, Role, bool) {
    return R"({"registerUser":{"userId":)" + q(w.fresh("usr")) + R"(,"name":"n","unit":)" + q("town-" + w.x(s)) +
           R"(,"roles":["department"]}})";
  };
  f["deactivateUser"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("deactivateUser", s, fresh, [&] {
      std::string u = w.fresh("usr");
      w.user(u, "town-" + w.x(s), kDepartment);
      return u;
    });
    return R"({"deactivateUser":{"userId":)" + q(id) + R"(,"reason":"left"}})";
  };
  f["issueToken"] = [](World& w, Side s, Role, bool) {
    return R"({"issueToken":{"userId":)" + q("target-" + w.x(s)) + R"(,"validFor":"P1D"}})";
  };
  f["revokeToken"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("revokeToken", s, fresh, [&] { return w.tokenId("target-" + w.x(s)); });
    return R"({"revokeToken":{"tokenId":)" + q(id) + R"(,"reason":"lost"}})";
  };
  f["advanceClock"] = [](World&, Side, Role, bool) { return std::string(R"({"advanceClock":{"by":"PT1S"}})"); };
  f["setClock"] = [](World& w, Side, Role, bool) {
    return R"({"setClock":{"to":)" + std::to_string(w.now() + 1) + "}}";
  };

  // Campaigns.
  f["importPlan"] = [](World& w, Side s, Role, bool) {
    return R"({"importPlan":{"planJson":)" + q(escaped(w.planJson(w.fresh("camp"), s))) + "}}";
  };
  f["issueCampaign"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("issueCampaign", s, fresh, [&] { return w.campaign(s, 0); });
    return R"({"issueCampaign":{"campaignId":)" + q(id) + "}}";
  };
  f["startPhase"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("startPhase", s, fresh, [&] { return w.campaign(s, 1); });
    return R"({"startPhase":{"campaignId":)" + q(id) + R"(,"phaseKey":"p1"}})";
  };
  f["closePhase"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("closePhase", s, fresh, [&] { return w.campaign(s, 2); });
    return R"({"closePhase":{"campaignId":)" + q(id) + R"(,"phaseKey":"p1","summary":"s"}})";
  };
  f["closeCampaign"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("closeCampaign", s, fresh, [&] { return w.campaign(s, 1); });
    return R"({"closeCampaign":{"campaignId":)" + q(id) + R"(,"summary":"s"}})";
  };
  f["addTask"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("addTask", s, fresh, [&] { return w.campaign(s, 1); });
    return R"({"addTask":{"campaignId":)" + q(id) + R"(,"task":{"key":"T9","title":"t","content":"c","assignees":[)" +
           q("ent-" + w.x(s)) + R"(],"due":{"by":"2023-12-31"}}}})";
  };

  // Dispatches of ent-<side>, issued by town-<side>.
  f["acknowledgeDispatch"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("acknowledgeDispatch", s, fresh, [&] { return w.dispatch(s, 0); });
    return R"({"acknowledgeDispatch":{"dispatchId":)" + q(id) + "}}";
  };
  f["reportProgress"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("reportProgress", s, fresh, [&] { return w.dispatch(s, 1); });
    return R"({"reportProgress":{"dispatchId":)" + q(id) + R"(,"note":"half"}})";
  };
  f["completeDispatch"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("completeDispatch", s, fresh, [&] { return w.dispatch(s, 1); });
    return R"({"completeDispatch":{"dispatchId":)" + q(id) + R"(,"note":"done"}})";
  };
  f["delegateDispatch"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("delegateDispatch", s, fresh, [&] { return w.dispatch(s, 1); });
    return R"({"delegateDispatch":{"dispatchId":)" + q(id) + R"(,"to":[)" + q("ws-" + w.x(s)) + "]}}";
  };
  f["acceptDispatch"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("acceptDispatch", s, fresh, [&] { return w.dispatch(s, 2); });
    return R"({"acceptDispatch":{"dispatchId":)" + q(id) + "}}";
  };
  f["returnDispatch"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("returnDispatch", s, fresh, [&] { return w.dispatch(s, 2); });
    return R"({"returnDispatch":{"dispatchId":)" + q(id) + R"(,"note":"redo"}})";
  };

  // Inspections and hazards of ent-<side>.
  f["recordInspection"] = [](World& w, Side s, Role role, bool) {
    return R"({"recordInspection":{"inspectionId":)" + q(w.fresh("insp")) + R"(,"enterprise":)" + q("ent-" + w.x(s)) +
           R"(,"kind":)" + (role == kEnterprise ? q("self") : q("enforcement")) + "}}";
  };
  f["recordHazard"] = [](World& w, Side s, Role role, bool) {
    return R"({"recordHazard":{"hazardId":)" + q(w.fresh("hz")) + R"(,"enterprise":)" + q("ent-" + w.x(s)) +
           R"(,"source":)" + (role == kEnterprise ? q("selfInspection") : q("enforcement")) +
           R"(,"grade":"general","description":"d","deadline":"2023-06-30"}})";
  };
  f["planRectification"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("planRectification", s, fresh, [&] { return w.hazard(s, true); });
    return hazardCommand("planRectification", id,
                         R"(,"responsible":"r","measures":"m","deadline":"2023-06-30","contingencyPlan":"c")");
  };
  f["reportRectified"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("reportRectified", s, fresh, [&] { return w.hazard(s, false); });
    return hazardCommand("reportRectified", id, std::string(R"(,"evidence":)") + kEvidence);
  };
  f["verifyRectification"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("verifyRectification", s, fresh, [&] {
      std::string h = w.hazard(s, false);
      w.rectified(h, s);
      return h;
    });
    return hazardCommand("verifyRectification", id, R"(,"passed":true)");
  };
  f["closeHazard"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("closeHazard", s, fresh, [&] {
      std::string h = w.hazard(s, false);
      w.rectified(h, s);
      w.verified(h, s);
      return h;
    });
    return hazardCommand("closeHazard", id, R"(,"note":"销号")");
  };
  f["fixOnSpot"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("fixOnSpot", s, fresh, [&] { return w.hazard(s, false); });
    return hazardCommand("fixOnSpot", id, std::string(R"(,"evidence":)") + kEvidence);
  };
  f["regradeHazard"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("regradeHazard", s, fresh, [&] { return w.hazard(s, false); });
    return hazardCommand("regradeHazard", id, R"(,"to":"major","criterion":{"otherRegime":true},"reason":"r")");
  };
  f["dualReport"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("dualReport", s, fresh, [&] { return w.hazard(s, true); });
    return hazardCommand("dualReport", id, R"(,"supervisingDepartment":)" + q("town-" + w.x(s)));
  };
  f["listHazard"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("listHazard", s, fresh, [&] { return w.hazard(s, true); });
    return hazardCommand("listHazard", id, R"(,"deadline":"2023-07-31")");
  };
  f["delistHazard"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("delistHazard", s, fresh, [&] {
      std::string h = w.hazard(s, true);
      w.listed(h, s, false);
      w.planned(h, s);
      w.rectified(h, s);
      w.verified(h, s);
      return h;
    });
    return hazardCommand("delistHazard", id, R"(,"note":"摘牌")");
  };
  f["assessHazard"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("assessHazard", s, fresh, [&] { return w.suspended(s, false, false); });
    return hazardCommand("assessHazard", id, R"(,"assessor":"agency","passed":true)");
  };
  f["applyResumption"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("applyResumption", s, fresh, [&] { return w.suspended(s, true, false); });
    return hazardCommand("applyResumption", id, R"(,"note":"申请复产")");
  };
  f["reviewResumption"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("reviewResumption", s, fresh, [&] { return w.suspended(s, true, true); });
    return hazardCommand("reviewResumption", id, R"(,"passed":true)");
  };
  f["reopenHazard"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("reopenHazard", s, fresh, [&] {
      std::string h = w.hazard(s, false);
      w.must(w.as("dept-" + w.x(s)), hazardCommand("fixOnSpot", h, std::string(R"(,"evidence":)") + kEvidence));
      return h;
    });
    return hazardCommand("reopenHazard", id, R"(,"note":"复发")");
  };
  f["requestExtension"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("requestExtension", s, fresh, [&] { return w.hazard(s, false); });
    return R"({"requestExtension":{"subject":{"hazard":)" + q(id) + R"(},"deadline":"2023-07-15","reason":"r"}})";
  };
  f["decideExtension"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("decideExtension", s, fresh, [&] {
      std::string h = w.hazard(s, false);
      w.must(w.as("boss-" + w.x(s)),
             R"({"requestExtension":{"subject":{"hazard":)" + q(h) + R"(},"deadline":"2023-07-15","reason":"r"}})");
      return h;
    });
    return R"({"decideExtension":{"subject":{"hazard":)" + q(id) + R"(},"approved":true}})";
  };

  // Duties, facts, reports. A duty is held by town-<side> in a campaign of its own.
  f["logDutyActivity"] = [](World& w, Side s, Role, bool) {
    std::string id = w.target("logDutyActivity", s, false, [&] { return w.campaign(s, 1); });
    return R"({"logDutyActivity":{"campaignId":)" + q(id) + R"(,"activity":"inspection","coveredUnit":)" +
           q("ent-" + w.x(s)) + "}}";
  };
  f["recordFact"] = [](World& w, Side s, Role, bool) {
    return R"({"recordFact":{"unit":)" + q("ent-" + w.x(s)) + R"(,"kind":"training","title":"培训"}})";
  };
  f["submitReport"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("submitReport", s, fresh, [&] { return w.campaign(s, 1); });
    return R"({"submitReport":{"campaignId":)" + q(id) + R"(,"reportKey":"monthly","occurrence":1,"content":"c"}})";
  };

  // Tips about ent-<side>, received by the side's tip officer.
  f["receiveTip"] = [](World& w, Side s, Role, bool) {
    return R"({"receiveTip":{"tipId":)" + q(w.fresh("tip")) + R"(,"enterprise":)" + q("ent-" + w.x(s)) +
           R"(,"content":"c","anonymous":true}})";
  };
  f["extendTipVerification"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("extendTipVerification", s, fresh, [&] { return w.tip(s, 0); });
    return R"({"extendTipVerification":{"tipId":)" + q(id) + R"(,"by":"P30D","reason":"r"}})";
  };
  f["verifyTip"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("verifyTip", s, fresh, [&] { return w.tip(s, 0); });
    return R"({"verifyTip":{"tipId":)" + q(id) + R"(,"substantiated":false,"note":"不属实"}})";
  };
  f["giveTipFeedback"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("giveTipFeedback", s, fresh, [&] { return w.tip(s, 1); });
    return R"({"giveTipFeedback":{"tipId":)" + q(id) + R"(,"note":"n"}})";
  };
  f["rewardTip"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("rewardTip", s, fresh, [&] { return w.tip(s, 2); });
    return R"({"rewardTip":{"tipId":)" + q(id) + R"(,"amountFen":300000}})";
  };

  // Measures on ent-<side>.
  f["imposeMeasure"] = [](World& w, Side s, Role, bool) {
    return R"({"imposeMeasure":{"measureId":)" + q(w.fresh("m")) + R"(,"enterprise":)" + q("ent-" + w.x(s)) +
           R"(,"kind":"warningTalk","reason":"r"}})";
  };
  f["liftMeasure"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("liftMeasure", s, fresh, [&] { return w.measure(s); });
    return R"({"liftMeasure":{"measureId":)" + q(id) + R"(,"reason":"r"}})";
  };

  // Escalations about ent-<side>'s hazards, addressed to ent-<side>.
  f["escalate"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("escalate", s, fresh, [&] { return w.hazard(s, false); });
    return R"({"escalate":{"subject":{"hazard":)" + q(id) + R"(},"action":"warn","addressee":)" + q("ent-" + w.x(s)) +
           R"(,"note":"n"}})";
  };
  f["acknowledgeEscalation"] = [](World& w, Side s, Role, bool fresh) {
    std::string id = w.target("acknowledgeEscalation", s, fresh, [&] { return w.escalation(s); });
    return R"({"acknowledgeEscalation":{"escalationId":)" + q(id) + R"(,"note":"收到"}})";
  };
  return f;
}

const Row* rowOf(const std::string& command) {
  for (const Row& row : kMatrix) {
    if (command == row.command) return &row;
  }
  return nullptr;
}

const Deviation* deviationOf(const std::string& command, Role role, Side side) {
  for (const Deviation& d : kDeviations) {
    if (command == d.command && (!d.role || *d.role == role) && (!d.side || *d.side == side)) return &d;
  }
  return nullptr;
}

std::string outcomeOf(const Reply& reply) {
  if (reply->getBody().isAppended()) return "appended";
  if (!reply->getBody().isError()) return describe(reply);
  auto enumerants = capnp::Schema::from<ErrorCode>().getEnumerants();
  return enumerants[static_cast<unsigned>(reply->getBody().getError().getCode())].getProto().getName();
}

TEST(AuthorizationMatrixTest, EveryCommandByEveryRoleInsideAndOutsideItsJurisdiction) {
  World w;
  const auto fixture = fixtures();
  const auto commands = capnp::Schema::from<schema::Command::Body>().getUnionFields();
  const auto roles = capnp::Schema::from<Role>().getEnumerants();
  std::set<std::string> inSchema;
  size_t allowed = 0, refused = 0, deviating = 0;
  for (auto field : commands) {
    const std::string name = field.getProto().getName();
    inSchema.insert(name);
    const Row* row = rowOf(name);
    auto maker = fixture.find(name);
    if (row == nullptr || maker == fixture.end()) {
      ADD_FAILURE() << "command '" << name << "' has no row in the authorization matrix (kMatrix and fixtures())";
      continue;
    }
    for (auto enumerant : roles) {
      const Role role = static_cast<Role>(enumerant.getOrdinal());
      const std::string roleText = enumerant.getProto().getName();
      auto actor = w.actorOf(role);
      if (!actor) {
        ADD_FAILURE() << "role '" << roleText << "' has no actor in the authorization matrix";
        continue;
      }
      for (Side side : {Side::inside, Side::outside}) {
        const std::string cell = name + " × " + roleText + " × " + sideName(side);
        const bool expectAllowed = std::find(row->may.begin(), row->may.end(), role) != row->may.end() &&
                                   (side == Side::inside || !row->reach);
        const Deviation* deviation = deviationOf(name, role, side);
        std::string body;
        try {
          body = maker->second(w, side, role, expectAllowed || deviation != nullptr);
        } catch (const std::exception& e) {
          ADD_FAILURE() << cell << ": making its target failed: " << e.what();
          continue;
        }
        const uint64_t before = head(w.admin()).position;
        Reply reply = w.send(w.as(*actor), "cell-" + name + "-" + roleText + "-" + sideName(side), body);
        const uint64_t after = head(w.admin()).position;
        const std::string outcome = outcomeOf(reply);
        if (reply->getBody().isError()) {
          EXPECT_EQ(after, before) << cell << ": refused (" << outcome << ") but the log's head moved";
        }
        if (deviation != nullptr) {
          ++deviating;
          const std::string expected = expectAllowed ? "appended" : "forbidden";
          EXPECT_TRUE(isError(reply, deviation->actual))
              << cell << ": listed as a deviation (" << deviation->why << ") but answered " << describe(reply)
              << (outcome == expected ? "; it now matches the matrix: remove it from kDeviations" : "");
          continue;
        }
        if (expectAllowed) {
          ++allowed;
          EXPECT_TRUE(reply->getBody().isAppended()) << cell << ": should be allowed, got " << describe(reply);
          EXPECT_GT(after, before) << cell << ": allowed but appended nothing";
        } else {
          ++refused;
          EXPECT_TRUE(isError(reply, ErrorCode::FORBIDDEN))
              << cell << ": should be refused as forbidden, got " << describe(reply);
        }
      }
    }
  }
  for (const Row& row : kMatrix) {
    EXPECT_TRUE(inSchema.count(row.command)) << "matrix row '" << row.command << "' is no command of the schema";
  }
  EXPECT_EQ(fixture.size(), std::size(kMatrix)) << "fixtures() and kMatrix disagree on the commands";
  // The shape, so a table edit that silently drops cells shows: every cell counted once.
  EXPECT_EQ(allowed + refused + deviating, commands.size() * roles.size() * 2);
}

}  // namespace
}  // namespace qingling::server::testing
