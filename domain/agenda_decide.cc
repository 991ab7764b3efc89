// The events a due job yields (agenda.h, decideJob). A job is decided only once it is due, so there is nothing
// to refuse: the store's noStream expectation is the only check left, and it is what makes a job run once.
#include "domain/agenda.h"
#include "domain/campaign_keys.h"
#include "domain/subject_ref.h"

namespace qingling::domain {
namespace {

Emitted dispatchEvents(const Job& job) {
  EventDraft event = draft({job.recipient, campaignKey(job.campaignId)});
  auto t = event.envelope().initPayload().initTaskDispatched();
  t.setDispatchId(job.id);
  t.setCampaignId(job.campaignId);
  t.setTaskKey(job.taskKey);
  t.setAssignee(job.recipient);
  t.setOccurrence(job.occurrence);
  t.setPeriodStart(job.periodStart);
  t.setPeriodEnd(job.periodEnd);
  t.setDueAt(job.dueAt);
  auto targets = t.initTargets(static_cast<unsigned>(job.targets.size()));
  for (unsigned i = 0; i < job.targets.size(); ++i) {
    targets[i].setMetric(job.targets[i].first);
    targets[i].setAtLeast(job.targets[i].second);
  }
  t.setReviewer(job.issuer);
  t.setTitle(job.title);
  return emit(job.streamId(), StreamExpectation::noStream, std::move(event));
}

Emitted escalationEvents(const Job& job, bool late) {
  // Indexed under the addressee and the unit that owes the work (their boards and task lists), and under the
  // campaign when there is one (a hazard outside campaigns, a tip: none).
  EventDraft event =
      draft({job.addressee, job.assignee, job.campaignId.empty() ? std::string() : campaignKey(job.campaignId)});
  auto e = event.envelope().initPayload().initEscalationRaised();
  e.setEscalationId(job.id);
  setSubject(e.initSubject(), job.subjectKind, job.subject);
  e.setCampaignId(job.campaignId);
  e.setStep(job.step);
  e.setAction(job.action);
  e.setAddressee(job.addressee);
  e.setDueAt(job.at);
  e.setLate(late);
  return emit(job.streamId(), StreamExpectation::noStream, std::move(event));
}

}  // namespace

Emitted decideJob(const Job& job, bool late) {
  return job.kind == JobKind::dispatch ? dispatchEvents(job) : escalationEvents(job, late);
}

}  // namespace qingling::domain
