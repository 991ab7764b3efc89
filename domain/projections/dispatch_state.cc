#include "domain/projections/dispatch_state.h"

#include <algorithm>

namespace qingling::domain::projections {
namespace {

using Status = schema::DispatchStatus;

TaskDefinition taskOf(schema::Task::Reader t) { return TaskDefinition{t.getKey(), t.getTitle(), t.getPhase()}; }

void addChild(DispatchEntry& parent, const std::string& child) {
  if (std::find(parent.children.begin(), parent.children.end(), child) == parent.children.end()) {
    parent.children.push_back(child);
  }
}

}  // namespace

const TaskDefinition* CampaignDefinition::task(const std::string& key) const {
  for (const auto& t : tasks) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

const CampaignDefinition* DispatchBook::campaign(const std::string& id) const {
  auto it = campaigns_.find(id);
  return it == campaigns_.end() ? nullptr : &it->second;
}

const TaskDefinition* DispatchBook::task(const std::string& campaignId, const std::string& key) const {
  const CampaignDefinition* c = campaign(campaignId);
  return c == nullptr ? nullptr : c->task(key);
}

DispatchEntry* DispatchBook::find(capnp::Text::Reader id) {
  auto it = dispatches_.find(std::string(id.cStr(), id.size()));
  return it == dispatches_.end() ? nullptr : &it->second;
}

void DispatchBook::dispatched(schema::TaskDispatched::Reader d) {
  DispatchEntry s;
  s.id = d.getDispatchId();
  s.campaign = d.getCampaignId();
  s.taskKey = d.getTaskKey();
  s.title = d.getTitle();
  s.assignee = d.getAssignee();
  s.occurrence = d.getOccurrence();
  s.periodStart = d.getPeriodStart();
  s.periodEnd = d.getPeriodEnd();
  s.dueAt = d.getDueAt();
  s.parent = d.getParentDispatch();
  // A child may be dispatched before or after its parent's dispatchDelegated: link it from both sides.
  if (!s.parent.empty()) {
    auto parent = dispatches_.find(s.parent);
    if (parent != dispatches_.end()) addChild(parent->second, s.id);
  }
  const std::string id = s.id;
  auto [it, inserted] = dispatches_.try_emplace(id, std::move(s));
  if (!inserted) {
    // taskDispatched opens a dispatch's stream, so ids do not repeat; were one to, the later statement wins and
    // the links already made stay.
    std::vector<std::string> children = std::move(it->second.children);
    it->second = std::move(s);
    it->second.children = std::move(children);
  }
}

void DispatchBook::delegated(schema::DispatchDelegated::Reader d) {
  DispatchEntry* parent = find(d.getDispatchId());
  if (parent == nullptr) return;
  for (auto child : d.getChildren()) addChild(*parent, child);
}

void DispatchBook::apply(schema::EventEnvelope::Reader event) {
  using W = schema::Event::Which;
  auto payload = event.getPayload();
  const int64_t at = event.getRecordedAt();
  switch (payload.which()) {
    case W::CAMPAIGN_DRAFTED: {
      auto c = payload.getCampaignDrafted().getCampaign();
      if (!inScope(c.getId())) break;
      CampaignDefinition def{c.getId(), c.getTitle(), {}, {}};
      for (auto p : c.getPhases()) def.phases.push_back(PhaseDefinition{p.getKey(), p.getName()});
      for (auto t : c.getTasks()) def.tasks.push_back(taskOf(t));
      campaigns_[def.id] = std::move(def);
      break;
    }
    case W::TASK_ADDED: {
      auto a = payload.getTaskAdded();
      if (!inScope(a.getCampaignId())) break;
      CampaignDefinition& def = campaigns_[a.getCampaignId()];
      def.id = a.getCampaignId();
      auto& tasks = def.tasks;
      TaskDefinition t = taskOf(a.getTask());
      auto same = std::find_if(tasks.begin(), tasks.end(), [&](const auto& x) { return x.key == t.key; });
      if (same == tasks.end()) {
        tasks.push_back(std::move(t));
      } else {
        *same = std::move(t);
      }
      break;
    }
    case W::TASK_DISPATCHED:
      if (inScope(payload.getTaskDispatched().getCampaignId())) dispatched(payload.getTaskDispatched());
      break;
    case W::DISPATCH_ACKNOWLEDGED:
      if (auto* s = find(payload.getDispatchAcknowledged().getDispatchId())) {
        if (s->status == Status::DISPATCHED) s->status = Status::ACKNOWLEDGED;
        if (s->acknowledgedAt == 0) s->acknowledgedAt = at;
      }
      break;
    case W::PROGRESS_REPORTED:
      // Progress moves work forward; a late report on completed work does not reopen it.
      if (auto* s = find(payload.getProgressReported().getDispatchId())) {
        if (s->status == Status::DISPATCHED || s->status == Status::ACKNOWLEDGED) s->status = Status::IN_PROGRESS;
      }
      break;
    case W::DISPATCH_COMPLETED:
      if (auto* s = find(payload.getDispatchCompleted().getDispatchId())) {
        if (s->status != Status::ACCEPTED) {
          s->status = Status::COMPLETED;
          s->completedAt = at;
        }
      }
      break;
    case W::DISPATCH_DELEGATED:
      delegated(payload.getDispatchDelegated());
      break;
    case W::DISPATCH_ACCEPTED:
      if (auto* s = find(payload.getDispatchAccepted().getDispatchId())) s->status = Status::ACCEPTED;
      break;
    case W::DISPATCH_RETURNED:
      // 退回: back to work; the returned completion no longer stands.
      if (auto* s = find(payload.getDispatchReturned().getDispatchId())) {
        s->status = Status::IN_PROGRESS;
        s->completedAt = 0;
        ++s->returns;
      }
      break;
    case W::EXTENSION_DECIDED: {
      // 延期: an approved extension replaces the deadline the dispatch is measured against.
      auto e = payload.getExtensionDecided();
      if (!e.getApproved() || !e.getSubject().isDispatch()) break;
      if (auto* s = find(e.getSubject().getDispatch())) s->dueAt = e.getDeadlineAt();
      break;
    }
    case W::ESCALATION_RAISED: {
      auto e = payload.getEscalationRaised();
      if (!e.getSubject().isDispatch()) break;
      if (auto* s = find(e.getSubject().getDispatch())) {
        if (!s->escalation || *s->escalation < e.getAction()) s->escalation = e.getAction();
      }
      break;
    }
    default:
      break;
  }
}

std::vector<uint16_t> DispatchBook::eventTypes() {
  using W = schema::Event::Which;
  return {static_cast<uint16_t>(W::CAMPAIGN_DRAFTED),   static_cast<uint16_t>(W::TASK_ADDED),
          static_cast<uint16_t>(W::TASK_DISPATCHED),    static_cast<uint16_t>(W::DISPATCH_ACKNOWLEDGED),
          static_cast<uint16_t>(W::PROGRESS_REPORTED),  static_cast<uint16_t>(W::DISPATCH_COMPLETED),
          static_cast<uint16_t>(W::DISPATCH_DELEGATED), static_cast<uint16_t>(W::DISPATCH_ACCEPTED),
          static_cast<uint16_t>(W::DISPATCH_RETURNED),  static_cast<uint16_t>(W::ESCALATION_RAISED),
          static_cast<uint16_t>(W::EXTENSION_DECIDED)};
}

}  // namespace qingling::domain::projections
