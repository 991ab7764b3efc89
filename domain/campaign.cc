// Campaign state and the leader's campaign commands (DOMAIN.md, Campaign; PLAN-FORMAT.md for import).
#include "domain/campaign.h"

#include <algorithm>
#include <set>

#include "domain/campaign_keys.h"
#include "domain/directory_commands.h"
#include "domain/local_date.h"
#include "domain/plan_import.h"

namespace qingling::domain {
namespace {

EventDraft campaignDraft(const CampaignState& state, const std::string& campaignId) {
  std::string issuer = state.status == CampaignStatus::none ? "" : std::string(state.campaign().getIssuer().cStr());
  return draft({issuer, campaignKey(campaignId)});
}

Emitted onCampaign(const CampaignState& state, const std::string& campaignId, EventDraft event) {
  return emit(campaignStream(campaignId), StreamExpectation::exactLoaded, std::move(event), state.version);
}

std::optional<Rejection> requireCampaign(const CampaignState& state, const std::string& campaignId) {
  if (state.status != CampaignStatus::none) return std::nullopt;
  return reject(RejectionCode::notFound, "campaign '" + campaignId + "' does not exist; import its plan first",
                "campaignId");
}

// Units new to the directory, parents before children, so each registration finds its parent.
std::vector<schema::PlanUnit::Reader> newUnitsInOrder(schema::PlanDocument::Reader plan, const Directory& dir) {
  std::vector<schema::PlanUnit::Reader> pending, ordered;
  for (auto unit : plan.getUnits()) {
    if (dir.unit(unit.getId()) == nullptr) pending.push_back(unit);
  }
  std::set<std::string> placed;
  while (!pending.empty()) {
    size_t before = pending.size();
    for (auto it = pending.begin(); it != pending.end();) {
      std::string parent = it->getParent();
      if (parent.empty() || dir.unit(parent) != nullptr || placed.count(parent)) {
        placed.insert(it->getId());
        ordered.push_back(*it);
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
    if (pending.size() == before) break;  // plan import already refused cycles; stop rather than loop
  }
  return ordered;
}

// The registered unit a new unit will hang under (walking the plan's parents), or "" for a new root.
std::string registeredAnchor(const std::string& unitId, schema::PlanDocument::Reader plan, const Directory& dir) {
  std::string current = unitId;
  for (size_t guard = 0; guard <= plan.getUnits().size() && !current.empty(); ++guard) {
    if (dir.unit(current) != nullptr) return current;
    std::string parent;
    for (auto unit : plan.getUnits()) {
      if (unit.getId() == current) parent = unit.getParent();
    }
    current = parent;
  }
  return "";
}

std::optional<Rejection> checkDueDates(schema::DueRule::Reader due, LocalDate start, LocalDate end) {
  std::vector<std::string> dates;
  if (due.isBy()) dates.push_back(due.getBy());
  if (due.isDates()) {
    for (auto d : due.getDates()) dates.push_back(d);
  }
  for (const auto& text : dates) {
    auto date = LocalDate::parse(text);
    if (!date) return reject(RejectionCode::invalid, "'" + text + "' is not a real date (YYYY-MM-DD)", "task.due");
    if (*date < start || *date > end) {
      return reject(RejectionCode::invalid, "due date " + text + " lies outside the campaign span", "task.due");
    }
  }
  if (due.isDates() && dates.empty()) return reject(RejectionCode::invalid, "`dates` is empty", "task.due");
  return std::nullopt;
}

}  // namespace

schema::Campaign::Reader CampaignState::campaign() const { return definition->getRoot<schema::Campaign>().asReader(); }

std::vector<schema::Task::Reader> CampaignState::tasks() const {
  std::vector<schema::Task::Reader> out;
  for (auto task : campaign().getTasks()) out.push_back(task);
  for (const auto& task : added) out.push_back(task->getRoot<schema::Task>().asReader());
  return out;
}

int32_t CampaignState::timezoneOffset() const {
  return timezoneOffsetSeconds(campaign().getTimezone().cStr()).value_or(8 * 3600);
}

std::string campaignStream(const std::string& campaignId) { return "campaign-" + campaignId; }

void evolve(CampaignState& state, schema::EventEnvelope::Reader event) {
  state.version = event.getStreamVersion();
  auto payload = event.getPayload();
  switch (payload.which()) {
    case schema::Event::CAMPAIGN_DRAFTED: {
      state.definition = std::make_shared<capnp::MallocMessageBuilder>();
      state.definition->setRoot(payload.getCampaignDrafted().getCampaign());
      state.status = CampaignStatus::drafted;
      for (auto phase : state.campaign().getPhases()) state.phases[phase.getKey()] = PhaseState{};
      break;
    }
    case schema::Event::CAMPAIGN_ISSUED:
      state.status = CampaignStatus::issued;
      state.issuedAt = event.getRecordedAt();
      break;
    case schema::Event::PHASE_STARTED: {
      auto& phase = state.phases[payload.getPhaseStarted().getPhaseKey()];
      phase.status = PhaseStatus::active;
      phase.startedAt = event.getRecordedAt();
      break;
    }
    case schema::Event::PHASE_CLOSED: {
      auto& phase = state.phases[payload.getPhaseClosed().getPhaseKey()];
      phase.status = PhaseStatus::closed;
      phase.closedAt = event.getRecordedAt();
      break;
    }
    case schema::Event::CAMPAIGN_CLOSED:
      state.status = CampaignStatus::closed;
      break;
    case schema::Event::TASK_ADDED: {
      auto task = std::make_shared<capnp::MallocMessageBuilder>();
      task->setRoot(payload.getTaskAdded().getTask());
      state.added.push_back(std::move(task));
      break;
    }
    default:
      break;
  }
}

std::optional<Rejection> requireLeaderOver(const Directory& dir, const Principal& actor, const std::string& unit,
                                           const char* command) {
  if (!actor.has(schema::Role::LEADER)) {
    return reject(RejectionCode::forbidden, std::string(command) + " needs the leader role");
  }
  if (!dir.isWithin(unit, actor.unit)) {
    return reject(RejectionCode::forbidden, std::string(command) + ": unit '" + unit + "' is outside the reach of " +
                                                actor.user + " (unit '" + actor.unit + "')");
  }
  return std::nullopt;
}

Decision decideImportPlan(const CampaignState& existing, const Directory& dir, const Principal& actor,
                          schema::ImportPlan::Reader cmd, const std::string& planDigest) {
  if (!actor.has(schema::Role::LEADER))
    return reject(RejectionCode::forbidden, "importing a plan needs the leader role");
  KnownUnit known = [&dir](const std::string& id) -> std::optional<std::string> {
    const Unit* unit = dir.unit(id);
    if (unit == nullptr) return std::nullopt;
    return unit->parent;
  };
  auto parsed = parsePlan(cmd.getPlanJson().cStr(), known);
  if (auto* error = std::get_if<PlanError>(&parsed)) {
    return reject(RejectionCode::invalid,
                  "the plan is invalid at " + (error->path.empty() ? "$" : error->path) + ": " + error->message +
                      "; nothing was imported",
                  error->path);
  }
  auto plan = std::get<ParsedPlan>(parsed).document();
  std::string campaignId = plan.getCampaign().getId();
  if (existing.status != CampaignStatus::none) {
    return reject(RejectionCode::conflict, "campaign '" + campaignId + "' is already imported", "campaign.id");
  }
  auto units = plan.getUnits();
  for (unsigned i = 0; i < units.size(); ++i) {
    const Unit* registered = dir.unit(units[i].getId());
    std::string path = "units[" + std::to_string(i) + "]";
    if (registered != nullptr) {
      if (registered->kind != units[i].getKind() || registered->parent != units[i].getParent()) {
        return reject(RejectionCode::invalid,
                      "unit '" + registered->id + "' is registered with another kind or parent ('" +
                          registered->parent + "') than the plan gives; amend one of them first",
                      path);
      }
      continue;
    }
    std::string anchor = registeredAnchor(units[i].getId(), plan, dir);
    if (anchor.empty()) {
      return reject(RejectionCode::forbidden,
                    "unit '" + std::string(units[i].getId().cStr()) +
                        "' would be a new top-level unit: an admin registers top-level units, then the plan can use it",
                    path);
    }
    if (!dir.isWithin(anchor, actor.unit)) {
      return reject(RejectionCode::forbidden,
                    "unit '" + std::string(units[i].getId().cStr()) + "' would sit under '" + anchor +
                        "', outside the reach of " + actor.user,
                    path);
    }
  }
  std::string issuer = plan.getCampaign().getIssuer();
  std::string issuerAnchor = dir.unit(issuer) != nullptr ? issuer : registeredAnchor(issuer, plan, dir);
  if (!dir.isWithin(issuerAnchor, actor.unit)) {
    return reject(RejectionCode::forbidden, "the issuing unit '" + issuer + "' is outside the reach of " + actor.user,
                  "campaign.issuer");
  }

  Emitted out;
  StreamEvents campaign{campaignStream(campaignId), StreamExpectation::noStream, 0, {}};
  campaign.events.push_back(draft({issuer, campaignKey(campaignId)}));
  auto drafted = campaign.events.back().envelope().initPayload().initCampaignDrafted();
  drafted.setCampaign(plan.getCampaign());
  drafted.setPlanSha256(planDigest);
  out.streams.push_back(std::move(campaign));
  for (auto unit : newUnitsInOrder(plan, dir)) {
    StreamEvents stream{unitStream(unit.getId()), StreamExpectation::noStream, 0, {}};
    stream.events.push_back(draft({unit.getId(), unit.getParent(), campaignKey(campaignId)}));
    stream.events.back().envelope().initPayload().initUnitRegistered().setUnit(unit);
    out.streams.push_back(std::move(stream));
  }
  return out;
}

Decision decideIssueCampaign(const CampaignState& state, const Directory& dir, const Principal& actor,
                             schema::CampaignRef::Reader cmd) {
  std::string id = cmd.getCampaignId();
  if (auto r = requireCampaign(state, id)) return *r;
  if (auto r = requireLeaderOver(dir, actor, state.campaign().getIssuer(), "issueCampaign")) return *r;
  if (state.status != CampaignStatus::drafted) {
    return reject(RejectionCode::conflict, "campaign '" + id + "' is already issued", "campaignId");
  }
  EventDraft event = campaignDraft(state, id);
  event.envelope().initPayload().initCampaignIssued().setCampaignId(id);
  return onCampaign(state, id, std::move(event));
}

Decision decideStartPhase(const CampaignState& state, const Directory& dir, const Principal& actor,
                          schema::PhaseRef::Reader cmd) {
  std::string id = cmd.getCampaignId(), key = cmd.getPhaseKey();
  if (auto r = requireCampaign(state, id)) return *r;
  if (auto r = requireLeaderOver(dir, actor, state.campaign().getIssuer(), "startPhase")) return *r;
  if (state.status != CampaignStatus::issued) {
    return reject(RejectionCode::conflict,
                  "campaign '" + id + "' is " + (state.status == CampaignStatus::drafted ? "not issued yet" : "closed"),
                  "campaignId");
  }
  auto it = state.phases.find(key);
  if (it == state.phases.end())
    return reject(RejectionCode::notFound, "campaign '" + id + "' has no phase '" + key + "'", "phaseKey");
  if (it->second.status != PhaseStatus::pending) {
    return reject(RejectionCode::conflict,
                  "phase '" + key + "' is already " + (it->second.status == PhaseStatus::active ? "active" : "closed"),
                  "phaseKey");
  }
  EventDraft event = campaignDraft(state, id);
  auto started = event.envelope().initPayload().initPhaseStarted();
  started.setCampaignId(id);
  started.setPhaseKey(key);
  return onCampaign(state, id, std::move(event));
}

Decision decideClosePhase(const CampaignState& state, const Directory& dir, const Principal& actor,
                          schema::ClosePhase::Reader cmd) {
  std::string id = cmd.getCampaignId(), key = cmd.getPhaseKey();
  if (auto r = requireCampaign(state, id)) return *r;
  if (auto r = requireLeaderOver(dir, actor, state.campaign().getIssuer(), "closePhase")) return *r;
  auto it = state.phases.find(key);
  if (it == state.phases.end())
    return reject(RejectionCode::notFound, "campaign '" + id + "' has no phase '" + key + "'", "phaseKey");
  if (it->second.status != PhaseStatus::active) {
    return reject(RejectionCode::conflict, "phase '" + key + "' is not active", "phaseKey");
  }
  if (cmd.getSummary().size() == 0) return reject(RejectionCode::invalid, "closing a phase needs a summary", "summary");
  EventDraft event = campaignDraft(state, id);
  auto closed = event.envelope().initPayload().initPhaseClosed();
  closed.setCampaignId(id);
  closed.setPhaseKey(key);
  closed.setSummary(cmd.getSummary());
  return onCampaign(state, id, std::move(event));
}

Decision decideCloseCampaign(const CampaignState& state, const Directory& dir, const Principal& actor,
                             schema::CloseCampaign::Reader cmd) {
  std::string id = cmd.getCampaignId();
  if (auto r = requireCampaign(state, id)) return *r;
  if (auto r = requireLeaderOver(dir, actor, state.campaign().getIssuer(), "closeCampaign")) return *r;
  if (state.status != CampaignStatus::issued) {
    return reject(RejectionCode::conflict, "only an issued campaign can be closed", "campaignId");
  }
  for (const auto& [key, phase] : state.phases) {
    if (phase.status == PhaseStatus::active) {
      return reject(RejectionCode::conflict, "phase '" + key + "' is still active: close it first", "campaignId");
    }
  }
  if (cmd.getSummary().size() == 0)
    return reject(RejectionCode::invalid, "closing a campaign needs a summary (总结)", "summary");
  EventDraft event = campaignDraft(state, id);
  auto closed = event.envelope().initPayload().initCampaignClosed();
  closed.setCampaignId(id);
  closed.setSummary(cmd.getSummary());
  return onCampaign(state, id, std::move(event));
}

Decision decideAddTask(const CampaignState& state, const Directory& dir, const Principal& actor,
                       schema::AddTask::Reader cmd) {
  std::string id = cmd.getCampaignId();
  if (auto r = requireCampaign(state, id)) return *r;
  if (auto r = requireLeaderOver(dir, actor, state.campaign().getIssuer(), "addTask")) return *r;
  if (state.status == CampaignStatus::closed) return reject(RejectionCode::conflict, "campaign '" + id + "' is closed");
  auto task = cmd.getTask();
  std::string key = task.getKey();
  if (key.empty()) return reject(RejectionCode::invalid, "the task needs a key", "task.key");
  for (auto existing : state.tasks()) {
    if (existing.getKey() == key)
      return reject(RejectionCode::conflict, "task '" + key + "' already exists", "task.key");
  }
  if (task.getAssignees().size() == 0)
    return reject(RejectionCode::invalid, "the task needs assignees", "task.assignees");
  for (auto assignee : task.getAssignees()) {
    if (dir.unit(assignee) == nullptr) {
      return reject(RejectionCode::notFound, "assignee '" + std::string(assignee.cStr()) + "' is not registered",
                    "task.assignees");
    }
  }
  std::string phase = task.getPhase();
  if (!phase.empty() && !state.phases.count(phase)) {
    return reject(RejectionCode::notFound, "campaign '" + id + "' has no phase '" + phase + "'", "task.phase");
  }
  auto start = LocalDate::parse(state.campaign().getStart().cStr());
  auto end = LocalDate::parse(state.campaign().getEnd().cStr());
  if (auto r = checkDueDates(task.getDue(), *start, *end)) return *r;
  EventDraft event = campaignDraft(state, id);
  auto added = event.envelope().initPayload().initTaskAdded();
  added.setCampaignId(id);
  added.setTask(task);
  return onCampaign(state, id, std::move(event));
}

}  // namespace qingling::domain
