// history_gen: a seeded generator of realistic campaign histories for the replay and projection benchmarks
// (issue 7). It writes a store the way the server does, in process and without a network: every domain event
// comes from server::decideCommand() on commands a realistic actor would send, stamped and appended like
// CommandService does (server/append_stamp.h); dispatches and escalation steps come from the real
// server::Scheduler driven by a simulation clock, as qinglingd --clock sim does.
//
// Shape: a province root unit `prov`; K counties under it (c0000, c0001, ...), each with its 应急管理局 (the
// issuer), 5 departments, 8 towns (乡镇/街道) of 15-25 enterprises each, and users: a county leader, department
// heads, county inspectors, town leaders and inspectors, one safety officer per enterprise. Each county imports
// and issues its own campaign (monthly, quarterly, one-off and phase tasks for its towns and departments) and
// lives it for M months, day by day: units acknowledge, report progress on and complete their dispatches (mostly
// on time, some late, a few never: the scheduler escalates), the leader accepts or returns them; enterprises and
// inspectors record inspections and hazards (mostly general, a few major, sources mixed), fix on the spot, plan,
// rectify (some late, some never), inspectors verify (some fail and are rectified again) and close; the leader
// lists some majors (挂牌督办) and delists them; towns record facts (trainings, drills, meetings).
//
// Determinism: a county's randomness derives from (seed, county index) only, its actions run at instants that
// depend only on that randomness, and all counties advance together day by day; so a county's own events (ids,
// payloads, actors, occurredAt and recordedAt) are the same whether the log holds 1 county or 1001. Positions
// and hashes differ, of course.
//
// Scheduler runs: once at every local midnight (the deadlines and steps of the day before, the day's occurrences),
// and right after a command that makes work due at once (issuing a campaign, starting the phase with a task of its
// own). Not after every agenda-moving command as the server does: Agenda::dueUpTo() scans the whole agenda, so
// that would be one scan per command. Work is therefore undone (退回, a failed 复查) only well before its deadline,
// where no escalation step can fall due in the middle of a day. Appends go through appendAsync, up to 512 in
// flight; a decision waits for the appends to the stream it folds, the directory and the scheduler for all.
//
// Size and speed (2 shared cores): about 11.6k events per county over 24 months at the default intensity;
// --counties 101 gives 1.17M events in ~105 s. The scheduler's whole-agenda scans grow with the history, so the
// run time grows faster than linearly: for ~10M events prefer more intensity over more counties (every county
// adds a campaign whose occurrences every scan revisits): --counties 101 --hazards-per-enterprise-month 4 gave
// 6.6M events in 13.5 min (8.2k events/s); 10M is about --counties 150 at that intensity. The store is flushed
// and compacted at the end (about 300 MB per million events).
//
//   history_gen --data DIR --counties K [--months M] [--seed S] [--start 2023-01-01]
//               [--hazards-per-enterprise-month R] [--tsv FILE]
// DIR is a qinglingd data directory: the store goes to DIR/events (qinglingd --data DIR serves it and keeps its
// admin token next to it at first start).
//
//   history_gen --scan DIR      raw RocksDB iteration over the `events` column family (the replay limit)
//
// stdout: `label=gen events=N seconds=T events_per_s=R counties=K months=M`, then
// `root=… county=… campaign=… month=YYYY-MM as_of=<µs> end=<ISO instant> token=<auditor's token>` (also written to
// DIR/../<basename>.ids).
#include <capnp/dynamic.h>
#include <capnp/message.h>
#include <rocksdb/db.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/campaign.h"
#include "domain/dispatch.h"
#include "domain/hazard.h"
#include "domain/local_date.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "schemas/events.capnp.h"
#include "schemas/json_codec.h"
#include "server/append_stamp.h"
#include "server/clock.h"
#include "server/decide_command.h"
#include "server/directory_view.h"
#include "server/scheduler.h"
#include "store/event_log.h"
#include "store/log_db.h"
#include "tests/bench/flags.h"
#include "tests/bench/history_export.h"

namespace {

using namespace qingling;
using schema::Role;
using SteadyClock = std::chrono::steady_clock;

constexpr int64_t kMinute = 60'000'000LL;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int32_t kTz = 8 * 3600;  // Asia/Shanghai, the campaigns' zone

// ---- randomness -------------------------------------------------------------------------------------------------

uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(splitmix(seed)) {}
  uint64_t next() {
    state += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  int between(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<uint64_t>(hi - lo + 1)); }
  int poisson(double mean) {
    if (mean <= 0) return 0;
    const double limit = std::exp(-mean);
    double p = 1;
    int k = 0;
    do {
      ++k;
      p *= unit();
    } while (p > limit);
    return k - 1;
  }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[next() % v.size()];
  }
};

// ---- options ----------------------------------------------------------------------------------------------------

struct Options {
  std::string data;
  std::string scan;
  std::string tsv;
  int counties = 1;
  int months = 24;
  uint64_t seed = 1;
  std::string start = "2023-01-01";
  double hazardsPerEnterpriseMonth = 0.4;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "history_gen: " << problem << "\n"
            << "usage: history_gen --data DIR --counties K [--months M] [--seed S] [--start YYYY-MM-DD]\n"
            << "                   [--hazards-per-enterprise-month R] [--tsv FILE]\n"
            << "       history_gen --scan DIR\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  try {
    auto extra = bench::Flags()
                     .add("--data", o.data)
                     .add("--scan", o.scan)
                     .add("--tsv", o.tsv)
                     .add("--counties", o.counties)
                     .add("--months", o.months)
                     .add("--seed", o.seed)
                     .add("--start", o.start)
                     .add("--hazards-per-enterprise-month", o.hazardsPerEnterpriseMonth)
                     .parse(argc, argv);
    if (!extra.empty()) usage("unexpected argument " + extra.front());
  } catch (const std::invalid_argument& e) {
    usage(e.what());
  }
  if (!o.scan.empty()) return o;
  if (o.data.empty()) usage("--data DIR is required");
  if (o.counties < 1 || o.counties > 9999) usage("--counties must be 1-9999");
  if (o.months < 3 || o.months > 120) usage("--months must be 3-120");
  if (!domain::LocalDate::parse(o.start)) usage("--start must be a date YYYY-MM-DD");
  if (o.hazardsPerEnterpriseMonth < 0) usage("--hazards-per-enterprise-month must be >= 0");
  return o;
}

std::string pad(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(width > static_cast<int>(s.size()) ? width - s.size() : 0, '0') + s;
}

// ---- the generator ------------------------------------------------------------------------------------------------

struct Command {
  capnp::MallocMessageBuilder message;
  schema::Command::Builder root = message.initRoot<schema::Command>();
  schema::Command::Body::Builder body() { return root.getBody(); }
};

void evidence(capnp::List<schema::EvidenceRef>::Builder list, const std::string& uri) {
  static const char* hex = "0123456789abcdef";
  std::string digest;
  uint64_t h = fnv1a(uri);
  for (int i = 0; i < 64; ++i) {
    if (i % 16 == 0) h = splitmix(h);
    digest.push_back(hex[(h >> ((i % 16) * 4)) & 15]);
  }
  list[0].setUri(uri);
  list[0].setSha256(digest);
}

enum Flags : unsigned { kNone = 0, kDirectory = 1, kAgenda = 2 };

struct Action {
  int64_t at;
  int county;
  uint64_t seq;
  std::function<void()> run;
};
struct Later {
  bool operator()(const Action& a, const Action& b) const {
    return std::tie(a.at, a.county, a.seq) > std::tie(b.at, b.county, b.seq);
  }
};

class Generator;

struct Enterprise {
  std::string id;
  int town = 0;
  domain::Principal officer;
  std::string industry;
};

struct County {
  int index = 0;
  std::string id;  // c0000
  std::string campaign;
  Rng rng{0};
  uint64_t seed = 0;
  uint64_t seq = 0;       // tie-break of its actions at one instant
  uint64_t commands = 0;  // its command ids
  uint64_t hazards = 0, inspections = 0, facts = 0;
  domain::Principal leader;
  std::vector<std::string> towns, departments;
  std::vector<domain::Principal> townHeads, deptHeads, countyInspectors;
  std::vector<std::vector<domain::Principal>> townInspectors;
  std::vector<Enterprise> enterprises;
  std::map<std::string, size_t> unitIndex;  // town or department id -> index into townHeads / deptHeads (+1000)
};

class Generator {
 public:
  Generator(const Options& o, store::EventLog& log)
      : o_(o), log_(log), directory_(log), clock_(0), scheduler_(log, directory_, clock_) {}

  void run();
  uint64_t rejected() const { return rejected_; }
  const County& county(int i) const { return counties_[i]; }
  int64_t startDay() const { return startDay_; }
  int64_t endDay() const { return endDay_; }
  int64_t now() const { return clock_.now(); }
  const std::string& auditorToken() const { return secret_; }

 private:
  // Time of a local day: day d (days since epoch) at hh:mm.
  static int64_t at(int64_t day, int minutes) {
    return domain::startOfLocalDay(domain::LocalDate::fromDays(day), kTz) + minutes * kMinute;
  }
  static int64_t workday(int64_t day) {
    int wd = domain::LocalDate::fromDays(day).weekday();
    return wd == 6 ? day + 2 : wd == 7 ? day + 1 : day;
  }
  static std::string date(int64_t day) { return domain::LocalDate::fromDays(day).str(); }

  void schedule(County& c, int64_t when, std::function<void()> fn) {
    queue_.push(Action{when, c.index, c.seq++, std::move(fn)});
  }
  // Decides `cmd` as `actor` at the clock's instant and appends what it yields. `reads`: the stream the decision
  // folds (its subject), so an append to it still in flight is awaited first.
  bool exec(const domain::Principal& actor, Command& cmd, const std::string& commandId, unsigned flags = kNone,
            const std::string& reads = "");
  void drain();  // waits until every append in flight is answered
  void runScheduler(int64_t t);
  void discoverDispatches();
  void progress(bool last);

  void setupGlobal(int64_t day);
  void setupCounty(County& c, int64_t day);
  std::string planJson(const County& c) const;
  void daily(County& c, int64_t day);
  void inspection(County& c, int64_t when, const Enterprise& e, const domain::Principal& who,
                  schema::InspectionKind kind, int hazardCount);
  void hazardLife(County& c, int64_t when, const Enterprise& e, const domain::Principal& finder, bool self,
                  schema::HazardSource source, const std::string& inspectionId, const std::string& hazardId,
                  bool major);
  void dispatchLife(County& c, const std::string& id, const std::string& assignee, int64_t dispatchedAt, int64_t dueAt);
  std::string cid(County& c) { return c.id + "-" + std::to_string(++c.commands); }

  const Options& o_;
  store::EventLog& log_;
  server::DirectoryView directory_;
  server::SimClock clock_;
  server::Scheduler scheduler_;
  std::vector<County> counties_;
  std::map<std::string, int> byCampaign_;
  std::priority_queue<Action, std::vector<Action>, Later> queue_;
  uint64_t dispatchCursor_ = 0;
  uint64_t rejected_ = 0, commands_ = 0;
  std::string secret_;  // the provincial auditor's token (issueToken hands the secret back once)
  uint64_t schedulerRuns_ = 0;
  double schedulerSeconds_ = 0;
  // Appends in flight (appendAsync), and the streams they write: a decision never folds a stream still being
  // written, the directory and the scheduler read only after everything was answered.
  std::mutex flightMutex_;
  std::condition_variable flightDone_;
  size_t inFlight_ = 0;
  std::unordered_map<std::string, int> busy_;
  uint64_t appendFailures_ = 0;
  std::string firstAppendFailure_;
  int64_t startDay_ = 0, endDay_ = 0, today_ = 0;
  SteadyClock::time_point began_ = SteadyClock::now(), lastReport_ = SteadyClock::now();
  const domain::Principal admin_{"admin", "qingling", {Role::ADMIN}, {}};
};

void Generator::drain() {
  std::unique_lock lock(flightMutex_);
  flightDone_.wait(lock, [this] { return inFlight_ == 0; });
  if (appendFailures_ > 0) throw std::runtime_error("the store refused an append: " + firstAppendFailure_);
}

bool Generator::exec(const domain::Principal& actor, Command& cmd, const std::string& commandId, unsigned flags,
                     const std::string& reads) {
  constexpr size_t kMaxInFlight = 512;
  const int64_t now = clock_.now();
  {
    std::unique_lock lock(flightMutex_);
    if (flags & kDirectory || (!reads.empty() && busy_.count(reads) > 0)) {
      flightDone_.wait(lock, [this] { return inFlight_ == 0; });
    }
  }
  cmd.root.setCommandId(commandId);
  ++commands_;
  auto decided = server::decideCommand(log_, directory_, actor, cmd.root.asReader(), now, nullptr);
  auto complain = [&](const std::string& why) {
    if (++rejected_ <= 20) {
      std::string name = "?";
      KJ_IF_MAYBE (field, capnp::toDynamic(cmd.root.asReader().getBody()).which()) {
        name = field->getProto().getName().cStr();
      }
      std::cerr << "history_gen: " << name << " " << commandId << " by " << actor.user << " at "
                << server::formatInstant(now) << " refused: " << why << "\n";
    }
    return false;
  };
  if (decided.failure) return complain(decided.failure->message);
  if (auto* r = std::get_if<domain::Rejection>(&*decided.decision)) return complain(r->message);
  server::Stamp stamp{actor, commandId, commandId, now, now};
  auto request = server::toAppendRequest(std::move(std::get<domain::Emitted>(*decided.decision)), stamp);
  if (!decided.secret.empty()) secret_ = decided.secret;
  std::vector<std::string> streams{request.streamId};
  for (const auto& more : request.more) streams.push_back(more.streamId);
  {
    std::unique_lock lock(flightMutex_);
    flightDone_.wait(lock, [this] { return inFlight_ < kMaxInFlight; });
    ++inFlight_;
    for (const auto& s : streams) ++busy_[s];
  }
  log_.appendAsync(std::move(request), [this, streams = std::move(streams)](store::Result<store::AppendResult> r) {
    std::lock_guard lock(flightMutex_);
    for (const auto& s : streams) {
      if (--busy_[s] == 0) busy_.erase(s);
    }
    --inFlight_;
    if (!r.ok() && appendFailures_++ == 0) firstAppendFailure_ = r.error().message;
    flightDone_.notify_all();
  });
  if (flags & (kDirectory | kAgenda)) drain();
  if (flags & kDirectory) {
    std::string error;
    if (!directory_.catchUp(error)) throw std::runtime_error("directory catch-up failed: " + error);
  }
  // As the server does after a command that makes work due at once (issuing, starting a phase, undoing work
  // whose deadline passed): the scheduler runs up to now.
  if (flags & kAgenda) runScheduler(now);
  return true;
}

void Generator::runScheduler(int64_t t) {
  drain();
  auto t0 = SteadyClock::now();
  auto run = scheduler_.runUpTo(t);
  schedulerSeconds_ += std::chrono::duration<double>(SteadyClock::now() - t0).count();
  ++schedulerRuns_;
  if (!run.ok) throw std::runtime_error("scheduler failed: " + run.error);
  if (run.jobs > 0) discoverDispatches();
}

// The dispatches the scheduler just made, handed to their county (by campaign id).
void Generator::discoverDispatches() {
  static const store::EventFilter filter{{static_cast<uint16_t>(schema::Event::TASK_DISPATCHED)}, {}};
  for (;;) {
    auto page = log_.readAll(dispatchCursor_ + 1, 0, filter);
    if (!page.ok()) throw std::runtime_error("reading dispatches failed: " + page.error().message);
    if (page->empty()) return;
    for (const auto& event : page.value()) {
      dispatchCursor_ = event.position();
      auto envelope = event.envelope();
      auto t = envelope.getPayload().getTaskDispatched();
      auto it = byCampaign_.find(t.getCampaignId().cStr());
      if (it == byCampaign_.end() || t.getParentDispatch().size() > 0) continue;
      dispatchLife(counties_[it->second], t.getDispatchId(), t.getAssignee(), envelope.getRecordedAt(), t.getDueAt());
    }
  }
}

void Generator::progress(bool last) {
  auto now = SteadyClock::now();
  if (!last && now - lastReport_ < std::chrono::seconds(3)) return;
  lastReport_ = now;
  double seconds = std::chrono::duration<double>(now - began_).count();
  uint64_t events = log_.head().position;
  std::fprintf(stderr,
               "history_gen: %llu events, %.0f events/s, %s, %llu commands, %llu refused, scheduler %llu runs %.1f s\n",
               static_cast<unsigned long long>(events), seconds > 0 ? events / seconds : 0.0, date(today_).c_str(),
               static_cast<unsigned long long>(commands_), static_cast<unsigned long long>(rejected_),
               static_cast<unsigned long long>(schedulerRuns_), schedulerSeconds_);
}

void Generator::setupGlobal(int64_t day) {
  clock_.set(at(day, 7 * 60));
  // What qinglingd's first start registers (it then only issues the admin token), and the province root.
  Command u1;
  auto q = u1.body().initRegisterUnit();
  q.setId("qingling");
  q.setName("Qingling system");
  q.setKind(schema::UnitKind::OTHER);
  exec(admin_, u1, "bootstrap-unit", kDirectory);
  Command u2;
  auto a = u2.body().initRegisterUser();
  a.setUserId("admin");
  a.setName("Administrator");
  a.setUnit("qingling");
  a.initRoles(1).set(0, Role::ADMIN);
  exec(admin_, u2, "bootstrap-user", kDirectory);
  Command u3;
  auto p = u3.body().initRegisterUnit();
  p.setId("prov");
  p.setName("示例省人民政府");
  p.setKind(schema::UnitKind::GOVERNMENT);
  exec(admin_, u3, "gen-prov", kDirectory);
  // The province's auditor: the benchmarks' queries of the root and of any county are within its reach.
  Command u4;
  auto auditor = u4.body().initRegisterUser();
  auditor.setUserId("prov-auditor");
  auditor.setName("省应急管理厅审计");
  auditor.setUnit("prov");
  auditor.initRoles(1).set(0, Role::AUDITOR);
  exec(admin_, u4, "gen-prov-auditor", kDirectory);
  Command u5;
  u5.body().initIssueToken().setUserId("prov-auditor");
  exec(admin_, u5, "gen-prov-auditor-token", kDirectory);
}

const char* const kIndustries[] = {"工贸", "危险化学品", "建设施工", "燃气", "消防安全", "交通运输", "民爆", "冶金"};
const char* const kCategories[] = {"消防", "动火/特殊作业", "有限空间", "用电", "设备", "外包外租", "危化品", "机械"};
const char* const kLocations[] = {"生产车间", "仓库", "配电房", "厂区道路", "办公楼", "危化品库", "锅炉房", "员工宿舍"};
const char* const kGeneral[] = {"疏散通道堆放杂物",   "灭火器压力不足",         "配电箱门未关闭，警示标识缺失",
                                "安全出口指示灯损坏", "劳动防护用品佩戴不规范", "特种作业人员证书过期",
                                "设备防护罩缺失",     "安全培训记录不全"};
const char* const kMajor[] = {"有限空间作业未执行先通风、再检测、后作业", "可燃气体报警装置失效",
                              "冲压机床光电保护装置被拆除", "员工宿舍设置在生产车间内",
                              "涉及重点监管危险化工工艺的装置未实现自动化控制"};
const char* const kTownNames[] = {"城关镇", "东风镇", "西河乡", "南山街道", "北岭镇", "新华街道", "青石乡", "白沙镇"};
const char* const kDepts[][2] = {{"gxj", "县工业和信息化局"},
                                 {"zjj", "县住房和城乡建设局"},
                                 {"scjg", "县市场监督管理局"},
                                 {"jtj", "县交通运输局"},
                                 {"xfj", "县消防救援大队"}};

std::string Generator::planJson(const County& c) const {
  using domain::LocalDate;
  const int64_t s = startDay_, e = endDay_;
  const int64_t mobilizeEnd = s + 14, investigateEnd = s + (e - s) * 2 / 5, rectifyEnd = e - 31;
  std::string j;
  j += R"({"format":"qingling.plan/v1","campaign":{"id":")" + c.campaign + R"(","title":")" + c.id +
       R"(县安全生产专项整治行动方案","docNumber":")" + c.id + R"(安委〔)" + date(s).substr(0, 4) +
       R"(〕1号","issuer":")" + c.id + R"(-yjj","issuedOn":")" + date(s) + R"(","basedOn":["示例省安委〔)" +
       date(s).substr(0, 4) + R"(〕1号"],"start":")" + date(s) + R"(","end":")" + date(e) +
       R"(","timezone":"Asia/Shanghai","focus":["危险化学品","工贸","消防安全"]},"units":[)";
  auto unit = [&](const std::string& id, const std::string& name, const char* kind, const std::string& parent,
                  const std::string& extra = "") {
    if (j.back() != '[') j += ",";
    j += R"({"id":")" + id + R"(","name":")" + name + R"(","kind":")" + kind + R"(","parent":")" + parent + "\"" +
         extra + "}";
  };
  unit(c.id + "-yjj", "县应急管理局", "agency", c.id);
  unit(c.id + "-fgxz", "分管安全生产副县长", "position", c.id);
  unit(c.id + "-bm", "县安委会各成员单位", "group", c.id);
  for (const auto& d : kDepts) unit(c.id + "-" + d[0], d[1], "agency", c.id + "-bm");
  unit(c.id + "-towns", "各乡镇（街道）", "group", c.id);
  for (size_t t = 0; t < c.towns.size(); ++t) unit(c.towns[t], kTownNames[t % 8], "jurisdiction", c.id + "-towns");
  for (const auto& ent : c.enterprises) {
    uint64_t h = fnv1a(ent.id);
    int employees = 5 + static_cast<int>(h % 400);
    unit(ent.id, ent.id + "有限公司", "enterprise", c.towns[ent.town],
         R"(,"industry":")" + ent.industry + R"(","employees":)" + std::to_string(employees) + R"(,"keySupervision":)" +
             ((h >> 20) % 5 == 0 ? "true" : "false"));
  }
  j += R"(],"phases":[)";
  j += R"({"key":"mobilize","name":"动员部署","start":")" + date(s) + R"(","end":")" + date(mobilizeEnd) + "\"},";
  j += R"({"key":"investigate","name":"集中排查","start":")" + date(mobilizeEnd + 1) + R"(","end":")" +
       date(investigateEnd) + "\"},";
  j += R"({"key":"rectify","name":"重点整治","start":")" + date(investigateEnd + 1) + R"(","end":")" +
       date(rectifyEnd) + "\"},";
  j += R"({"key":"summarize","name":"总结提升","start":")" + date(rectifyEnd + 1) + R"(","end":")" + date(e) + "\"}],";
  // Assignees are named one by one rather than through the groups 各乡镇（街道）/ 各成员单位: fanning a group out
  // costs Directory::children(), a scan of every unit, on every scheduler run for every occurrence (see the
  // report of this generator), which makes a province-sized log crawl.
  std::string towns, depts;
  for (const auto& t : c.towns) towns += (towns.empty() ? "\"" : ",\"") + t + "\"";
  for (const auto& d : c.departments) depts += (depts.empty() ? "\"" : ",\"") + d + "\"";
  const std::string townGroup = "\"" + c.id + "-towns\"";
  j += R"("tasks":[)";
  j +=
      R"({"key":"T01","group":"隐患排查","title":"月度隐患排查治理","content":"每月组织辖区企业开展隐患排查，报送月度调度表。","assignees":[)" +
      towns + R"(],"due":{"every":"month"},"targets":[{"metric":"hazardsFound","atLeast":2}]},)";
  j +=
      R"({"key":"T02","group":"行业监管","title":"行业领域月度检查","content":"每月对本行业领域重点企业开展检查。","assignees":[)" +
      depts + R"(],"due":{"every":"month"},"targets":[{"metric":"inspections","atLeast":1}]},)";
  j +=
      R"({"key":"T03","group":"督导检查","title":"季度督导","content":"每季度开展一次督导检查并书面报告。","assignees":[)" +
      towns + "," + depts + R"(],"due":{"every":"quarter"}},)";
  j +=
      R"({"key":"T04","group":"动员部署","title":"制定实施方案","content":"结合实际制定本单位实施方案。","assignees":[)" +
      towns + "," + depts + R"(],"due":{"by":")" + date(s + 30) + R"("}},)";
  j +=
      R"({"key":"T05","group":"集中排查","title":"集中排查阶段总结","content":"集中排查阶段结束前报送阶段总结。","assignees":[)" +
      towns + R"(],"phase":"investigate","due":{"by":")" + date(investigateEnd) + R"("}}],)";
  j +=
      R"("duties":[{"holder":")" + c.id + R"(-fgxz","position":"分管安全生产副县长","covers":[)" + townGroup +
      R"(],"items":[{"text":"每半月至少开展1次安全生产督导检查","activity":"inspection","every":"halfMonth","atLeast":1}]}],)";
  j +=
      R"("escalation":[{"after":"-P1D","action":"remind","to":"assignee"},{"after":"P3D","action":"warn","to":"assigneeHead"},)"
      R"({"after":"P7D","action":"notify","to":"issuer"},{"after":"P15D","action":"summon","to":"coveringLeader"}]})";
  return j;
}

void Generator::setupCounty(County& c, int64_t day) {
  const std::string& id = c.id;
  Rng& r = c.rng;
  for (int t = 0; t < 8; ++t) c.towns.push_back(id + "-t" + pad(t + 1, 2));
  for (const auto& d : kDepts) c.departments.push_back(id + "-" + d[0]);
  for (int t = 0; t < 8; ++t) {
    int n = r.between(15, 25);
    for (int k = 0; k < n; ++k) {
      Enterprise e;
      e.id = c.towns[t] + "-e" + pad(k + 1, 3);
      e.town = t;
      e.industry = kIndustries[r.next() % 8];
      e.officer = domain::Principal{e.id + "-aq", e.id, {Role::ENTERPRISE}, {}};
      c.enterprises.push_back(std::move(e));
    }
  }
  c.leader = domain::Principal{id + "-leader", id, {Role::LEADER}, {}};
  for (size_t t = 0; t < c.towns.size(); ++t) {
    c.townHeads.push_back(domain::Principal{c.towns[t] + "-head", c.towns[t], {Role::DEPARTMENT}, {}});
    c.townInspectors.push_back({domain::Principal{c.towns[t] + "-i1", c.towns[t], {Role::DEPARTMENT}, {}},
                                domain::Principal{c.towns[t] + "-i2", c.towns[t], {Role::DEPARTMENT}, {}}});
    c.unitIndex[c.towns[t]] = t;
  }
  for (size_t d = 0; d < c.departments.size(); ++d) {
    c.deptHeads.push_back(domain::Principal{c.departments[d] + "-head", c.departments[d], {Role::DEPARTMENT}, {}});
    c.unitIndex[c.departments[d]] = 1000 + d;
  }
  for (int k = 1; k <= 3; ++k) {
    c.countyInspectors.push_back(domain::Principal{id + "-zf" + std::to_string(k), id, {Role::DEPARTMENT}, {}});
  }

  auto registerUser = [this, &c](const domain::Principal& p, const std::string& name) {
    Command cmd;
    auto u = cmd.body().initRegisterUser();
    u.setUserId(p.user);
    u.setName(name);
    u.setUnit(p.unit);
    u.initRoles(1).set(0, p.roles.front());
    exec(admin_, cmd, cid(c), kDirectory);
  };
  schedule(c, at(day, 8 * 60), [this, &c, registerUser] {
    Command cmd;
    auto u = cmd.body().initRegisterUnit();
    u.setId(c.id);
    u.setName(c.id + "县人民政府");
    u.setKind(schema::UnitKind::GOVERNMENT);
    u.setParent("prov");
    exec(admin_, cmd, cid(c), kDirectory);
    registerUser(c.leader, c.id + "县分管负责人");
  });
  schedule(c, at(day, 8 * 60 + 30), [this, &c] {
    Command cmd;
    cmd.body().initImportPlan().setPlanJson(planJson(c));
    exec(c.leader, cmd, cid(c), kDirectory);
  });
  schedule(c, at(day, 8 * 60 + 40), [&c, registerUser] {
    for (const auto& p : c.deptHeads) registerUser(p, p.unit + "负责人");
    for (const auto& p : c.countyInspectors) registerUser(p, "县应急管理综合执法大队 " + p.user);
    for (size_t t = 0; t < c.towns.size(); ++t) {
      registerUser(c.townHeads[t], std::string(kTownNames[t % 8]) + "安监站站长");
      for (const auto& p : c.townInspectors[t]) registerUser(p, std::string(kTownNames[t % 8]) + "安监员 " + p.user);
    }
    for (const auto& e : c.enterprises) registerUser(e.officer, e.id + "安全管理人员");
  });
  schedule(c, at(day, 9 * 60), [this, &c] {
    Command cmd;
    cmd.body().initIssueCampaign().setCampaignId(c.campaign);
    exec(c.leader, cmd, cid(c), kAgenda, domain::campaignStream(c.campaign));
  });
  // Phases start on their planned days (09:00) and the one before closes then.
  const int64_t e = endDay_;
  const int64_t starts[] = {day, day + 15, day + (e - day) * 2 / 5 + 1, e - 30};
  const char* keys[] = {"mobilize", "investigate", "rectify", "summarize"};
  for (int k = 0; k < 4; ++k) {
    schedule(c, at(starts[k], 9 * 60 + 5), [this, &c, k, keys] {
      if (k > 0) {
        Command close;
        auto cp = close.body().initClosePhase();
        cp.setCampaignId(c.campaign);
        cp.setPhaseKey(keys[k - 1]);
        cp.setSummary("阶段工作已完成");
        exec(c.leader, close, cid(c), kNone, domain::campaignStream(c.campaign));
      }
      Command cmd;
      auto sp = cmd.body().initStartPhase();
      sp.setCampaignId(c.campaign);
      sp.setPhaseKey(keys[k]);
      // Only 集中排查 has a task of its own, dispatched the moment the phase starts.
      exec(c.leader, cmd, cid(c), k == 1 ? kAgenda : kNone, domain::campaignStream(c.campaign));
    });
  }
}

// One dispatch's life, drawn from its own randomness (seed, county, dispatch id): the order dispatches are seen
// in cannot change what happens to them.
void Generator::dispatchLife(County& c, const std::string& id, const std::string& assignee, int64_t dispatchedAt,
                             int64_t dueAt) {
  auto found = c.unitIndex.find(assignee);
  if (found == c.unitIndex.end()) return;
  const domain::Principal who = found->second >= 1000 ? c.deptHeads[found->second - 1000] : c.townHeads[found->second];
  Rng r(c.seed ^ fnv1a(id));
  const int64_t firstDay = domain::localDateOf(dispatchedAt, kTz).days();
  int64_t dueDay = dueAt > 0 ? domain::localDateOf(dueAt, kTz).days() : firstDay + 30;
  double u = r.unit();
  if (u < 0.03) return;  // never acknowledged: the whole ladder runs
  int64_t ackDay = workday(firstDay + (u < 0.85 ? r.between(0, 2) : r.between(3, 12)));
  int64_t ackAt = std::max(at(ackDay, r.between(8 * 60 + 30, 17 * 60)), dispatchedAt + 30 * kMinute);
  if (domain::localDateOf(ackAt, kTz).days() != ackDay) ackAt = at(ackDay + 1, 9 * 60);
  const std::string note = "按要求推进";
  schedule(c, ackAt, [this, &c, who, id] {
    Command cmd;
    cmd.body().initAcknowledgeDispatch().setDispatchId(id);
    exec(who, cmd, cid(c), kNone, domain::dispatchStream(id));
  });
  const int64_t ackDayReal = domain::localDateOf(ackAt, kTz).days();
  double v = r.unit();
  if (v < 0.05) return;  // acknowledged, never completed
  int64_t doneDay = v < 0.85 ? dueDay - r.between(1, std::max<int>(1, std::min<int64_t>(10, dueDay - ackDayReal)))
                             : dueDay + r.between(1, 20);
  doneDay = workday(std::max(doneDay, ackDayReal + 1));
  int progressReports = r.between(0, 2);
  for (int p = 0; p < progressReports; ++p) {
    int64_t pDay = ackDayReal + 1 + (doneDay - ackDayReal - 1) * (p + 1) / (progressReports + 1);
    if (pDay <= ackDayReal || pDay >= doneDay) continue;
    schedule(c, at(workday(pDay) < doneDay ? workday(pDay) : pDay, r.between(9 * 60, 16 * 60)), [this, &c, who, id] {
      Command cmd;
      auto rp = cmd.body().initReportProgress();
      rp.setDispatchId(id);
      rp.setNote("已部署落实，正在推进");
      exec(who, cmd, cid(c), kNone, domain::dispatchStream(id));
    });
  }
  const int64_t doneAt = at(doneDay, r.between(9 * 60, 16 * 60));
  auto complete = [this, &c, who, id] {
    Command cmd;
    auto cp = cmd.body().initCompleteDispatch();
    cp.setDispatchId(id);
    cp.setNote("已按要求完成");
    evidence(cp.initEvidence(1), "evidence://" + id + "/report.pdf");
    exec(who, cmd, cid(c), kNone, domain::dispatchStream(id));
  };
  schedule(c, doneAt, complete);
  int64_t reviewDay = workday(doneDay + r.between(1, 5));
  const domain::Principal leader = c.leader;
  // A return (退回) undoes the work: made only well before the deadline, so that no escalation step skipped
  // while the work stood completed falls due in the middle of a day (which would need a scheduler run per return).
  if (r.chance(0.06) && at(reviewDay, 17 * 60) < dueAt - 2 * kDay) {
    schedule(c, at(reviewDay, r.between(9 * 60, 16 * 60)), [this, &c, leader, id] {
      Command cmd;
      auto rv = cmd.body().initReturnDispatch();
      rv.setDispatchId(id);
      rv.setNote("材料不完整，退回补充");
      exec(leader, cmd, cid(c), kNone, domain::dispatchStream(id));
    });
    int64_t again = workday(reviewDay + r.between(2, 5));
    schedule(c, at(again, r.between(9 * 60, 16 * 60)), complete);
    reviewDay = workday(again + r.between(1, 3));
  }
  schedule(c, at(reviewDay, r.between(9 * 60, 17 * 60)), [this, &c, leader, id] {
    Command cmd;
    auto rv = cmd.body().initAcceptDispatch();
    rv.setDispatchId(id);
    rv.setNote("同意办结");
    exec(leader, cmd, cid(c), kNone, domain::dispatchStream(id));
  });
}

// A hazard's whole life, drawn when it is found.
void Generator::hazardLife(County& c, int64_t when, const Enterprise& e, const domain::Principal& finder, bool self,
                           schema::HazardSource source, const std::string& inspectionId, const std::string& hazardId,
                           bool major) {
  Rng& r = c.rng;
  const int64_t day = domain::localDateOf(when, kTz).days();
  const int64_t deadlineDay = day + (major ? r.between(30, 60) : r.between(7, 30));
  const int category = static_cast<int>(r.next() % 8);
  const std::string description = major ? kMajor[r.next() % 5] : kGeneral[r.next() % 8];
  const std::string location = kLocations[r.next() % 8];
  const std::string campaign = c.campaign;
  const std::string enterprise = e.id;
  const domain::Principal officer = e.officer;
  const domain::Principal verifier = self ? r.pick(c.townInspectors[e.town]) : finder;
  schedule(c, when, [=, this, &c] {
    Command cmd;
    auto h = cmd.body().initRecordHazard();
    h.setHazardId(hazardId);
    h.setEnterprise(enterprise);
    h.setCampaignId(campaign);
    h.setInspectionId(inspectionId);
    h.setSource(source);
    h.setGrade(major ? schema::HazardGrade::MAJOR : schema::HazardGrade::GENERAL);
    h.setNature(static_cast<schema::HazardNature>(category % 3));
    if (major) {
      auto crit = h.initCriterion();
      crit.setStandard("应急管理部令第10号");
      crit.setItem("第" + std::to_string(4 + category) + "条");
    }
    h.setCategory(kCategories[category]);
    h.setLocation(location);
    h.setDescription(description);
    h.setDeadline(date(deadlineDay));
    exec(finder, cmd, cid(c), kNone, domain::hazardStream(hazardId));
  });
  auto evidenceFor = [hazardId](const char* what) { return "evidence://" + hazardId + "/" + what + ".jpg"; };
  if (!major && r.chance(self ? 0.4 : 0.3)) {
    const domain::Principal fixer = self ? officer : finder;
    schedule(c, when + 10 * kMinute, [=, this, &c] {
      Command cmd;
      auto f = cmd.body().initFixOnSpot();
      f.setHazardId(hazardId);
      f.setNote("现场立即整改");
      evidence(f.initEvidence(1), evidenceFor("fixed"));
      exec(fixer, cmd, cid(c), kNone, domain::hazardStream(hazardId));
    });
    return;
  }
  int64_t next = day;
  if (major) {
    next = workday(day + 1);
    schedule(c, at(next, r.between(9 * 60, 16 * 60)), [=, this, &c] {
      Command cmd;
      auto d = cmd.body().initDualReport();
      d.setHazardId(hazardId);
      d.setSupervisingDepartment(c.id + "-yjj");
      d.setEmployeesInformedAt(when + kDay);
      exec(officer, cmd, cid(c), kNone, domain::hazardStream(hazardId));
    });
    next = workday(next + r.between(1, 3));
    schedule(c, at(next, r.between(9 * 60, 16 * 60)), [=, this, &c] {
      Command cmd;
      auto p = cmd.body().initPlanRectification();
      p.setHazardId(hazardId);
      p.setResponsible(officer.user);
      p.setMeasures("制定治理方案，落实整改措施");
      p.setFundsFen(100000 * (1 + static_cast<int64_t>(fnv1a(hazardId) % 500)));
      p.setDeadline(date(deadlineDay));
      p.setContingencyPlan("现场处置方案");
      p.setInterimControls("设置警戒区域，专人监护");
      exec(officer, cmd, cid(c), kNone, domain::hazardStream(hazardId));
    });
  }
  bool listed = false;
  int64_t listDeadlineDay = deadlineDay;
  if (major && r.chance(0.3)) {
    listed = true;
    next = workday(next + r.between(1, 5));
    listDeadlineDay = std::max(deadlineDay, next + 15) + r.between(0, 15);
    schedule(c, at(next, r.between(9 * 60, 16 * 60)), [=, this, &c] {
      Command cmd;
      auto l = cmd.body().initListHazard();
      l.setHazardId(hazardId);
      l.setDeadline(date(listDeadlineDay));
      exec(c.leader, cmd, cid(c), kNone, domain::hazardStream(hazardId));
    });
  }
  const int64_t dueDay = listed ? listDeadlineDay : deadlineDay;
  const int64_t dueAt = domain::endOfLocalDay(domain::LocalDate::fromDays(dueDay), kTz);
  double u = r.unit();
  if (u < 0.02) return;  // never rectified within the history: every step of the ladder runs
  int64_t fixDay = u < (major ? 0.10 : 0.07)   ? dueDay + r.between(30, 120)  // long overdue
                   : u < (major ? 0.85 : 0.88) ? next + r.between(1, std::max<int>(1, dueDay - next - 1))
                                               : dueDay + r.between(1, 25);
  fixDay = workday(std::max(fixDay, next + 1));
  auto rectified = [=, this, &c](const char* note) {
    Command cmd;
    auto f = cmd.body().initReportRectified();
    f.setHazardId(hazardId);
    f.setNote(note);
    evidence(f.initEvidence(1), evidenceFor("rectified"));
    exec(officer, cmd, cid(c), kNone, domain::hazardStream(hazardId));
  };
  schedule(c, at(fixDay, r.between(9 * 60, 16 * 60)), [rectified] { rectified("已完成整改"); });
  int64_t verifyDay = workday(fixDay + r.between(1, 5));
  const int64_t failAt = at(verifyDay, r.between(9 * 60, 16 * 60));
  // A failed verification undoes the work: made only well before the deadline (see the returns above).
  if (r.chance(0.12) && failAt < dueAt - 2 * kDay) {
    schedule(c, failAt, [=, this, &c] {
      Command cmd;
      auto v = cmd.body().initVerifyRectification();
      v.setHazardId(hazardId);
      v.setPassed(false);
      v.setNote("复查不合格，整改不到位");
      exec(verifier, cmd, cid(c), kNone, domain::hazardStream(hazardId));
    });
    int64_t again = workday(verifyDay + r.between(2, 7));
    schedule(c, at(again, r.between(9 * 60, 16 * 60)), [rectified] { rectified("已重新整改"); });
    verifyDay = workday(again + r.between(1, 3));
  }
  const int64_t verifyAt = at(verifyDay, r.between(9 * 60, 15 * 60));
  schedule(c, verifyAt, [=, this, &c] {
    Command cmd;
    auto v = cmd.body().initVerifyRectification();
    v.setHazardId(hazardId);
    v.setPassed(true);
    v.setNote("复查合格");
    evidence(v.initEvidence(1), evidenceFor("verified"));
    exec(verifier, cmd, cid(c), kNone, domain::hazardStream(hazardId));
  });
  if (listed) {
    schedule(c, verifyAt + 30 * kMinute, [=, this, &c] {
      Command cmd;
      auto d = cmd.body().initDelistHazard();
      d.setHazardId(hazardId);
      d.setNote("整改验收合格，予以摘牌");
      exec(c.leader, cmd, cid(c), kNone, domain::hazardStream(hazardId));
    });
  }
  const domain::Principal closer = listed ? c.leader : verifier;
  schedule(c, verifyAt + 40 * kMinute, [=, this, &c] {
    Command cmd;
    auto x = cmd.body().initCloseHazard();
    x.setHazardId(hazardId);
    x.setNote("销号");
    exec(closer, cmd, cid(c), kNone, domain::hazardStream(hazardId));
  });
}

void Generator::inspection(County& c, int64_t when, const Enterprise& e, const domain::Principal& who,
                           schema::InspectionKind kind, int hazardCount) {
  Rng& r = c.rng;
  const bool self = kind == schema::InspectionKind::SELF;
  const std::string inspectionId = c.id + "-i" + std::to_string(++c.inspections);
  std::vector<std::string> hazards;
  for (int k = 0; k < hazardCount; ++k) hazards.push_back(c.id + "-h" + std::to_string(++c.hazards));
  const std::string enterprise = e.id, campaign = c.campaign;
  const uint32_t spotChecks = self ? 0 : static_cast<uint32_t>(r.between(1, 6));
  const int category = static_cast<int>(r.next() % 8);
  schedule(c, when, [=, this, &c] {
    Command cmd;
    auto i = cmd.body().initRecordInspection();
    i.setInspectionId(inspectionId);
    i.setEnterprise(enterprise);
    i.setKind(kind);
    i.initInspectors(1).set(0, who.user);
    i.setCampaignId(campaign);
    i.initCategories(1).set(0, kCategories[category]);
    auto list = i.initHazards(static_cast<unsigned>(hazards.size()));
    for (unsigned k = 0; k < hazards.size(); ++k) list.set(k, hazards[k]);
    i.setSpotChecks(spotChecks);
    exec(who, cmd, cid(c));
  });
  schema::HazardSource source = schema::HazardSource::SELF_INSPECTION;
  switch (kind) {
    case schema::InspectionKind::ENFORCEMENT:
      source = schema::HazardSource::ENFORCEMENT;
      break;
    case schema::InspectionKind::EXPERT:
      source = schema::HazardSource::EXPERT;
      break;
    case schema::InspectionKind::CROSS:
      source = schema::HazardSource::CROSS_INSPECTION;
      break;
    case schema::InspectionKind::UNANNOUNCED:
      source = schema::HazardSource::UNANNOUNCED;
      break;
    case schema::InspectionKind::SUPERVISION:
      source = schema::HazardSource::SUPERVISION;
      break;
    default:
      break;
  }
  for (size_t k = 0; k < hazards.size(); ++k) {
    bool major = r.chance(self ? 0.02 : 0.06);
    hazardLife(c, when + static_cast<int64_t>(k + 1) * 5 * kMinute, e, who, self, source, inspectionId, hazards[k],
               major);
  }
}

// The day's own work of a county: inspections (self and government) and facts. Follow-ups were scheduled when
// their subject was made.
void Generator::daily(County& c, int64_t day) {
  int wd = domain::LocalDate::fromDays(day).weekday();
  if (wd >= 6) return;
  Rng& r = c.rng;
  const double rate = o_.hazardsPerEnterpriseMonth;
  constexpr double kWorkdays = 21.7;
  // Self-inspections recorded: about one per enterprise every three months, finding 40% of the hazards.
  constexpr double kSelfPerMonth = 0.35, kGovPerMonth = 0.3;
  for (const auto& e : c.enterprises) {
    if (!r.chance(kSelfPerMonth / kWorkdays)) continue;
    inspection(c, at(day, r.between(8 * 60 + 30, 11 * 60)), e, e.officer, schema::InspectionKind::SELF,
               r.poisson(0.4 * rate / kSelfPerMonth));
  }
  // Government inspections: about 0.3 per enterprise and month, finding the other 60%.
  const double govPerDay = kGovPerMonth * static_cast<double>(c.enterprises.size()) / kWorkdays;
  int gov = r.poisson(govPerDay);
  for (int k = 0; k < gov; ++k) {
    const Enterprise& e = r.pick(c.enterprises);
    double u = r.unit();
    schema::InspectionKind kind;
    domain::Principal who;
    if (u < 0.55) {
      who = r.pick(c.townInspectors[e.town]);
      kind = r.chance(0.7) ? schema::InspectionKind::ENFORCEMENT : schema::InspectionKind::UNANNOUNCED;
    } else {
      who = r.pick(c.countyInspectors);
      double w = r.unit();
      kind = w < 0.3    ? schema::InspectionKind::ENFORCEMENT
             : w < 0.6  ? schema::InspectionKind::EXPERT
             : w < 0.85 ? schema::InspectionKind::CROSS
                        : schema::InspectionKind::SUPERVISION;
    }
    inspection(c, at(day, r.between(11 * 60, 15 * 60)), e, who, kind, r.poisson(0.6 * rate / kGovPerMonth));
  }
  // Facts: each town records about one and a half a month (trainings, drills, meetings).
  for (size_t t = 0; t < c.towns.size(); ++t) {
    if (!r.chance(1.5 / kWorkdays)) continue;
    const schema::FactKind kinds[] = {schema::FactKind::TRAINING, schema::FactKind::DRILL, schema::FactKind::MEETING,
                                      schema::FactKind::CASE};
    const schema::FactKind kind = kinds[r.next() % 4];
    const std::string unit = c.towns[t];
    const domain::Principal who = c.townHeads[t];
    const std::string title = std::string(kTownNames[t % 8]) + date(day) + "安全生产工作记录";
    const std::string factId = std::to_string(++c.facts);
    schedule(c, at(day, r.between(15 * 60, 17 * 60 + 30)), [=, this, &c] {
      Command cmd;
      auto f = cmd.body().initRecordFact();
      f.setUnit(unit);
      f.setCampaignId(c.campaign);
      f.setKind(kind);
      f.setTitle(title);
      evidence(f.initEvidence(1), "evidence://" + unit + "/fact-" + factId + ".pdf");
      exec(who, cmd, cid(c), kNone, domain::campaignStream(c.campaign));
    });
  }
}

void Generator::run() {
  auto start = domain::LocalDate::parse(o_.start);
  startDay_ = start->days();
  domain::LocalDate end = *start;
  end.month += o_.months;
  end.year += (end.month - 1) / 12;
  end.month = (end.month - 1) % 12 + 1;
  end.day = 1;
  endDay_ = end.days() - 1;  // the last day of the history
  today_ = startDay_;
  setupGlobal(startDay_);
  counties_.resize(static_cast<size_t>(o_.counties));
  for (int i = 0; i < o_.counties; ++i) {
    County& c = counties_[i];
    c.index = i;
    c.id = "c" + pad(i, 4);
    c.campaign = c.id + "-aqzz";
    c.seed = splitmix(o_.seed * 0x100000001b3ULL + static_cast<uint64_t>(i) + 1);
    c.rng = Rng(c.seed);
    byCampaign_[c.campaign] = i;
    setupCounty(c, startDay_);
  }
  for (int64_t day = startDay_; day <= endDay_; ++day) {
    today_ = day;
    const int64_t dayStart = at(day, 0);
    if (clock_.now() < dayStart) clock_.set(dayStart);
    runScheduler(dayStart);  // yesterday's deadlines and steps, today's occurrences
    if (day > startDay_) {
      for (auto& c : counties_) daily(c, day);
    }
    const int64_t dayEnd = at(day + 1, 0) - kMinute;
    while (!queue_.empty() && queue_.top().at < dayEnd) {
      Action action = queue_.top();
      queue_.pop();
      clock_.set(std::max(clock_.now(), action.at));
      action.run();
      progress(false);
    }
  }
  // The last day's deadlines are judged at the end of the history.
  drain();
  const int64_t last = at(endDay_ + 1, 0);
  clock_.set(last);
  runScheduler(last);
  progress(true);
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  spdlog::set_level(spdlog::level::warn);  // the scheduler logs every run at info
  try {
    if (!o.scan.empty()) return bench::scanLimit(o.scan);
    namespace fs = std::filesystem;
    if (fs::exists(o.data) && (!fs::is_directory(o.data) || !fs::is_empty(o.data))) {
      std::cerr << "history_gen: " << o.data << " is not empty; give a new or empty directory\n";
      return 1;
    }
    fs::create_directories(o.data);
    store::LogOptions options;
    options.path = o.data + "/events";  // where qinglingd --data DIR keeps its store
    options.sync = false;               // a benchmark fixture: durability is not what is measured here
    options.maxBatchAppends = 1 << 16;
    auto opened = store::EventLog::open(options);
    if (!opened.ok()) {
      std::cerr << "history_gen: cannot open the store: " << opened.error().message << "\n";
      return 1;
    }
    auto& log = **opened;
    auto began = SteadyClock::now();
    auto owned = std::make_unique<Generator>(o, log);
    Generator& generator = *owned;
    generator.run();
    double seconds = std::chrono::duration<double>(SteadyClock::now() - began).count();
    uint64_t events = log.head().position;
    std::printf("label=gen events=%llu seconds=%.3f events_per_s=%.0f counties=%d months=%d\n",
                static_cast<unsigned long long>(events), seconds, seconds > 0 ? events / seconds : 0.0, o.counties,
                o.months);
    // The ids the benchmarks query: county 0, its campaign, a month in the middle of the history, an instant two
    // thirds into it (microseconds since the epoch, as the store keeps instants), the instant the history ends
    // (qinglingd --clock sim --sim-start, so a server on it owes no job) and the provincial auditor's token.
    const County& c0 = generator.county(0);
    int64_t mid = generator.startDay() + (generator.endDay() - generator.startDay()) / 2;
    int64_t asOfDay = generator.startDay() + (generator.endDay() - generator.startDay()) * 2 / 3;
    int64_t asOf = domain::startOfLocalDay(domain::LocalDate::fromDays(asOfDay), kTz) + 12 * kHour;
    std::string ids = "root=prov county=" + c0.id + " campaign=" + c0.campaign +
                      " month=" + domain::LocalDate::fromDays(mid).str().substr(0, 7) +
                      " as_of=" + std::to_string(asOf) + " end=" + server::formatInstant(generator.now()) +
                      " token=" + generator.auditorToken();
    std::printf("%s\n", ids.c_str());
    std::fflush(stdout);
    fs::path dataPath = fs::absolute(o.data).lexically_normal();
    if (dataPath.filename().empty()) dataPath = dataPath.parent_path();
    std::ofstream(dataPath.parent_path() / (dataPath.filename().string() + ".ids")) << ids << "\n";
    if (generator.rejected() > 0) {
      std::fprintf(stderr, "history_gen: %llu commands were refused (see above)\n",
                   static_cast<unsigned long long>(generator.rejected()));
    }
    if (!o.tsv.empty()) {
      auto t0 = SteadyClock::now();
      uint64_t rows = bench::exportTsv(log, o.tsv);
      std::fprintf(stderr, "history_gen: %llu rows written to %s in %.1f s\n", static_cast<unsigned long long>(rows),
                   o.tsv.c_str(), std::chrono::duration<double>(SteadyClock::now() - t0).count());
    }
    // Leave a settled store: the memtables flushed and every column family compacted, so the first open by a
    // benchmark neither replays a large WAL nor reads through a pile of level-0 files.
    owned.reset();
    opened->reset();
    auto t0 = SteadyClock::now();
    auto db = store::LogDb::open(options.path);
    if (!db.ok()) throw std::runtime_error("reopening the store to compact it failed: " + db.error().message);
    rocksdb::CompactRangeOptions compact;
    compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    for (auto* family : {(*db)->events(), (*db)->streams(), (*db)->byType(), (*db)->byUnit(), (*db)->commands()}) {
      auto status = (*db)->db().CompactRange(compact, family, nullptr, nullptr);
      if (!status.ok()) throw std::runtime_error("compacting the store failed: " + status.ToString());
    }
    std::fprintf(stderr, "history_gen: store flushed and compacted in %.1f s\n",
                 std::chrono::duration<double>(SteadyClock::now() - t0).count());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "history_gen: " << e.what() << "\n";
    return 1;
  } catch (const kj::Exception& e) {
    std::cerr << "history_gen: " << e.getDescription().cStr() << "\n";
    return 1;
  }
}
