#include "domain/projections/task_targets.h"

#include <algorithm>
#include <tuple>

namespace qingling::domain::projections {
namespace {

using W = schema::Event::Which;

std::string_view text(capnp::Text::Reader t) { return {t.cStr(), t.size()}; }

// The target metric a recorded fact counts for (PLAN-FORMAT.md, targets[].metric).
const char* factMetric(schema::FactKind kind) {
  switch (kind) {
    case schema::FactKind::CASE:
      return "cases";
    case schema::FactKind::TRAINING:
      return "trainings";
    case schema::FactKind::DRILL:
      return "drills";
    case schema::FactKind::MEETING:
      return "meetings";
  }
  return "";
}

}  // namespace

void TaskTargets::apply(schema::EventEnvelope::Reader event) {
  auto payload = event.getPayload();
  switch (payload.which()) {
    case W::CAMPAIGN_DRAFTED: {
      auto c = payload.getCampaignDrafted().getCampaign();
      if (c.getId() != campaign_.c_str()) break;
      campaignStart_ = LocalDate::parse(text(c.getStart()));
      campaignEnd_ = LocalDate::parse(text(c.getEnd()));
      if (auto offset = timezoneOffsetSeconds(text(c.getTimezone()))) offset_ = *offset;
      for (auto task : c.getTasks()) taskTitles_[task.getKey()] = task.getTitle();
      break;
    }
    case W::TASK_ADDED: {
      auto e = payload.getTaskAdded();
      if (e.getCampaignId() == campaign_.c_str()) taskTitles_[e.getTask().getKey()] = e.getTask().getTitle();
      break;
    }
    case W::TASK_DISPATCHED: {
      auto e = payload.getTaskDispatched();
      if (e.getCampaignId() != campaign_.c_str() || e.getTargets().size() == 0) break;
      Dispatch d{e.getDispatchId(),  e.getTaskKey(),   e.getTitle(),      e.getAssignee(),
                 e.getPeriodStart(), e.getPeriodEnd(), e.getOccurrence(), {}};
      for (auto t : e.getTargets()) d.targets.emplace_back(t.getMetric(), t.getAtLeast());
      dispatches_.push_back(std::move(d));
      break;
    }
    case W::INSPECTION_RECORDED: {
      auto e = payload.getInspectionRecorded();
      if (tagged(text(e.getCampaignId()))) {
        counted_.push_back({"inspections", event.getOccurredAt(), e.getEnterprise(), e.getInspectingUnit()});
      }
      break;
    }
    case W::FACT_RECORDED: {
      auto e = payload.getFactRecorded();
      if (tagged(text(e.getCampaignId())))
        counted_.push_back({factMetric(e.getKind()), event.getOccurredAt(), e.getUnit(), {}});
      break;
    }
    case W::HAZARD_RECORDED:
      traces_[payload.getHazardRecorded().getHazardId()] = {payload.getHazardRecorded().getFoundBy(), 0};
      book_.apply(event);
      break;
    case W::HAZARD_CLOSED:
    case W::HAZARD_FIXED_ON_SPOT:
    case W::HAZARD_REOPENED: {
      auto id = payload.isHazardClosed()        ? payload.getHazardClosed().getHazardId()
                : payload.isHazardFixedOnSpot() ? payload.getHazardFixedOnSpot().getHazardId()
                                                : payload.getHazardReopened().getHazardId();
      auto it = traces_.find(id);
      if (it != traces_.end()) it->second.closedAt = payload.isHazardReopened() ? 0 : event.getOccurredAt();
      book_.apply(event);
      break;
    }
    default:
      book_.apply(event);
      break;
  }
}

std::optional<TaskTargets::Span> TaskTargets::spanOf(const Dispatch& d) const {
  Span span;
  auto start = LocalDate::parse(d.periodStart);
  auto end = LocalDate::parse(d.periodEnd);
  if (start) {
    span.first = *start;
  } else if (campaignStart_) {
    span.first = *campaignStart_;
  } else {
    span.first = LocalDate::fromDays(0);
  }
  if (end) {
    span.last = *end;
  } else if (campaignEnd_) {
    span.last = *campaignEnd_;
  } else {
    span.open = true;
  }
  if (campaignStart_ && span.first < *campaignStart_) span.first = *campaignStart_;
  if (campaignEnd_ && !span.open && span.last > *campaignEnd_) span.last = *campaignEnd_;
  if (!span.open && span.last < span.first) return std::nullopt;
  return span;
}

uint32_t TaskTargets::count(const std::string& metric, const std::string& assignee, const Span& span) const {
  auto inSpan = [&](int64_t occurredAt) {
    LocalDate day = localDateOf(occurredAt, offset_);
    return !(day < span.first) && (span.open || !(span.last < day));
  };
  auto inSubtree = [&](const std::string& unit) { return !unit.empty() && directory_.isWithin(unit, assignee); };
  uint32_t n = 0;
  if (metric == "hazardsFound" || metric == "majorHazardsFound" || metric == "majorHazardsClosed") {
    for (const auto& [id, h] : book_.hazards()) {
      auto trace = traces_.find(id);
      const std::string& foundBy = trace == traces_.end() ? std::string() : trace->second.foundBy;
      if (!tagged(h.campaign) || !(inSubtree(h.enterprise) || inSubtree(foundBy))) continue;
      bool major = h.grade == schema::HazardGrade::MAJOR;
      if (metric == "majorHazardsClosed") {
        int64_t closedAt = trace == traces_.end() ? 0 : trace->second.closedAt;
        if (major && h.status == "closed" && closedAt != 0 && inSpan(closedAt)) ++n;
      } else if (inSpan(h.foundAt) && (major || metric == "hazardsFound")) {
        ++n;
      }
    }
    return n;
  }
  for (const Counted& c : counted_) {
    if (c.metric == metric && inSpan(c.occurredAt) && (inSubtree(c.about) || inSubtree(c.by))) ++n;
  }
  return n;
}

void TaskTargets::write(schema::TaskTargets::Builder out, int64_t asOf) const {
  std::vector<std::pair<const Dispatch*, Span>> rows;
  for (const Dispatch& d : dispatches_) {
    if (!unit_.empty() && !directory_.isWithin(d.assignee, unit_)) continue;
    if (auto span = spanOf(d)) rows.emplace_back(&d, *span);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second.first, a.first->id) < std::tie(b.second.first, b.first->id);
  });

  out.setCampaignId(campaign_);
  out.setUnit(unit_);
  out.setAsOf(asOf);
  auto list = out.initDispatches(static_cast<unsigned>(rows.size()));
  for (unsigned i = 0; i < rows.size(); ++i) {
    const auto& [d, span] = rows[i];
    auto row = list[i];
    row.setDispatchId(d->id);
    row.setTaskKey(d->taskKey);
    auto title = taskTitles_.find(d->taskKey);
    row.setTitle(!d->title.empty() || title == taskTitles_.end() ? d->title : title->second);
    row.setAssignee(d->assignee);
    row.setOccurrence(d->occurrence);
    row.setPeriodStart(span.first.str());
    row.setPeriodEnd(span.open ? std::string() : span.last.str());
    auto targets = row.initTargets(static_cast<unsigned>(d->targets.size()));
    bool allMet = true;
    for (unsigned t = 0; t < d->targets.size(); ++t) {
      const auto& [metric, atLeast] = d->targets[t];
      uint32_t counted = count(metric, d->assignee, span);
      targets[t].setMetric(metric);
      targets[t].setAtLeast(atLeast);
      targets[t].setCounted(counted);
      targets[t].setMet(counted >= atLeast);
      allMet = allMet && counted >= atLeast;
    }
    row.setMet(allMet);
  }
}

}  // namespace qingling::domain::projections
