// A tip (举报) as folded from its stream "tip-<id>", and the decisions on it (DOMAIN.md, Inspections, duties, tips,
// measures). A tip officer receives it; the reporter's identity reaches the domain already sealed (encrypted by the
// server) and is stored only in that form. The tip is verified by the deadline (60 days from receipt):
// substantiated → a hazard with source `tip` is recorded in its own new stream in the same atomic append;
// unfounded → closed.
#pragma once

#include <cstdint>
#include <string>

#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/hazard.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "schemas/events.capnp.h"

namespace qingling::domain {

struct TipState {
  uint64_t version = 0;  // 0 = no such tip
  std::string id;
  std::string enterprise;
  int64_t verifyBy = 0;
  bool verified = false;
  bool substantiated = false;
  std::string hazardId;
};

// Verification deadline from receipt (DOMAIN.md: within 60 days), in microseconds.
constexpr int64_t kTipVerifyMicros = int64_t{60} * 24 * 3600 * 1000000;

std::string tipStream(const std::string& tipId);
void evolve(TipState& state, schema::EventEnvelope::Reader event);

// `sealedReporter` is the server's sealing of cmd.reporter (empty when anonymous); cmd.reporter itself is never
// written. `now` is the receipt instant (µs) the verification deadline counts from.
Decision decideReceiveTip(const TipState& t, const Directory& dir, const Principal& actor,
                          schema::ReceiveTip::Reader cmd, const std::string& sealedReporter, int64_t now);
// A tip officer or a department whose reach holds the tip's enterprise verifies it once. `hazard` is the state
// loaded for stream hazard-<cmd.hazard.hazardId> (used only when substantiated; it must not exist).
Decision decideVerifyTip(const TipState& t, const HazardState& hazard, const Directory& dir, const Principal& actor,
                         schema::VerifyTip::Reader cmd);

}  // namespace qingling::domain
