// A dispatch (one task occurrence for one assignee) as folded from its stream "dispatch-<id>", and the decisions
// on it: the assignee acknowledges (签收), reports progress, completes (办结) and delegates to units below it;
// the reviewer accepts or returns (退回). A department or enterprise acts only on dispatches within its reach.
// Its deadline may be extended (延期申请, domain/extension.h): an approved extensionDecided on this stream replaces
// dueAt — the agenda folds dispatches through evolve() below, so escalation then counts from the new deadline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "schemas/events.capnp.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain {

struct DispatchState {
  uint64_t version = 0;  // 0 = no such dispatch
  std::string id;
  std::string campaignId;
  std::string taskKey;
  std::string assignee;
  std::string reviewer;
  std::string parent;
  uint32_t occurrence = 0;
  int64_t dueAt = 0;  // 0 = continuous; the current deadline, after approved extensions
  schema::DispatchStatus status = schema::DispatchStatus::DISPATCHED;
  std::vector<std::string> children;
  std::string extensionRequested;  // the requested deadline (local date) of a pending 延期申请; empty = none
  uint32_t extensions = 0;         // approved extensions

  bool done() const {
    return status == schema::DispatchStatus::COMPLETED || status == schema::DispatchStatus::ACCEPTED;
  }
};

std::string dispatchStream(const std::string& dispatchId);
void evolve(DispatchState& state, schema::EventEnvelope::Reader event);

Decision decideAcknowledge(const DispatchState& d, const Directory& dir, const Principal& actor,
                           schema::DispatchRef::Reader cmd);
Decision decideReportProgress(const DispatchState& d, const Directory& dir, const Principal& actor,
                              schema::ReportProgress::Reader cmd);
// `children` are the states of d.children, in the same order.
Decision decideComplete(const DispatchState& d, const std::vector<DispatchState>& children, const Directory& dir,
                        const Principal& actor, schema::ReportProgress::Reader cmd);
Decision decideDelegate(const DispatchState& d, const Directory& dir, const Principal& actor,
                        schema::DelegateDispatch::Reader cmd);
Decision decideAccept(const DispatchState& d, const Directory& dir, const Principal& actor,
                      schema::ReviewDispatch::Reader cmd);
Decision decideReturn(const DispatchState& d, const Directory& dir, const Principal& actor,
                      schema::ReviewDispatch::Reader cmd);

}  // namespace qingling::domain
