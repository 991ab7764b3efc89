#include "server/cli/cli_commands.h"

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <capnp/dynamic.h>
#include <capnp/schema.h>

#include "schemas/json_codec.h"
#include "server/cli/archive_commands.h"
#include "server/cli/campaign_commands.h"
#include "server/cli/cli_common.h"
#include "server/cli/cli_output.h"
#include "server/cli/command_verbs.h"
#include "server/cli/drill_command.h"
#include "server/cli/hazard_commands.h"
#include "server/cli/history_commands.h"
#include "server/cli/profile_commands.h"
#include "server/cli/review_commands.h"
#include "server/clock.h"
#include "store/event_log.h"
#include "store/hash_chain.h"

namespace qingling::cli {
namespace {

using Handler = std::function<int(CliContext&)>;

int cmdStatus(CliContext& ctx) {
  ctx.args.allowOnly({});
  auto reply = ctx.client.call([](Body body) { body.setStatus(); });
  return finish(ctx, reply, [&] {
    auto s = reply->getBody().getStatus();
    Table table({"SETTING", "VALUE"});
    table.add({"version", s.getVersion().cStr()});
    table.add({"head position", std::to_string(s.getHead().getPosition())});
    table.add({"head hash", hex(s.getHead().getHash())});
    table.add({"clock", std::string(s.getClockMode().cStr()) + ", now " + server::formatInstant(s.getNow())});
    table.add({"connections", std::to_string(s.getConnections())});
    table.add({"uptime", std::to_string(s.getUptimeSeconds()) + " s"});
    table.add({"data", s.getDataDir().cStr()});
    table.print(ctx.out);
  });
}

int cmdWhoAmI(CliContext& ctx) {
  ctx.args.allowOnly({});
  auto reply = ctx.client.call([](Body body) { body.setWhoAmI(); });
  return finish(ctx, reply, [&] {
    auto p = reply->getBody().getPrincipal();
    std::string roles;
    for (auto r : p.getRoles()) roles += (roles.empty() ? "" : ",") + enumName(r);
    ctx.out << p.getUser().cStr() << " of unit " << p.getUnit().cStr() << ", roles " << roles << ", token "
            << p.getTokenId().cStr() << "\n";
  });
}

int cmdDigest(CliContext& ctx) {
  ctx.args.allowOnly({});
  auto reply = ctx.client.call([](Body body) { body.setDigest(); });
  return finish(ctx, reply, [&] {
    auto d = reply->getBody().getDigest();
    ctx.out << d.getPosition() << ":" << hex(d.getHash()) << "\n";
  });
}

int cmdVerify(CliContext& ctx) {
  ctx.args.allowOnly({"up-to", "digest"});
  uint64_t upTo = ctx.args.number("up-to", 0);
  std::optional<store::Digest> expect;
  if (auto text = ctx.args.option("digest")) {
    size_t colon = text->find(':');
    store::Digest d;
    if (colon == std::string::npos || !store::fromHex(text->substr(colon + 1), d.hash)) {
      throw UsageError("--digest takes POSITION:HASH as printed by `qingling digest`");
    }
    d.position = std::stoull(text->substr(0, colon));
    expect = d;
  }
  auto reply = ctx.client.call([&](Body body) {
    auto v = body.initVerify();
    v.setUpTo(upTo);
    if (expect) {
      auto d = v.initDigest();
      d.setPosition(expect->position);
      d.setHash(capnp::Data::Reader(expect->hash.data(), expect->hash.size()));
    }
  });
  int code = finish(ctx, reply, [&] {
    auto r = reply->getBody().getVerified();
    if (r.getIntact()) {
      ctx.out << "intact: " << r.getChecked() << " events, head " << r.getHead().getPosition() << ":"
              << hex(r.getHead().getHash()) << "\n";
      if (expect) ctx.out << "the log still holds digest " << expect->position << " and extends it\n";
    } else {
      ctx.out << "BROKEN at position " << r.getFirstBad() << ": " << r.getProblem().cStr() << "\n";
    }
  });
  if (code == 0 && !reply->getBody().getVerified().getIntact()) return 4;
  return code;
}

int cmdAppend(CliContext& ctx) {
  ctx.args.allowOnly({"expect", "command-id"});
  std::string stream = ctx.args.word(1);
  if (stream.empty() || ctx.args.positional().size() < 3) throw UsageError("usage: qingling append STREAM TEXT...");
  std::string expect = ctx.args.option("expect").value_or("any");
  auto reply = ctx.client.call([&](Body body) {
    auto raw = body.initAppendRaw();
    raw.setStreamId(stream);
    raw.setCommandId(ctx.args.option("command-id").value_or(""));
    if (expect == "none") {
      raw.getExpected().setNoStream();
    } else if (expect != "any") {
      raw.getExpected().setExact(ctx.args.number("expect", 0));
    }
    auto events = raw.initEvents(static_cast<unsigned>(ctx.args.positional().size() - 2));
    for (unsigned i = 0; i < events.size(); ++i) events[i].initNote().setText(ctx.args.word(i + 2));
  });
  return finish(ctx, reply, [&] { printAppended(ctx, reply->getBody().getAppended()); });
}

int cmdRead(CliContext& ctx) {
  ctx.args.allowOnly({"from", "backward", "limit", "type", "unit", "all"});
  std::string stream = ctx.args.word(1);
  bool all = ctx.args.flag("all") || stream.empty();
  auto reply = ctx.client.call([&](Body body) {
    if (all) {
      auto r = body.initReadAll();
      r.setFromPosition(ctx.args.number("from", 1));
      r.setLimit(static_cast<uint32_t>(ctx.args.number("limit", 0)));
      r.setEventType(ctx.args.option("type").value_or(""));
      r.setUnit(ctx.args.option("unit").value_or(""));
    } else {
      auto r = body.initReadStream();
      r.setStreamId(stream);
      r.setBackward(ctx.args.flag("backward"));
      r.setFromVersion(ctx.args.number("from", 0));
      r.setLimit(static_cast<uint32_t>(ctx.args.number("limit", 0)));
    }
  });
  return finish(ctx, reply, [&] { printEvents(ctx, reply->getBody().getEvents()); });
}

int cmdTail(CliContext& ctx) {
  ctx.args.allowOnly({"from", "type", "unit", "count"});
  uint64_t count = ctx.args.number("count", 0);  // 0 = until interrupted
  uint64_t id = ctx.client.send([&](Body body) {
    auto r = body.initSubscribe();
    r.setFromPosition(ctx.args.number("from", 1));
    r.setEventType(ctx.args.option("type").value_or(""));
    r.setUnit(ctx.args.option("unit").value_or(""));
  });
  uint64_t seen = 0;
  bool announced = false;
  while (count == 0 || seen < count) {
    server::Reply reply = ctx.client.receive();
    if (reply->getRequestId() != id && reply->getRequestId() != 0) continue;
    if (reply->getBody().isError()) return finish(ctx, reply, [] {});
    auto page = reply->getBody().getEvents();
    for (auto e : page.getEvents()) {
      if (ctx.json) {
        ctx.out << schema::toJson(e) << "\n";
      } else {
        auto row = eventRow(e);
        ctx.out << row[0] << "  " << row[1] << "  " << row[2] << "  " << row[3] << "  " << row[4] << "  " << row[5]
                << "\n";
      }
      if (count != 0 && ++seen >= count) break;
    }
    if (page.getLive() && !announced && !ctx.json) {
      announced = true;
      ctx.err << "-- caught up; waiting for new events (Ctrl-C to stop) --\n";
    }
    ctx.out.flush();
  }
  return 0;
}

int cmdUnit(CliContext& ctx) {
  if (ctx.args.word(1) != "register")
    throw UsageError("usage: qingling unit register --id ID --name NAME --kind KIND ...");
  ctx.args.allowOnly(
      {"id", "name", "kind", "parent", "industry", "employees", "key-supervision", "level", "command-id"});
  return sendCommand(ctx, [&](schema::Command::Builder c) {
    auto u = c.getBody().initRegisterUnit();
    u.setId(ctx.args.required("id"));
    u.setName(ctx.args.required("name"));
    u.setKind(enumByName<schema::UnitKind>(ctx.args.required("kind"), "unit kind"));
    u.setParent(ctx.args.option("parent").value_or(""));
    u.setIndustry(ctx.args.option("industry").value_or(""));
    u.setEmployees(static_cast<uint32_t>(ctx.args.number("employees", 0)));
    u.setKeySupervision(ctx.args.flag("key-supervision"));
    u.setSupervisionLevel(static_cast<uint8_t>(ctx.args.number("level", 0)));
  });
}

int cmdUser(CliContext& ctx) {
  std::string verb = ctx.args.word(1);
  if (verb == "register") {
    ctx.args.allowOnly({"id", "name", "unit", "roles", "command-id"});
    std::vector<schema::Role> roles;
    std::stringstream list(ctx.args.required("roles"));
    for (std::string r; std::getline(list, r, ',');) roles.push_back(enumByName<schema::Role>(r, "role"));
    return sendCommand(ctx, [&](schema::Command::Builder c) {
      auto u = c.getBody().initRegisterUser();
      u.setUserId(ctx.args.required("id"));
      u.setName(ctx.args.option("name").value_or(ctx.args.required("id")));
      u.setUnit(ctx.args.required("unit"));
      auto out = u.initRoles(static_cast<unsigned>(roles.size()));
      for (unsigned i = 0; i < roles.size(); ++i) out.set(i, roles[i]);
    });
  }
  if (verb == "deactivate") {
    ctx.args.allowOnly({"id", "reason", "command-id"});
    return sendCommand(ctx, [&](schema::Command::Builder c) {
      auto d = c.getBody().initDeactivateUser();
      d.setUserId(ctx.args.required("id"));
      d.setReason(ctx.args.option("reason").value_or(""));
    });
  }
  throw UsageError("usage: qingling user register|deactivate ...");
}

int cmdToken(CliContext& ctx) {
  std::string verb = ctx.args.word(1);
  if (verb == "issue") {
    ctx.args.allowOnly({"user", "valid-for", "command-id"});
    return sendCommand(ctx, [&](schema::Command::Builder c) {
      auto t = c.getBody().initIssueToken();
      t.setUserId(ctx.args.required("user"));
      t.setValidFor(ctx.args.option("valid-for").value_or(""));
    });
  }
  if (verb == "revoke") {
    ctx.args.allowOnly({"id", "reason", "command-id"});
    return sendCommand(ctx, [&](schema::Command::Builder c) {
      auto t = c.getBody().initRevokeToken();
      t.setTokenId(ctx.args.required("id"));
      t.setReason(ctx.args.option("reason").value_or(""));
    });
  }
  throw UsageError("usage: qingling token issue --user U [--valid-for P90D] | token revoke --id ID");
}

int cmdClock(CliContext& ctx) {
  ctx.args.allowOnly({"command-id"});
  std::string verb = ctx.args.word(1), value = ctx.args.word(2);
  if (verb == "advance" && !value.empty()) {
    return sendCommand(ctx, [&](schema::Command::Builder c) { c.getBody().initAdvanceClock().setBy(value); });
  }
  if (verb == "set" && !value.empty()) {
    int64_t to = 0;
    if (!server::parseInstant(value, to))
      throw UsageError("'" + value + "' is not an instant such as 2023-06-01T09:00+08:00");
    return sendCommand(ctx, [&](schema::Command::Builder c) { c.getBody().initSetClock().setTo(to); });
  }
  throw UsageError("usage: qingling clock advance DURATION | clock set INSTANT");
}

// Any command, in the capnp-json form of the Command struct: {"commandId":"…","body":{"registerUnit":{…}}}.
int cmdCommand(CliContext& ctx) {
  ctx.args.allowOnly({});
  std::string json = ctx.args.word(1);
  if (json.empty()) throw UsageError("usage: qingling command JSON | qingling command @FILE");
  if (json[0] == '@') {
    std::ifstream in(json.substr(1));
    if (!in) throw UsageError("cannot read " + json.substr(1));
    json.assign(std::istreambuf_iterator<char>(in), {});
  }
  capnp::MallocMessageBuilder scratch;
  auto command = scratch.initRoot<schema::Command>();
  try {
    schema::fromJson(json, command);
  } catch (const schema::JsonError& e) {
    throw UsageError("the command is not valid capnp-json: " + e.message);
  }
  auto reply = ctx.client.call([&](Body body) { body.setCommand(command.asReader()); });
  return finish(ctx, reply, [&] { printAppended(ctx, reply->getBody().getAppended()); });
}

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"status", cmdStatus},
      {"whoami", cmdWhoAmI},
      {"digest", cmdDigest},
      {"verify", cmdVerify},
      {"append", cmdAppend},
      {"read", cmdRead},
      {"tail", cmdTail},
      {"unit", cmdUnit},
      {"user", cmdUser},
      {"token", cmdToken},
      {"clock", cmdClock},
      {"command", cmdCommand},
      {"plan", cmdPlan},
      {"campaign", cmdCampaign},
      {"dispatch", cmdDispatch},
      {"duty", cmdDuty},
      {"tasks", cmdTasks},
      {"progress", cmdProgress},
      {"escalations", cmdEscalations},
      {"drill", cmdDrill},
      {"hazards", cmdHazards},
      {"report", cmdReport},
      {"hazard", cmdHazard},
      {"inspection", cmdInspection},
      {"extension", cmdExtension},
      {"tip", cmdTip},
      {"measure", cmdMeasure},
      {"fact", cmdFact},
      {"escalation", cmdEscalation},
      {"enterprise", cmdEnterprise},
      {"targets", cmdTargets},
      {"review", cmdReview},
      {"history", cmdHistory},
      {"export", cmdExport},
  };
  return table;
}

}  // namespace

int runCommand(CliContext& context) {
  auto it = handlers().find(context.args.word(0));
  if (it == handlers().end()) throw UsageError("unknown command '" + context.args.word(0) + "'");
  return it->second(context);
}

std::string usage() {
  return R"(usage: qingling [--server HOST:PORT] [--token TOKEN] [--tls | --tls-ca FILE] [--json] COMMAND ...

Connection: --server (or QINGLING_SERVER, default 127.0.0.1:7420); --token (or QINGLING_TOKEN, or the file
QINGLING_TOKEN_FILE, default ./data/admin.token). To a server with tls-cert: --tls-ca FILE (or QINGLING_TLS_CA)
trusts the CA certificate in FILE, --tls the system's CAs; either way the certificate must name the server's host.
--json prints capnp-json for scripts.

The log
  status                                   server, store head, clock
  whoami                                   the principal of your token
  append STREAM TEXT... [--expect any|none|N] [--command-id ID]
                                           append note events (admin)
  read STREAM [--from V] [--backward] [--limit N]
  read --all [--from POS] [--type EVENT] [--unit UNIT] [--limit N]
  tail [--from POS] [--type EVENT] [--unit UNIT] [--count N]
                                           catch up, then follow new events
  digest                                   POSITION:HASH of the head, to keep outside the system
  verify [--up-to POS] [--digest POSITION:HASH]
                                           check the hash chain (exit 4 if broken)
  history campaign|dispatch|hazard|tip|unit|user ID
                                           every event about it: position, times, actor, command, hash
  export FILE [--from POS] [--to POS]      the log's records as stored, with its digest (qinglingd import loads it)
Campaigns (leader), dispatches (department, enterprise; review: leader)
  plan import FILE                         validate a qingling.plan/v1 document and draft its campaign
  plan occurrences FILE                    print every task occurrence of a plan (offline, no server)
  campaign issue CAMPAIGN | start-phase CAMPAIGN PHASE | close-phase CAMPAIGN PHASE --summary S
  campaign close CAMPAIGN --summary S | add-task CAMPAIGN --task JSON|@FILE
  dispatch ack|progress|complete|delegate|accept|return DISPATCH [--note N] [--to U1,U2]
  duty log --campaign C --activity inspection|analysis|report|meeting|briefing|supervision [--covered U]
Projections (as of now, or --as-of INSTANT: what the system knew then; --valid-at INSTANT: the state of affairs
at that business instant, by occurredAt, as known at --as-of)
  tasks UNIT                               the unit's dispatches, delegated ones included
  progress CAMPAIGN                        dispatched/acknowledged/completed/accepted/overdue per phase, task, unit
  escalations [--campaign C] [--unit U]    open escalations by level and age
  duty compliance CAMPAIGN                 required vs logged duty activities per period
  targets --campaign C [--unit U]          task targets (至少…) against recorded facts, per dispatch and metric
  review --campaign C | --unit U | --enterprise E [--backdated-threshold P3D] [--html FILE]
                                           accountability review (追责问责): findings with their evidence
Hazards (隐患台账), inspections, tips, measures, facts
  hazards [--unit U] [--campaign C] [--grade major] [--source S] [--status S] [--overdue yes]
  report dispatch --month YYYY-MM [--unit U] [--campaign C]   the monthly dispatch table (月度调度表)
  enterprise ENTERPRISE                    the enterprise profile (企业档案): unit facts, hazards, measures,
                                           inspections, tip counts
  inspection record --id I --enterprise E --kind self|enforcement|expert|cross|unannounced|supervision
                [--inspector U]… [--category C]… [--hazard H]… [--spot-checks N] [--campaign C] [--note T]
  hazard record --id H --enterprise E --source S --grade general|major|other [--grade-name N]
                [--criterion-standard S --criterion-item I | --other-regime] [--nature unsafeState|unsafeAct|
                managementDefect] --category C --description D --deadline YYYY-MM-DD [--campaign C]
                [--inspection I] [--location L]
  hazard plan H --responsible P --measures M --deadline YYYY-MM-DD [--funds YUAN] [--contingency-plan T]
                [--goals T] [--methods T] [--interim-controls T] [--safety-measures T]      (五落实)
  hazard rectified|fix H [--note N] [--evidence URI[#SHA256]]…     report rectified | 即查即改
  hazard verify H --pass|--fail [--note N] [--evidence …]         复查验收
  hazard close|delist|reopen|apply-resumption H [--note N]
  hazard regrade H --to general|major [--criterion-standard S --criterion-item I | --other-regime] --reason R
  hazard dual-report H --department U [--employees-informed-at T]  双报告
  hazard list H --deadline YYYY-MM-DD [--suspension]              挂牌督办
  hazard assess H --assessor A --pass|--fail [--note N]
  hazard review-resumption H --pass|--fail [--note N]
  extension request --hazard H|--dispatch D|--tip T|--report R --deadline YYYY-MM-DD --reason R
  extension decide --hazard H|… --approve|--reject [--deadline YYYY-MM-DD] [--note N]
  tip receive --id T --enterprise E --content C --reporter R|--anonymous
  tip verify T --substantiated --hazard H --enterprise E --grade G --category C --description D
                --deadline YYYY-MM-DD [hazard record flags…] [--note N] | tip verify T --unfounded --note N
  tip extend T --by P30D --reason R | tip feedback T --note N | tip reward T --amount YUAN
  measure impose --id M --enterprise E --kind warningTalk|publicNotice|fine|licenceSuspension|
                productionSuspension|closure|blacklist|raisedSupervision --reason R [--hazard H]
                [--amount YUAN] [--until T] [--level 1-4]
  measure lift M --reason R
  fact record --unit U --kind case|training|drill|meeting --title T [--campaign C] [--evidence …]
  escalation ack ESCALATION [--note N]
  Every command verb also takes --command-id ID (idempotent retry) and --occurred-at INSTANT (business time).
Administration
  unit register --id ID --name NAME --kind KIND [--parent P] [--industry I] [--employees N]
                [--key-supervision] [--level 1-4]
  user register --id ID --unit UNIT --roles leader,department,... [--name NAME]
  user deactivate --id ID [--reason R]
  token issue --user USER [--valid-for P90D]
  token revoke --id TOKEN_ID [--reason R]
  clock advance DURATION | clock set INSTANT      (server in --clock=sim only)
  command JSON|@FILE                       any command in capnp-json form
  drill FILE.jsonl [--as-of T]             run a drill (ops/drills/) against a --clock sim server, print projections

Exit codes: 0 ok, 1 refused by the server, 2 usage, 3 cannot reach the server, 4 verify found the log broken.
)";
}

}  // namespace qingling::cli
