// What follows a tip's receipt besides its verification: the one extension of the verification deadline, the
// feedback to the reporter and the reward (DOMAIN.md, Rules and defaults: tips). Each checks existence, then the
// actor, then the lifecycle step.
#include "domain/duration.h"
#include "domain/tip.h"

namespace qingling::domain {
namespace {

using schema::Role;

std::optional<Rejection> requireTip(const TipState& t, capnp::Text::Reader id) {
  if (t.version != 0) return std::nullopt;
  return reject(RejectionCode::notFound, "tip '" + std::string(id.cStr()) + "' does not exist", "tipId");
}

// The actor holds one of the roles and the tip's enterprise lies within its reach.
std::optional<Rejection> requireOfficer(const TipState& t, const Directory& dir, const Principal& actor, bool leaderToo,
                                        const char* command) {
  if (!actor.has(Role::TIP_OFFICER) && !(leaderToo && actor.has(Role::LEADER))) {
    return reject(RejectionCode::forbidden, std::string(command) + (leaderToo ? " needs the tipOfficer or leader role"
                                                                              : " needs the tipOfficer role"));
  }
  if (!dir.isWithin(t.enterprise, actor.unit)) {
    return reject(RejectionCode::forbidden, std::string(command) + ": tip '" + t.id + "' about '" + t.enterprise +
                                                "' is outside the reach of " + actor.user);
  }
  return std::nullopt;
}

Emitted onTip(const TipState& t, EventDraft event) {
  return emit(tipStream(t.id), StreamExpectation::exactLoaded, std::move(event), t.version);
}

}  // namespace

Decision decideExtendTipVerification(const TipState& t, const Directory& dir, const Principal& actor,
                                     schema::ExtendTipVerification::Reader cmd, int64_t now) {
  if (auto r = requireTip(t, cmd.getTipId())) return *r;
  if (auto r = requireOfficer(t, dir, actor, true, "extendTipVerification")) return *r;
  if (t.verified) return reject(RejectionCode::conflict, "tip '" + t.id + "' is already verified", "tipId");
  if (t.extended) {
    return reject(RejectionCode::conflict, "tip '" + t.id + "' was already extended: the +30 days are granted once",
                  "tipId");
  }
  if (now >= t.verifyBy) {
    return reject(RejectionCode::conflict,
                  "tip '" + t.id + "' is past its verification deadline: an extension is granted before it", "tipId");
  }
  auto by = parseDuration(cmd.getBy().cStr());
  if (!by || *by <= 0 || *by > kTipExtensionMaxMicros) {
    return reject(RejectionCode::invalid, "extend by a positive ISO 8601 duration of at most P30D (e.g. P30D)", "by");
  }
  if (cmd.getReason().size() == 0) return reject(RejectionCode::invalid, "an extension states why", "reason");
  EventDraft event = draft({t.enterprise, actor.unit});
  auto e = event.envelope().initPayload().initTipVerificationExtended();
  e.setTipId(t.id);
  e.setVerifyBy(t.verifyBy + *by);
  e.setReason(cmd.getReason());
  return onTip(t, std::move(event));
}

Decision decideGiveTipFeedback(const TipState& t, const Directory& dir, const Principal& actor,
                               schema::TipNote::Reader cmd, int64_t now) {
  if (auto r = requireTip(t, cmd.getTipId())) return *r;
  if (auto r = requireOfficer(t, dir, actor, false, "giveTipFeedback")) return *r;
  if (!t.verified) {
    return reject(RejectionCode::conflict, "tip '" + t.id + "' is not verified yet: feedback follows the verification",
                  "tipId");
  }
  if (t.feedbackGiven) return reject(RejectionCode::conflict, "tip '" + t.id + "' already has its feedback", "tipId");
  if (now > t.verifiedAt + kTipFeedbackMicros) {
    return reject(RejectionCode::conflict,
                  "tip '" + t.id + "': feedback is given within 10 days of the verification, and that time is past",
                  "tipId");
  }
  if (cmd.getNote().size() == 0) return reject(RejectionCode::invalid, "feedback says what was found", "note");
  EventDraft event = draft({t.enterprise, actor.unit});
  auto e = event.envelope().initPayload().initTipFeedbackGiven();
  e.setTipId(t.id);
  e.setNote(cmd.getNote());
  return onTip(t, std::move(event));
}

Decision decideRewardTip(const TipState& t, const Directory& dir, const Principal& actor,
                         schema::RewardTip::Reader cmd) {
  if (auto r = requireTip(t, cmd.getTipId())) return *r;
  if (auto r = requireOfficer(t, dir, actor, true, "rewardTip")) return *r;
  if (!t.verified || !t.substantiated) {
    return reject(RejectionCode::conflict,
                  "only a substantiated tip is rewarded; tip '" + t.id + "' is " +
                      (t.verified ? "unfounded" : "not verified yet"),
                  "tipId");
  }
  if (t.rewarded) return reject(RejectionCode::conflict, "tip '" + t.id + "' is already rewarded", "tipId");
  if (cmd.getAmountFen() <= 0) {
    return reject(RejectionCode::invalid, "a reward is a positive amount in fen (0.01 yuan)", "amountFen");
  }
  EventDraft event = draft({t.enterprise, actor.unit});
  auto e = event.envelope().initPayload().initTipRewarded();
  e.setTipId(t.id);
  e.setAmountFen(cmd.getAmountFen());
  return onTip(t, std::move(event));
}

}  // namespace qingling::domain
