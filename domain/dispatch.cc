// Dispatch state and the assignee's and reviewer's commands (DOMAIN.md, Tasks and dispatch).
#include "domain/dispatch.h"

#include "domain/dispatch_detail.h"

namespace qingling::domain {
namespace {

using namespace dispatch_detail;
using schema::DispatchStatus;

bool working(const DispatchState& d) {
  return d.status == DispatchStatus::ACKNOWLEDGED || d.status == DispatchStatus::IN_PROGRESS;
}

Rejection notWorking(const DispatchState& d, const char* what) {
  if (d.status == DispatchStatus::DISPATCHED) {
    return reject(RejectionCode::conflict,
                  std::string("acknowledge (签收) dispatch '") + d.id + "' before you " + what);
  }
  return reject(RejectionCode::conflict, "dispatch '" + d.id + "' is already " +
                                             (d.status == DispatchStatus::ACCEPTED ? "accepted" : "completed") +
                                             "; nothing to " + what);
}

}  // namespace

std::string dispatchStream(const std::string& dispatchId) { return "dispatch-" + dispatchId; }

void evolve(DispatchState& d, schema::EventEnvelope::Reader event) {
  d.version = event.getStreamVersion();
  auto payload = event.getPayload();
  switch (payload.which()) {
    case schema::Event::TASK_DISPATCHED: {
      auto t = payload.getTaskDispatched();
      d.id = t.getDispatchId();
      d.campaignId = t.getCampaignId();
      d.taskKey = t.getTaskKey();
      d.assignee = t.getAssignee();
      d.reviewer = t.getReviewer();
      d.parent = t.getParentDispatch();
      d.occurrence = t.getOccurrence();
      d.dueAt = t.getDueAt();
      d.status = DispatchStatus::DISPATCHED;
      break;
    }
    case schema::Event::DISPATCH_ACKNOWLEDGED:
      d.status = DispatchStatus::ACKNOWLEDGED;
      break;
    case schema::Event::PROGRESS_REPORTED:
      d.status = DispatchStatus::IN_PROGRESS;
      break;
    case schema::Event::DISPATCH_COMPLETED:
      d.status = DispatchStatus::COMPLETED;
      break;
    case schema::Event::DISPATCH_ACCEPTED:
      d.status = DispatchStatus::ACCEPTED;
      break;
    case schema::Event::DISPATCH_RETURNED:
      d.status = DispatchStatus::IN_PROGRESS;
      break;
    case schema::Event::DISPATCH_DELEGATED:
      for (auto child : payload.getDispatchDelegated().getChildren()) d.children.push_back(child);
      break;
    case schema::Event::EXTENSION_REQUESTED:
      d.extensionRequested = payload.getExtensionRequested().getRequestedDeadline();
      break;
    case schema::Event::EXTENSION_DECIDED:
      d.extensionRequested.clear();
      if (payload.getExtensionDecided().getApproved()) {
        d.dueAt = payload.getExtensionDecided().getDeadlineAt();
        ++d.extensions;
      }
      break;
    default:
      break;
  }
}

Decision decideAcknowledge(const DispatchState& d, const Directory& dir, const Principal& actor,
                           schema::DispatchRef::Reader cmd) {
  if (auto r = requireExists(d, cmd.getDispatchId())) return *r;
  if (auto r = requireAssignee(d, dir, actor, "acknowledgeDispatch")) return *r;
  if (d.status != DispatchStatus::DISPATCHED) {
    return reject(RejectionCode::conflict, "dispatch '" + d.id + "' is already acknowledged", "dispatchId");
  }
  EventDraft event = dispatchDraft(d);
  event.envelope().initPayload().initDispatchAcknowledged().setDispatchId(d.id);
  return onDispatch(d, std::move(event));
}

Decision decideReportProgress(const DispatchState& d, const Directory& dir, const Principal& actor,
                              schema::ReportProgress::Reader cmd) {
  if (auto r = requireExists(d, cmd.getDispatchId())) return *r;
  if (auto r = requireAssignee(d, dir, actor, "reportProgress")) return *r;
  if (!working(d)) return notWorking(d, "report progress");
  if (cmd.getNote().size() == 0 && cmd.getEvidence().size() == 0) {
    return reject(RejectionCode::invalid, "a progress report needs a note or evidence", "note");
  }
  EventDraft event = dispatchDraft(d);
  auto out = event.envelope().initPayload().initProgressReported();
  out.setDispatchId(d.id);
  out.setNote(cmd.getNote());
  out.setEvidence(cmd.getEvidence());
  return onDispatch(d, std::move(event));
}

Decision decideComplete(const DispatchState& d, const std::vector<DispatchState>& children, const Directory& dir,
                        const Principal& actor, schema::ReportProgress::Reader cmd) {
  if (auto r = requireExists(d, cmd.getDispatchId())) return *r;
  if (auto r = requireAssignee(d, dir, actor, "completeDispatch")) return *r;
  if (!working(d)) return notWorking(d, "complete");
  std::string open;
  for (const auto& child : children) {
    if (child.status != DispatchStatus::ACCEPTED) open += (open.empty() ? "" : ", ") + child.id;
  }
  if (!open.empty() && cmd.getNote().size() == 0) {
    return reject(RejectionCode::conflict,
                  "delegated dispatches " + open +
                      " are not accepted yet: accept them, or complete with a note "
                      "saying why the work is done",
                  "note");
  }
  EventDraft event = dispatchDraft(d);
  auto out = event.envelope().initPayload().initDispatchCompleted();
  out.setDispatchId(d.id);
  out.setNote(cmd.getNote());
  out.setEvidence(cmd.getEvidence());
  return onDispatch(d, std::move(event));
}

Decision decideDelegate(const DispatchState& d, const Directory& dir, const Principal& actor,
                        schema::DelegateDispatch::Reader cmd) {
  if (auto r = requireExists(d, cmd.getDispatchId())) return *r;
  if (auto r = requireAssignee(d, dir, actor, "delegateDispatch")) return *r;
  if (!working(d)) return notWorking(d, "delegate");
  if (cmd.getTo().size() == 0) return reject(RejectionCode::invalid, "delegate to at least one unit", "to");
  std::vector<std::string> units;
  for (auto to : cmd.getTo()) {
    std::string unit = to;
    if (dir.unit(unit) == nullptr)
      return reject(RejectionCode::notFound, "unit '" + unit + "' is not registered", "to");
    if (unit == d.assignee || !dir.isWithin(unit, d.assignee)) {
      return reject(RejectionCode::invalid, "'" + unit + "' is not below '" + d.assignee + "': delegation goes down",
                    "to");
    }
    for (auto& member : dir.recipients(unit)) units.push_back(std::move(member));
  }
  Emitted out;
  StreamEvents parent{dispatchStream(d.id), StreamExpectation::exactLoaded, d.version, {}};
  parent.events.push_back(dispatchDraft(d));
  auto delegated = parent.events.back().envelope().initPayload().initDispatchDelegated();
  delegated.setDispatchId(d.id);
  auto childIds = delegated.initChildren(static_cast<unsigned>(units.size()));
  for (unsigned i = 0; i < units.size(); ++i) {
    std::string childId = d.id + "/" + units[i];
    for (const auto& existing : d.children) {
      if (existing == childId) return reject(RejectionCode::conflict, "'" + units[i] + "' already has this work", "to");
    }
    childIds.set(i, childId);
    StreamEvents child{dispatchStream(childId), StreamExpectation::noStream, 0, {}};
    child.events.push_back(draft({units[i], campaignKey(d.campaignId)}));
    auto t = child.events.back().envelope().initPayload().initTaskDispatched();
    t.setDispatchId(childId);
    t.setCampaignId(d.campaignId);
    t.setTaskKey(d.taskKey);
    t.setAssignee(units[i]);
    t.setOccurrence(d.occurrence);
    t.setDueAt(d.dueAt);
    t.setParentDispatch(d.id);
    t.setReviewer(d.assignee);
    out.streams.push_back(std::move(child));
  }
  out.streams.insert(out.streams.begin(), std::move(parent));
  return out;
}

Decision decideAccept(const DispatchState& d, const Directory& dir, const Principal& actor,
                      schema::ReviewDispatch::Reader cmd) {
  if (auto r = requireExists(d, cmd.getDispatchId())) return *r;
  if (auto r = requireReviewer(d, dir, actor, "acceptDispatch")) return *r;
  if (d.status != DispatchStatus::COMPLETED) {
    return reject(RejectionCode::conflict, "only a completed dispatch can be accepted; '" + d.id + "' is not",
                  "dispatchId");
  }
  EventDraft event = dispatchDraft(d);
  auto out = event.envelope().initPayload().initDispatchAccepted();
  out.setDispatchId(d.id);
  out.setNote(cmd.getNote());
  return onDispatch(d, std::move(event));
}

Decision decideReturn(const DispatchState& d, const Directory& dir, const Principal& actor,
                      schema::ReviewDispatch::Reader cmd) {
  if (auto r = requireExists(d, cmd.getDispatchId())) return *r;
  if (auto r = requireReviewer(d, dir, actor, "returnDispatch")) return *r;
  if (d.status != DispatchStatus::COMPLETED) {
    return reject(RejectionCode::conflict, "only a completed dispatch can be returned; '" + d.id + "' is not",
                  "dispatchId");
  }
  if (cmd.getNote().size() == 0) return reject(RejectionCode::invalid, "returning (退回) needs a reason", "note");
  EventDraft event = dispatchDraft(d);
  auto out = event.envelope().initPayload().initDispatchReturned();
  out.setDispatchId(d.id);
  out.setReason(cmd.getNote());
  return onDispatch(d, std::move(event));
}

}  // namespace qingling::domain
