// What the scenario tests share: a real qinglingd in sim mode started at a drill's first instant with the drill
// run through DrillRunner, the projection queries they check over the wire, and compact expected values (counts,
// escalations) with readable failure output.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "schemas/projections.capnp.h"
#include "server/drill_runner.h"
#include "tests/server/server_process.h"

namespace qingling::server::testing {

// The folder holding the drills (ops/drills), from the build.
std::string drillsDir();
// An instant such as "2023-05-20T09:00+08:00" in microseconds; throws std::invalid_argument if malformed.
int64_t at(const std::string& text);

// A sim server started at the drill's first instant, with the drill run on it.
class DrillScenario {
 public:
  // `serverArgs` go to qinglingd after the sim-clock flags (e.g. {"--log-level", "debug"}).
  explicit DrillScenario(const std::string& drillFile, std::vector<std::string> serverArgs = {});
  DrillScenario(const DrillScenario&) = delete;
  DrillScenario& operator=(const DrillScenario&) = delete;

  const DrillResult& result() const { return result_; }
  ServerProcess& server() { return *server_; }
  Client& admin() { return *admin_; }
  DrillRunner& runner() { return *runner_; }

  // Projections asked as `user` (a drill user), as of `asOf` (0 = now); each throws std::runtime_error, with
  // the server's answer, unless the answer is the projection asked for.
  Reply progress(const std::string& user, const std::string& campaign, int64_t asOf = 0);
  Reply board(const std::string& user, const std::string& campaign, int64_t asOf = 0);
  Reply tasks(const std::string& user, const std::string& unit, int64_t asOf = 0);
  // The hazard ledger as the query `fill` describes (every hazard in the asker's reach when left empty).
  Reply ledger(const std::string& user, int64_t asOf = 0,
               const std::function<void(schema::HazardLedgerQuery::Builder)>& fill = {});
  // The monthly dispatch table of `month` (YYYY-MM) for `unit`'s subtree ("" = the asker's unit).
  Reply dispatchTable(const std::string& user, const std::string& unit, const std::string& month,
                      const std::string& campaign, int64_t asOf = 0);
  // Any projection: `fill` sets the query body; throws unless the answer is `expected`.
  Reply query(const std::string& user, int64_t asOf, const std::function<void(schema::Query::Body::Builder)>& fill,
              schema::Projection::Which expected);

 private:
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<Client> admin_;
  std::unique_ptr<DrillRunner> runner_;
  DrillResult result_;
};

// dispatched / acknowledged / completed / accepted / overdue.
struct Counts {
  uint32_t dispatched = 0, acknowledged = 0, completed = 0, accepted = 0, overdue = 0;
  bool operator==(const Counts&) const = default;
};
std::ostream& operator<<(std::ostream& out, const Counts& c);
Counts countsOf(schema::ProgressCounts::Reader c);

// Counts of one phase, task or unit of a campaign progress answer; fails the test (and returns zeros) if absent.
Counts phaseCounts(schema::CampaignProgress::Reader p, const std::string& key);
std::string phaseStatus(schema::CampaignProgress::Reader p, const std::string& key);
Counts taskCounts(schema::CampaignProgress::Reader p, const std::string& key);
Counts unitCounts(schema::CampaignProgress::Reader p, const std::string& unit);

struct Escalation {
  std::string id;
  schema::EscalationAction action = schema::EscalationAction::REMIND;
  std::string addressee;
  int64_t dueAt = 0;
  bool operator==(const Escalation&) const = default;
};
std::ostream& operator<<(std::ostream& out, const Escalation& e);

// Who the four steps of the default ladder address for one assignee.
struct Addressees {
  std::string assignee, head, issuer, coveringLeader;
};

// The first `steps` escalations of the server's default ladder (-P1D remind assignee, P3D warn head, P7D notify
// issuer, P15D summon covering leader) for `dispatchId`, due by the end of local day `dueDate` (+08:00): step i
// falls due at midnight after dueDate plus its offset, or at `dispatchedAt` if the dispatch came later than that.
std::vector<Escalation> ladder(const std::string& dispatchId, const std::string& dueDate, int steps,
                               const Addressees& to, int64_t dispatchedAt = 0);

// The board's rows, sorted by escalation id (the board itself orders them by dueAt).
std::vector<Escalation> boardRows(schema::EscalationBoard::Reader board);
// Open escalations per action, in ladder order: remind, warn, notify, summon, list, suspend.
std::vector<uint32_t> boardLevels(schema::EscalationBoard::Reader board);
// Sorts by id, for comparing with boardRows.
std::vector<Escalation> sortedById(std::vector<Escalation> rows);

// The task list row of `dispatchId`; fails the test if absent (and returns the first row, or throws if none).
schema::TaskListRow::Reader taskRow(schema::TaskList::Reader list, const std::string& dispatchId);

}  // namespace qingling::server::testing
