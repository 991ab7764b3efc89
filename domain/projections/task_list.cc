#include "domain/projections/task_list.h"

#include <algorithm>
#include <tuple>

namespace qingling::domain::projections {
namespace {

// Sort key: deadlines first, earliest first; continuous work (no deadline) after every dated row.
std::tuple<bool, int64_t, const std::string&> order(const DispatchEntry* d) { return {d->dueAt == 0, d->dueAt, d->id}; }

void writeRow(schema::TaskListRow::Builder row, const DispatchEntry& d, const DispatchBook& book, int64_t asOf) {
  row.setDispatchId(d.id);
  row.setCampaignId(d.campaign);
  row.setTaskKey(d.taskKey);
  // The title the dispatch carries, else the plan's: older dispatches did not carry one.
  const TaskDefinition* task = d.title.empty() ? book.task(d.campaign, d.taskKey) : nullptr;
  row.setTitle(task != nullptr ? task->title : d.title);
  row.setAssignee(d.assignee);
  row.setOccurrence(d.occurrence);
  row.setPeriodStart(d.periodStart);
  row.setPeriodEnd(d.periodEnd);
  row.setDueAt(d.dueAt);
  row.setStatus(d.status);
  row.setOverdue(d.overdue(asOf));
  row.setParentDispatch(d.parent);
  auto children = row.initChildren(static_cast<unsigned>(d.children.size()));
  for (unsigned i = 0; i < d.children.size(); ++i) children.set(i, d.children[i]);
  row.setEscalated(d.escalation.has_value());
  if (d.escalation) row.setEscalationLevel(*d.escalation);
  row.setAcknowledgedAt(d.acknowledgedAt);
  row.setCompletedAt(d.completedAt);
  row.setReturns(d.returns);
}

}  // namespace

void TaskList::write(schema::TaskList::Builder out, int64_t asOf) const {
  std::vector<const DispatchEntry*> rows;
  for (const auto& [id, d] : book_.dispatches()) {
    if (directory_.isWithin(d.assignee, unit_)) rows.push_back(&d);
  }
  std::sort(rows.begin(), rows.end(),
            [](const DispatchEntry* a, const DispatchEntry* b) { return order(a) < order(b); });

  out.setUnit(unit_);
  out.setAsOf(asOf);
  auto list = out.initRows(static_cast<unsigned>(rows.size()));
  for (unsigned i = 0; i < rows.size(); ++i) writeRow(list[i], *rows[i], book_, asOf);
}

}  // namespace qingling::domain::projections
