// The folded state of dispatches (DOMAIN.md, Tasks and dispatch), shared by the task list and campaign progress.
// A DispatchBook folds the dispatch lifecycle events, the escalations raised about dispatches and the campaign
// definitions (task titles and phases) into plain values; projections read it when they write their answer.
//
// Contract: `apply` takes events in global position order, already cut at asOf by the caller; events it does not
// need are ignored. Pure: no I/O, no clock. Cap'n Proto readers never outlive `apply`: everything is copied.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schemas/events.capnp.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

// One dispatch as projections see it; domain/dispatch.h keeps the aggregate's own state for decisions.
struct DispatchEntry {
  std::string id;
  std::string campaign;
  std::string taskKey;
  std::string title;  // as dispatched; empty in logs written before dispatches carried it
  std::string assignee;
  uint32_t occurrence = 0;
  std::string periodStart;  // local dates; empty for continuous
  std::string periodEnd;
  int64_t dueAt = 0;   // 0 = continuous: never overdue
  std::string parent;  // set on a delegated child
  std::vector<std::string> children;
  schema::DispatchStatus status = schema::DispatchStatus::DISPATCHED;
  int64_t acknowledgedAt = 0;  // recordedAt of the first acknowledgement
  int64_t completedAt = 0;     // recordedAt of the standing completion; 0 again after a return
  uint32_t returns = 0;
  std::optional<schema::EscalationAction> escalation;  // the highest action raised about this dispatch

  bool done() const {
    return status == schema::DispatchStatus::COMPLETED || status == schema::DispatchStatus::ACCEPTED;
  }
  // Past its deadline and not done; continuous dispatches have none.
  bool overdue(int64_t asOf) const { return dueAt != 0 && asOf >= dueAt && !done(); }
};

struct TaskDefinition {
  std::string key;
  std::string title;
  std::string phase;  // empty = not tied to a phase
};

struct PhaseDefinition {
  std::string key;
  std::string name;
};

struct CampaignDefinition {
  std::string id;
  std::string title;
  std::vector<PhaseDefinition> phases;  // plan order
  std::vector<TaskDefinition> tasks;    // plan order, then tasks added later

  const TaskDefinition* task(const std::string& key) const;
};

class DispatchBook {
 public:
  // `campaign` scopes the book to one campaign; empty keeps every campaign.
  explicit DispatchBook(std::string campaign = {}) : scope_(std::move(campaign)) {}

  void apply(schema::EventEnvelope::Reader event);

  // Every dispatch, keyed (and so ordered) by dispatch id.
  const std::map<std::string, DispatchEntry>& dispatches() const { return dispatches_; }
  const CampaignDefinition* campaign(const std::string& id) const;
  // The task's definition, or nullptr when its campaign or task was never seen.
  const TaskDefinition* task(const std::string& campaign, const std::string& key) const;

  // The event types `apply` reads.
  static std::vector<uint16_t> eventTypes();

 private:
  bool inScope(capnp::Text::Reader campaign) const { return scope_.empty() || campaign == scope_.c_str(); }
  DispatchEntry* find(capnp::Text::Reader id);
  void dispatched(schema::TaskDispatched::Reader d);
  void delegated(schema::DispatchDelegated::Reader d);

  std::string scope_;
  std::map<std::string, DispatchEntry> dispatches_;
  std::map<std::string, CampaignDefinition> campaigns_;
};

}  // namespace qingling::domain::projections
