// Quantitative task targets (DOMAIN.md, Tasks and dispatch: "checked against recorded facts, not against the
// assignee's word"; PLAN-FORMAT.md, targets[].metric): for every dispatch of one campaign that carries targets, each
// metric's atLeast against what the log records for the assignee's subtree in the occurrence's period.
//
// What counts, per metric — an event counts when the local day (campaign timezone, default UTC+8) of its
// occurredAt lies in the period, and its campaign tag is empty or this campaign (a fact recorded for another
// campaign is that campaign's):
//   inspections        inspectionRecorded of an enterprise in the subtree, or by an inspecting unit in it;
//   hazardsFound       hazards found in the period (hazardRecorded) of an enterprise in the subtree, or found by a
//                      unit in it — a section inspecting enterprises elsewhere finds hazards for its own target;
//   majorHazardsFound  the same, of grade major as of asOf (regrades included);
//   majorHazardsClosed hazards of the subtree, major as of asOf, whose standing closure (closed, or fixed on the
//                      spot) occurred in the period — a hazard reopened since is not counted;
//   cases, trainings, drills, meetings  factRecorded of kind case, training, drill, meeting about a unit in the
//                      subtree.
// Each hazard or fact counts once. An unknown metric counts 0. The period is the dispatch's periodStart..periodEnd
// (for `by` and `dates` rules the span start to the date), clipped to the campaign span; continuous work counts
// over the campaign span. Delegated children carry no targets of their own: the parent's assignee subtree already
// holds their facts.
//
// Contract: `apply` takes events in global position order, cut at asOf by the caller: the campaign's events and
// those of the assignees' subtrees are enough. `unit` empty = every dispatch, else assignees within its subtree.
// `directory` is read only in `write` and must outlive this. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/directory.h"
#include "domain/local_date.h"
#include "domain/projections/hazard_book.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

class TaskTargets {
 public:
  TaskTargets(std::string campaign, std::string unit, const Directory& directory)
      : campaign_(std::move(campaign)), unit_(std::move(unit)), directory_(directory) {}

  void apply(schema::EventEnvelope::Reader event);
  void write(schema::TaskTargets::Builder out, int64_t asOf) const;

 private:
  struct Dispatch {
    std::string id, taskKey, title, assignee, periodStart, periodEnd;
    uint32_t occurrence = 0;
    std::vector<std::pair<std::string, uint32_t>> targets;  // metric, atLeast
  };
  // An inspection or a recorded fact: something done by or about units, on a day.
  struct Counted {
    std::string metric;
    int64_t occurredAt = 0;
    std::string about;  // the enterprise inspected, or the unit a fact is about
    std::string by;     // the inspecting unit; empty for facts
  };
  struct HazardTrace {
    std::string foundBy;
    int64_t closedAt = 0;  // occurredAt of the standing closure; 0 = open or reopened since
  };
  struct Span {
    LocalDate first, last;
    bool open = false;  // no last day
  };

  bool tagged(std::string_view campaign) const { return campaign.empty() || campaign == campaign_; }
  std::optional<Span> spanOf(const Dispatch& d) const;
  uint32_t count(const std::string& metric, const std::string& assignee, const Span& span) const;

  std::string campaign_;
  std::string unit_;
  const Directory& directory_;
  std::optional<LocalDate> campaignStart_, campaignEnd_;
  int32_t offset_ = 8 * 3600;
  std::map<std::string, std::string> taskTitles_;  // from the plan, for dispatches that carry no title
  std::vector<Dispatch> dispatches_;
  std::vector<Counted> counted_;
  HazardBook book_;
  std::map<std::string, HazardTrace> traces_;  // by hazard id
};

}  // namespace qingling::domain::projections
