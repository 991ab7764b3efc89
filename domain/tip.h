// A tip (举报) as folded from its stream "tip-<id>", and the decisions on it (DOMAIN.md, Inspections, duties, tips,
// measures). A tip officer receives it; the reporter's identity reaches the domain already sealed (encrypted by the
// server) and is stored only in that form. The tip is verified by the deadline (60 days from receipt):
// substantiated → a hazard with source `tip` is recorded in its own new stream in the same atomic append;
// unfounded → closed. The deadline may be extended once, by at most 30 days, with approval; the reporter gets
// feedback within 10 days of the verification; a substantiated tip may be rewarded once (amounts are data: the
// rule of 15% of the fine within 3,000–300,000 yuan is the officer's to apply, the domain refuses only a
// non-positive amount).
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
  int64_t verifyBy = 0;  // the current verification deadline, after an extension
  bool extended = false;
  bool verified = false;
  int64_t verifiedAt = 0;  // recordedAt of tipVerified: the feedback window counts from it
  bool substantiated = false;
  std::string hazardId;
  bool feedbackGiven = false;
  bool rewarded = false;
};

// Verification deadline from receipt (DOMAIN.md: within 60 days), in microseconds.
constexpr int64_t kTipVerifyMicros = int64_t{60} * 24 * 3600 * 1000000;
// The most one extension adds (DOMAIN.md: +30 days with approval).
constexpr int64_t kTipExtensionMaxMicros = int64_t{30} * 24 * 3600 * 1000000;
// Feedback to the reporter is due within this long of the verification (DOMAIN.md: 10 days).
constexpr int64_t kTipFeedbackMicros = int64_t{10} * 24 * 3600 * 1000000;

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

// The follow-ups (tip_followup.cc). An extension (by ≤ P30D, with a reason) by a tip officer or a leader reaching
// the enterprise, once, before verifyBy and before the verification; the new verifyBy replaces the old.
Decision decideExtendTipVerification(const TipState& t, const Directory& dir, const Principal& actor,
                                     schema::ExtendTipVerification::Reader cmd, int64_t now);
// Feedback to the reporter by a tip officer reaching the enterprise, once, after the verification and within
// kTipFeedbackMicros of it.
Decision decideGiveTipFeedback(const TipState& t, const Directory& dir, const Principal& actor,
                               schema::TipNote::Reader cmd, int64_t now);
// A reward (amountFen > 0) for a substantiated tip, once, by a tip officer or a leader reaching the enterprise.
Decision decideRewardTip(const TipState& t, const Directory& dir, const Principal& actor,
                         schema::RewardTip::Reader cmd);

}  // namespace qingling::domain
