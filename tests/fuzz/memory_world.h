// The fuzz targets' stand-in for qinglingd's log: the state a command is decided on, folded in memory from the
// events that earlier accepted decisions emitted, with the domain's own evolve functions. decide() maps each
// command of the Command union to its domain decision the way server/decide_command.cc does, except that states
// come from here instead of being read from RocksDB (the store is no part of a fuzz target: no I/O). Streams
// are kept by id; a stream's expected version is checked as the store would (a mismatch appends nothing).
//
// Deterministic: no clock (the caller passes `now`), no randomness (token material is counted). Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "domain/campaign.h"
#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/dispatch.h"
#include "domain/escalation_ack.h"
#include "domain/hazard.h"
#include "domain/measure.h"
#include "domain/principal.h"
#include "domain/tip.h"
#include "schemas/commands.capnp.h"

namespace qingling::fuzz {

class MemoryWorld {
 public:
  // Registers the system unit "qingling" and the user "admin" as qinglingd's first start does.
  MemoryWorld();

  // The admin principal, and the principal a registered, active user acts as (nullopt: the server would refuse
  // the token, so nothing is decided).
  const domain::Principal& admin() const { return admin_; }
  std::optional<domain::Principal> principal(const std::string& user) const;

  // Decides `command` as `actor` at `now` against the folded state; nullopt for commands that are not decided in
  // domain/ (clock moves, those not implemented by the server).
  std::optional<domain::Decision> decide(const domain::Principal& actor, schema::Command::Reader command, int64_t now);

  // Folds an accepted decision's events into the state, stamped with `actor` and `now`, if every stream's expected
  // version holds (all or nothing, like one atomic append). Returns whether it was applied.
  bool apply(domain::Emitted& emitted, const domain::Principal& actor, int64_t now);

  const domain::Directory& directory() const { return dir_; }

 private:
  template <class State>
  const State& stateOf(const std::map<std::string, State>& states, const std::string& id) const;

  domain::Principal admin_{"admin", "qingling", {schema::Role::ADMIN}, "bootstrap"};
  domain::Directory dir_;
  std::map<std::string, uint64_t> versions_;  // stream id -> its last version
  std::map<std::string, domain::CampaignState> campaigns_;
  std::map<std::string, domain::DispatchState> dispatches_;
  std::map<std::string, domain::HazardState> hazards_;
  std::map<std::string, domain::TipState> tips_;
  std::map<std::string, domain::MeasureState> measures_;
  std::map<std::string, domain::EscalationState> escalations_;
  uint64_t tokensIssued_ = 0;
};

}  // namespace qingling::fuzz
