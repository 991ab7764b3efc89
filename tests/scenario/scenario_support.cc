#include "tests/scenario/scenario_support.h"

#include <algorithm>
#include <stdexcept>

#include <gtest/gtest.h>

#include "server/clock.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

constexpr int64_t kHour = 3600LL * 1'000'000;
constexpr int64_t kDay = 24 * kHour;

std::string actionName(schema::EscalationAction action) {
  static const char* const kNames[] = {"remind", "warn", "notify", "summon", "list", "suspend"};
  auto index = static_cast<size_t>(action);
  return index < 6 ? kNames[index] : std::to_string(index);
}

template <class Rows>
auto findRow(Rows rows, const std::string& key, auto keyOf) -> std::optional<decltype(rows[0])> {
  for (auto row : rows) {
    if (keyOf(row) == key) return row;
  }
  return std::nullopt;
}

}  // namespace

std::string drillsDir() { return QINGLING_DRILLS_DIR; }

int64_t at(const std::string& text) {
  int64_t out = 0;
  if (!parseInstant(text, out)) throw std::invalid_argument("not an instant: " + text);
  return out;
}

DrillScenario::DrillScenario(const std::string& drillFile, std::vector<std::string> serverArgs) {
  std::string path = drillsDir() + "/" + drillFile;
  std::string start = DrillRunner::firstInstant(path);
  if (start.empty()) throw std::runtime_error(path + " has no \"at\" to start the sim clock at");
  serverArgs.insert(serverArgs.begin(), {"--clock", "sim", "--sim-start", start});
  server_ = std::make_unique<ServerProcess>(serverArgs);
  admin_ = std::make_unique<Client>("127.0.0.1", server_->port(), server_->adminToken());
  uint16_t port = server_->port();
  runner_ = std::make_unique<DrillRunner>(
      *admin_, [port](const std::string& token) { return std::make_unique<Client>("127.0.0.1", port, token); });
  result_ = runner_->runFile(path);
}

Reply DrillScenario::query(const std::string& user, int64_t asOf,
                           const std::function<void(schema::Query::Body::Builder)>& fill,
                           schema::Projection::Which expected) {
  Reply reply = runner_->as(user).call([&](Body body) {
    auto q = body.initQuery();
    q.setAsOf(asOf);
    fill(q.getBody());
  });
  if (!reply->getBody().isProjection() || reply->getBody().getProjection().which() != expected) {
    throw std::runtime_error("query answered " + describe(reply));
  }
  return reply;
}

Reply DrillScenario::progress(const std::string& user, const std::string& campaign, int64_t asOf) {
  return query(
      user, asOf, [&](auto q) { q.setCampaignProgress(campaign); }, schema::Projection::CAMPAIGN_PROGRESS);
}

Reply DrillScenario::board(const std::string& user, const std::string& campaign, int64_t asOf) {
  return query(
      user, asOf, [&](auto q) { q.initEscalationBoard().setCampaignId(campaign); },
      schema::Projection::ESCALATION_BOARD);
}

Reply DrillScenario::tasks(const std::string& user, const std::string& unit, int64_t asOf) {
  return query(
      user, asOf, [&](auto q) { q.setTaskList(unit); }, schema::Projection::TASK_LIST);
}

Reply DrillScenario::ledger(const std::string& user, int64_t asOf,
                            const std::function<void(schema::HazardLedgerQuery::Builder)>& fill) {
  return query(
      user, asOf,
      [&](auto q) {
        auto ledger = q.initHazardLedger();
        if (fill) fill(ledger);
      },
      schema::Projection::HAZARD_LEDGER);
}

Reply DrillScenario::dispatchTable(const std::string& user, const std::string& unit, const std::string& month,
                                   const std::string& campaign, int64_t asOf) {
  return query(
      user, asOf,
      [&](auto q) {
        auto table = q.initDispatchTable();
        table.setUnit(unit);
        table.setMonth(month);
        table.setCampaignId(campaign);
      },
      schema::Projection::DISPATCH_TABLE);
}

std::ostream& operator<<(std::ostream& out, const Counts& c) {
  return out << "{dispatched " << c.dispatched << ", acknowledged " << c.acknowledged << ", completed " << c.completed
             << ", accepted " << c.accepted << ", overdue " << c.overdue << "}";
}

Counts countsOf(schema::ProgressCounts::Reader c) {
  return Counts{c.getDispatched(), c.getAcknowledged(), c.getCompleted(), c.getAccepted(), c.getOverdue()};
}

Counts phaseCounts(schema::CampaignProgress::Reader p, const std::string& key) {
  auto row = findRow(p.getPhases(), key, [](auto r) { return std::string(r.getKey().cStr()); });
  EXPECT_TRUE(row.has_value()) << "no phase " << key;
  return row ? countsOf(row->getCounts()) : Counts{};
}

std::string phaseStatus(schema::CampaignProgress::Reader p, const std::string& key) {
  auto row = findRow(p.getPhases(), key, [](auto r) { return std::string(r.getKey().cStr()); });
  EXPECT_TRUE(row.has_value()) << "no phase " << key;
  return row ? std::string(row->getStatus().cStr()) : "";
}

Counts taskCounts(schema::CampaignProgress::Reader p, const std::string& key) {
  auto row = findRow(p.getTasks(), key, [](auto r) { return std::string(r.getKey().cStr()); });
  EXPECT_TRUE(row.has_value()) << "no task " << key;
  return row ? countsOf(row->getCounts()) : Counts{};
}

Counts unitCounts(schema::CampaignProgress::Reader p, const std::string& unit) {
  auto row = findRow(p.getUnits(), unit, [](auto r) { return std::string(r.getUnit().cStr()); });
  EXPECT_TRUE(row.has_value()) << "no unit " << unit;
  return row ? countsOf(row->getCounts()) : Counts{};
}

std::ostream& operator<<(std::ostream& out, const Escalation& e) {
  return out << e.id << " " << actionName(e.action) << " -> " << e.addressee << " due " << formatInstant(e.dueAt);
}

std::vector<Escalation> ladder(const std::string& dispatchId, const std::string& dueDate, int steps,
                               const Addressees& to, int64_t dispatchedAt) {
  using A = schema::EscalationAction;
  const int64_t deadline = at(dueDate + "T00:00+08:00") + kDay;  // the end of the local day
  const int64_t offsets[] = {-kDay, 3 * kDay, 7 * kDay, 15 * kDay};
  const A actions[] = {A::REMIND, A::WARN, A::NOTIFY, A::SUMMON};
  const std::string addressees[] = {to.assignee, to.head, to.issuer, to.coveringLeader};
  std::vector<Escalation> out;
  for (int i = 0; i < steps && i < 4; ++i) {
    out.push_back(Escalation{dispatchId + "#" + std::to_string(i), actions[i], addressees[i],
                             std::max(deadline + offsets[i], dispatchedAt)});
  }
  return out;
}

std::vector<Escalation> boardRows(schema::EscalationBoard::Reader board) {
  std::vector<Escalation> out;
  for (auto row : board.getRows()) {
    out.push_back(Escalation{row.getEscalationId(), row.getAction(), row.getAddressee(), row.getDueAt()});
  }
  return sortedById(std::move(out));
}

std::vector<uint32_t> boardLevels(schema::EscalationBoard::Reader board) {
  std::vector<uint32_t> out;
  for (auto level : board.getLevels()) out.push_back(level.getOpen());
  return out;
}

std::vector<Escalation> sortedById(std::vector<Escalation> rows) {
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return rows;
}

schema::TaskListRow::Reader taskRow(schema::TaskList::Reader list, const std::string& dispatchId) {
  auto row = findRow(list.getRows(), dispatchId, [](auto r) { return std::string(r.getDispatchId().cStr()); });
  EXPECT_TRUE(row.has_value()) << "no task list row " << dispatchId;
  if (row) return *row;
  if (list.getRows().size() == 0) throw std::runtime_error("empty task list");
  return list.getRows()[0];
}

}  // namespace qingling::server::testing
