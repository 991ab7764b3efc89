#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections::fixture {

schema::Event::Builder TestLog::add(int64_t recordedAt, int64_t occurredAt) {
  auto& message = messages_.emplace_back(std::make_unique<capnp::MallocMessageBuilder>());
  auto envelope = message->initRoot<schema::EventEnvelope>();
  envelope.setPosition(messages_.size());
  envelope.setRecordedAt(recordedAt);
  envelope.setOccurredAt(occurredAt == 0 ? recordedAt : occurredAt);
  return envelope.initPayload();
}

void TestLog::campaignDrafted(int64_t at, const CampaignSpec& spec) {
  auto c = add(at).initCampaignDrafted().initCampaign();
  c.setId(spec.id);
  c.setTitle(spec.title);
  c.setStart(spec.start);
  c.setEnd(spec.end);
  c.setTimezone(spec.timezone);
  auto phases = c.initPhases(spec.phases.size());
  for (unsigned i = 0; i < spec.phases.size(); ++i) {
    phases[i].setKey(spec.phases[i].first);
    phases[i].setName(spec.phases[i].second);
  }
  auto tasks = c.initTasks(spec.tasks.size());
  for (unsigned i = 0; i < spec.tasks.size(); ++i) {
    tasks[i].setKey(spec.tasks[i].key);
    tasks[i].setTitle(spec.tasks[i].title);
    tasks[i].setPhase(spec.tasks[i].phase);
  }
  auto duties = c.initDuties(spec.duties.size());
  for (unsigned i = 0; i < spec.duties.size(); ++i) {
    const DutySpec& d = spec.duties[i];
    duties[i].setHolder(d.holder);
    duties[i].setPosition(d.position);
    auto items = duties[i].initItems(d.items.size());
    for (unsigned j = 0; j < d.items.size(); ++j) {
      items[j].setText(d.items[j].text);
      items[j].setActivity(d.items[j].activity);
      items[j].setEvery(d.items[j].every);
      items[j].setInterval(d.items[j].interval);
      items[j].setAtLeast(d.items[j].atLeast);
      items[j].setStanding(d.items[j].standing);
    }
  }
}

void TestLog::campaignIssued(int64_t at, const std::string& campaign) {
  add(at).initCampaignIssued().setCampaignId(campaign);
}

void TestLog::campaignClosed(int64_t at, const std::string& campaign) {
  add(at).initCampaignClosed().setCampaignId(campaign);
}

void TestLog::phaseStarted(int64_t at, const std::string& campaign, const std::string& phase) {
  auto p = add(at).initPhaseStarted();
  p.setCampaignId(campaign);
  p.setPhaseKey(phase);
}

void TestLog::phaseClosed(int64_t at, const std::string& campaign, const std::string& phase) {
  auto p = add(at).initPhaseClosed();
  p.setCampaignId(campaign);
  p.setPhaseKey(phase);
}

void TestLog::taskAdded(int64_t at, const std::string& campaign, const TaskSpec& task) {
  auto a = add(at).initTaskAdded();
  a.setCampaignId(campaign);
  auto t = a.initTask();
  t.setKey(task.key);
  t.setTitle(task.title);
  t.setPhase(task.phase);
}

void TestLog::dispatched(int64_t at, const DispatchSpec& spec) {
  auto d = add(at).initTaskDispatched();
  d.setDispatchId(spec.id);
  d.setCampaignId(spec.campaign);
  d.setTaskKey(spec.task);
  d.setAssignee(spec.assignee);
  d.setOccurrence(spec.occurrence);
  d.setPeriodStart(spec.periodStart);
  d.setPeriodEnd(spec.periodEnd);
  d.setDueAt(spec.dueAt);
  d.setParentDispatch(spec.parent);
  d.setTitle(spec.title);
}

void TestLog::acknowledged(int64_t at, const std::string& dispatch) {
  add(at).initDispatchAcknowledged().setDispatchId(dispatch);
}

void TestLog::progress(int64_t at, const std::string& dispatch) {
  add(at).initProgressReported().setDispatchId(dispatch);
}

void TestLog::completed(int64_t at, const std::string& dispatch) {
  add(at).initDispatchCompleted().setDispatchId(dispatch);
}

void TestLog::accepted(int64_t at, const std::string& dispatch) {
  add(at).initDispatchAccepted().setDispatchId(dispatch);
}

void TestLog::returned(int64_t at, const std::string& dispatch) {
  add(at).initDispatchReturned().setDispatchId(dispatch);
}

void TestLog::delegated(int64_t at, const std::string& dispatch, const std::vector<std::string>& children) {
  auto d = add(at).initDispatchDelegated();
  d.setDispatchId(dispatch);
  auto list = d.initChildren(children.size());
  for (unsigned i = 0; i < children.size(); ++i) list.set(i, children[i]);
}

void TestLog::escalationRaised(int64_t at, const EscalationSpec& spec) {
  auto e = add(at).initEscalationRaised();
  e.setEscalationId(spec.id);
  e.initSubject().setDispatch(spec.dispatch);
  e.setCampaignId(spec.campaign);
  e.setStep(spec.step);
  e.setAction(spec.action);
  e.setAddressee(spec.addressee);
  e.setDueAt(spec.dueAt);
}

void TestLog::escalationAcknowledged(int64_t at, const std::string& escalation) {
  add(at).initEscalationAcknowledged().setEscalationId(escalation);
}

void TestLog::dutyActivity(int64_t recordedAt, int64_t occurredAt, const std::string& holder,
                           const std::string& campaign, schema::DutyActivity activity) {
  auto a = add(recordedAt, occurredAt).initDutyActivityLogged();
  a.setHolder(holder);
  a.setCampaignId(campaign);
  a.setActivity(activity);
}

Directory directoryOf(const std::vector<std::pair<std::string, std::string>>& units) {
  Directory directory;
  for (const auto& [id, parent] : units) {
    capnp::MallocMessageBuilder message;
    auto unit = message.initRoot<schema::Event>().initUnitRegistered().initUnit();
    unit.setId(id);
    unit.setName(id);
    unit.setParent(parent);
    directory.evolve(message.getRoot<schema::Event>().asReader());
  }
  return directory;
}

}  // namespace qingling::domain::projections::fixture
