#include "domain/projections/campaign_progress.h"

#include <set>

namespace qingling::domain::projections {
namespace {

using Status = schema::DispatchStatus;

struct Tally {
  uint32_t dispatched = 0;
  uint32_t acknowledged = 0;
  uint32_t completed = 0;
  uint32_t accepted = 0;
  uint32_t overdue = 0;

  void add(const DispatchEntry& d, int64_t asOf) {
    ++dispatched;
    // Progress or completion without a recorded acknowledgement still means the assignee has the work.
    if (d.status != Status::DISPATCHED) ++acknowledged;
    if (d.done()) ++completed;
    if (d.status == Status::ACCEPTED) ++accepted;
    if (d.overdue(asOf)) ++overdue;
  }

  void write(schema::ProgressCounts::Builder out) const {
    auto rate = [this](uint32_t n) { return dispatched == 0 ? 0.0 : static_cast<double>(n) / dispatched; };
    out.setDispatched(dispatched);
    out.setAcknowledged(acknowledged);
    out.setCompleted(completed);
    out.setAccepted(accepted);
    out.setOverdue(overdue);
    out.setAcknowledgedRate(rate(acknowledged));
    out.setCompletedRate(rate(completed));
    out.setAcceptedRate(rate(accepted));
  }
};

}  // namespace

void CampaignProgress::apply(schema::EventEnvelope::Reader event) {
  using W = schema::Event::Which;
  book_.apply(event);
  auto payload = event.getPayload();
  const int64_t at = event.getRecordedAt();
  const char* id = campaign_.c_str();
  switch (payload.which()) {
    case W::CAMPAIGN_DRAFTED:
      if (payload.getCampaignDrafted().getCampaign().getId() == id) status_ = "drafted";
      break;
    case W::CAMPAIGN_ISSUED:
      if (payload.getCampaignIssued().getCampaignId() == id) status_ = "issued";
      break;
    case W::CAMPAIGN_CLOSED:
      if (payload.getCampaignClosed().getCampaignId() == id) status_ = "closed";
      break;
    case W::PHASE_STARTED: {
      auto p = payload.getPhaseStarted();
      if (p.getCampaignId() == id) {
        PhaseState& s = phases_[p.getPhaseKey()];
        if (s.startedAt == 0) s.startedAt = at;
      }
      break;
    }
    case W::PHASE_CLOSED: {
      auto p = payload.getPhaseClosed();
      if (p.getCampaignId() == id) phases_[p.getPhaseKey()].closedAt = at;
      break;
    }
    default:
      break;
  }
}

void CampaignProgress::write(schema::CampaignProgress::Builder out, int64_t asOf) const {
  const CampaignDefinition* def = book_.campaign(campaign_);
  std::vector<PhaseDefinition> phaseDefs = def ? def->phases : std::vector<PhaseDefinition>{};
  std::vector<TaskDefinition> taskDefs = def ? def->tasks : std::vector<TaskDefinition>{};
  std::set<std::string> knownPhases, knownTasks;
  for (const auto& p : phaseDefs) knownPhases.insert(p.key);
  for (const auto& [key, s] : phases_) {
    if (knownPhases.insert(key).second) phaseDefs.push_back(PhaseDefinition{key, {}});
  }
  for (const auto& t : taskDefs) knownTasks.insert(t.key);

  Tally total;
  std::map<std::string, Tally> byPhase, byTask, byUnit;
  for (const auto& [dispatchId, d] : book_.dispatches()) {
    if (!d.parent.empty()) continue;
    if (knownTasks.insert(d.taskKey).second) taskDefs.push_back(TaskDefinition{d.taskKey, d.title, {}});
    total.add(d, asOf);
    byTask[d.taskKey].add(d, asOf);
    byUnit[d.assignee].add(d, asOf);
    const TaskDefinition* task = def ? def->task(d.taskKey) : nullptr;
    if (task != nullptr && !task->phase.empty()) byPhase[task->phase].add(d, asOf);
  }

  out.setCampaignId(campaign_);
  out.setAsOf(asOf);
  out.setStatus(status_);
  total.write(out.initTotal());

  auto phases = out.initPhases(static_cast<unsigned>(phaseDefs.size()));
  for (unsigned i = 0; i < phaseDefs.size(); ++i) {
    const PhaseDefinition& p = phaseDefs[i];
    auto row = phases[i];
    row.setKey(p.key);
    row.setName(p.name);
    auto state = phases_.find(p.key);
    PhaseState s = state == phases_.end() ? PhaseState{} : state->second;
    row.setStatus(s.closedAt != 0 ? "closed" : s.startedAt != 0 ? "active" : "pending");
    row.setStartedAt(s.startedAt);
    row.setClosedAt(s.closedAt);
    auto counts = byPhase.find(p.key);
    (counts == byPhase.end() ? Tally{} : counts->second).write(row.initCounts());
  }

  auto tasks = out.initTasks(static_cast<unsigned>(taskDefs.size()));
  for (unsigned i = 0; i < taskDefs.size(); ++i) {
    const TaskDefinition& t = taskDefs[i];
    tasks[i].setKey(t.key);
    tasks[i].setTitle(t.title);
    tasks[i].setPhase(t.phase);
    auto counts = byTask.find(t.key);
    (counts == byTask.end() ? Tally{} : counts->second).write(tasks[i].initCounts());
  }

  auto units = out.initUnits(static_cast<unsigned>(byUnit.size()));
  unsigned i = 0;
  for (const auto& [unit, tally] : byUnit) {
    units[i].setUnit(unit);
    tally.write(units[i].initCounts());
    ++i;
  }
}

std::vector<uint16_t> CampaignProgress::eventTypes() {
  using W = schema::Event::Which;
  std::vector<uint16_t> types = DispatchBook::eventTypes();
  for (W w : {W::CAMPAIGN_ISSUED, W::PHASE_STARTED, W::PHASE_CLOSED, W::CAMPAIGN_CLOSED}) {
    types.push_back(static_cast<uint16_t>(w));
  }
  return types;
}

}  // namespace qingling::domain::projections
