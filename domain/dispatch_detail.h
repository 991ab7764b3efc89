// Shared checks of the dispatch decisions (dispatch.cc, extension_dispatch.cc); not part of the domain's interface.
#pragma once

#include <optional>
#include <string>

#include "domain/campaign_keys.h"
#include "domain/dispatch.h"

namespace qingling::domain::dispatch_detail {

inline std::optional<Rejection> requireExists(const DispatchState& d, const std::string& id) {
  if (d.version != 0) return std::nullopt;
  return reject(RejectionCode::notFound, "dispatch '" + id + "' does not exist", "dispatchId");
}

// The assignee's side: a department or enterprise whose reach holds the assignee.
inline std::optional<Rejection> requireAssignee(const DispatchState& d, const Directory& dir, const Principal& actor,
                                                const char* command) {
  if (!actor.has(schema::Role::DEPARTMENT) && !actor.has(schema::Role::ENTERPRISE)) {
    return reject(RejectionCode::forbidden, std::string(command) + " needs the department or enterprise role");
  }
  if (!dir.isWithin(d.assignee, actor.unit)) {
    return reject(RejectionCode::forbidden, std::string(command) + ": dispatch '" + d.id + "' belongs to '" +
                                                d.assignee + "', not to '" + actor.unit + "' or a unit below it");
  }
  return std::nullopt;
}

// The reviewer's side: a leader, or for a delegated child the delegating department, reaching the reviewer unit.
inline std::optional<Rejection> requireReviewer(const DispatchState& d, const Directory& dir, const Principal& actor,
                                                const char* command) {
  bool roleOk = actor.has(schema::Role::LEADER) || (!d.parent.empty() && actor.has(schema::Role::DEPARTMENT));
  if (!roleOk) {
    return reject(RejectionCode::forbidden,
                  std::string(command) + " is the reviewer's: " +
                      (d.parent.empty() ? "a leader of the issuing unit" : "the delegating department or a leader"));
  }
  if (!dir.isWithin(d.reviewer, actor.unit)) {
    return reject(RejectionCode::forbidden, std::string(command) + ": dispatch '" + d.id + "' is reviewed by '" +
                                                d.reviewer + "', outside the reach of " + actor.user);
  }
  return std::nullopt;
}

inline EventDraft dispatchDraft(const DispatchState& d) { return draft({d.assignee, campaignKey(d.campaignId)}); }

inline Emitted onDispatch(const DispatchState& d, EventDraft event) {
  return emit(dispatchStream(d.id), StreamExpectation::exactLoaded, std::move(event), d.version);
}

}  // namespace qingling::domain::dispatch_detail
