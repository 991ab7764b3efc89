// The accountability review's dispatch and escalation findings (see accountability_review.h).
#include "domain/projections/accountability_review.h"

namespace qingling::domain::projections {

void AccountabilityReview::dispatchFindings(int64_t asOf, std::vector<Finding>& out) const {
  for (const auto& [id, d] : dispatches_.dispatches()) {
    auto trail = dispatchTrails_.find(id);
    if (d.dueAt == 0 || trail == dispatchTrails_.end() || !trail->second.dispatched) continue;
    const DispatchTrail& t = trail->second;
    Finding f;
    f.subject = id;
    f.campaign = d.campaign;
    f.about = f.responsible = d.assignee;
    f.dueAt = d.dueAt;
    // &d = d: clang 14 cannot capture a structured binding itself.
    auto late = [&, &d = d](schema::FindingKind kind, const Evidence& act, const char* what) {
      Finding g = f;
      g.kind = kind;
      g.at = act.recordedAt;
      g.lateBy = act.recordedAt - d.dueAt;
      g.description = std::string(what) + " " + spanText(g.lateBy) + " after its deadline";
      g.evidence = {*t.dispatched, act};
      out.push_back(std::move(g));
    };
    if (t.acknowledged && t.acknowledged->recordedAt > d.dueAt) {
      late(schema::FindingKind::LATE_ACKNOWLEDGEMENT, *t.acknowledged, "acknowledged");
    }
    if (d.done() && t.completed && t.completed->recordedAt > d.dueAt) {
      late(schema::FindingKind::LATE_COMPLETION, *t.completed, "completed");
    }
    if (d.overdue(asOf)) {
      f.kind = schema::FindingKind::OVERDUE_DISPATCH;
      f.lateBy = asOf - d.dueAt;
      f.description = "not completed, " + spanText(f.lateBy) + " past its deadline";
      f.evidence = {*t.dispatched};
      if (t.acknowledged) f.evidence.push_back(*t.acknowledged);
      out.push_back(std::move(f));
    }
  }
}

int64_t AccountabilityReview::workDoneAt(const Raised& r) const {
  switch (r.kind) {
    case schema::SubjectRef::DISPATCH: {
      auto d = dispatches_.dispatches().find(r.subject);
      auto t = dispatchTrails_.find(r.subject);
      if (d == dispatches_.dispatches().end() || !d->second.done()) return 0;
      return t != dispatchTrails_.end() && t->second.completed ? t->second.completed->recordedAt : 0;
    }
    case schema::SubjectRef::HAZARD: {
      auto t = hazardTrails_.find(r.subject);
      return t == hazardTrails_.end() ? 0 : t->second.workDoneAt;
    }
    case schema::SubjectRef::TIP: {
      auto t = tipsVerified_.find(r.subject);
      return t == tipsVerified_.end() ? 0 : t->second;
    }
    case schema::SubjectRef::REPORT:
      break;
  }
  return 0;
}

void AccountabilityReview::escalationFindings(int64_t asOf, std::vector<Finding>& out) const {
  for (const auto& [id, r] : escalations_) {
    if (r.acknowledged) continue;
    // The next step raised about the same subject: the ladder moved on while nobody acted.
    const Raised* next = nullptr;
    for (const auto& [otherId, o] : escalations_) {
      if (o.kind == r.kind && o.subject == r.subject && o.raised.position > r.raised.position &&
          (next == nullptr || o.raised.position < next->raised.position)) {
        next = &o;
      }
    }
    const int64_t doneAt = workDoneAt(r);
    bool pastDeadline = false;  // the work itself overdue as of asOf (tips: their deadline is not folded here)
    if (r.kind == schema::SubjectRef::DISPATCH) {
      auto d = dispatches_.dispatches().find(r.subject);
      pastDeadline = d != dispatches_.dispatches().end() && d->second.overdue(asOf);
    } else if (r.kind == schema::SubjectRef::HAZARD) {
      auto h = hazards_.hazards().find(r.subject);
      pastDeadline = h != hazards_.hazards().end() && h->second.deadlineAt != 0 && asOf > h->second.deadlineAt;
    }
    const bool ignored =
        doneAt == 0 ? (pastDeadline || next != nullptr) : (next != nullptr && next->raised.recordedAt <= doneAt);
    if (!ignored) continue;
    Finding f;
    f.kind = schema::FindingKind::ESCALATION_IGNORED;
    f.subject = r.subject;
    f.campaign = r.campaign;
    f.about = aboutOf(r.subject);
    if (f.about.empty()) f.about = r.addressee;
    f.responsible = r.addressee;
    f.at = doneAt;
    f.dueAt = r.dueAt;
    f.lateBy = (doneAt == 0 ? asOf : doneAt) - r.dueAt;
    f.description =
        r.raised.type + " " + r.id + " never acknowledged; " +
        (doneAt == 0 ? "the work is still not done" : "the work was done only after " + next->id + " was raised");
    f.evidence = {r.raised};
    if (next != nullptr) f.evidence.push_back(next->raised);
    out.push_back(std::move(f));
  }
}

}  // namespace qingling::domain::projections
