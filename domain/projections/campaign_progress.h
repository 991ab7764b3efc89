// Campaign progress (DOMAIN.md, Reports and projections): for one campaign, dispatched / acknowledged / completed
// / accepted / overdue counts and rates per phase, per task, per assignee unit and in total.
//
// Only top-level dispatches count (parentDispatch empty). A delegated child is the assignee's own breakdown of
// work it still answers for: the county's dispatch stays the unit of account, and counting its children too would
// inflate the campaign's totals by however finely each assignee chose to split its work.
//
// Tasks without a phase (dispatched when the campaign is issued) count in total, tasks and units only. Contract:
// `apply` takes events in global position order, cut at asOf by the caller. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/projections/dispatch_state.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

class CampaignProgress {
 public:
  explicit CampaignProgress(std::string campaign) : campaign_(campaign), book_(std::move(campaign)) {}

  void apply(schema::EventEnvelope::Reader event);
  // Phases and tasks in plan order (anything seen only in the log after them); units by id. `status` stays empty
  // when the campaign was not drafted as of asOf.
  void write(schema::CampaignProgress::Builder out, int64_t asOf) const;

  static std::vector<uint16_t> eventTypes();

 private:
  struct PhaseState {
    int64_t startedAt = 0;  // recordedAt of phaseStarted / phaseClosed; 0 = not yet
    int64_t closedAt = 0;
  };

  std::string campaign_;
  std::string status_;
  std::map<std::string, PhaseState> phases_;
  DispatchBook book_;
};

}  // namespace qingling::domain::projections
