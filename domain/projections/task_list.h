// Task list (DOMAIN.md, Reports and projections): a unit's dispatches with status, due and escalation level — its
// own and every dispatch assigned within its subtree, delegated children included, so a county sees the work it
// handed down to its towns and enterprises.
//
// Contract: `apply` takes events in global position order, cut at asOf by the caller. `directory` is read only in
// `write` (the subtree is the directory's, not the log's as of asOf) and must outlive this object. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/directory.h"
#include "domain/projections/dispatch_state.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

class TaskList {
 public:
  TaskList(std::string unit, const Directory& directory) : unit_(std::move(unit)), directory_(directory) {}

  void apply(schema::EventEnvelope::Reader event) { book_.apply(event); }
  // Rows sorted by dueAt (continuous, dueAt 0, last), then dispatch id.
  void write(schema::TaskList::Builder out, int64_t asOf) const;

  static std::vector<uint16_t> eventTypes() { return DispatchBook::eventTypes(); }

 private:
  std::string unit_;
  const Directory& directory_;
  DispatchBook book_;
};

}  // namespace qingling::domain::projections
