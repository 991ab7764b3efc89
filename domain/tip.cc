// Receiving and verifying tips.
#include "domain/tip.h"

namespace qingling::domain {

using schema::Role;

std::string tipStream(const std::string& tipId) { return "tip-" + tipId; }

void evolve(TipState& t, schema::EventEnvelope::Reader event) {
  t.version = event.getStreamVersion();
  auto p = event.getPayload();
  switch (p.which()) {
    case schema::Event::TIP_RECEIVED:
      t.id = p.getTipReceived().getTipId();
      t.enterprise = p.getTipReceived().getEnterprise();
      t.verifyBy = p.getTipReceived().getVerifyBy();
      break;
    case schema::Event::TIP_VERIFICATION_EXTENDED:
      t.verifyBy = p.getTipVerificationExtended().getVerifyBy();
      t.extended = true;
      break;
    case schema::Event::TIP_VERIFIED:
      t.verified = true;
      t.verifiedAt = event.getRecordedAt();
      t.substantiated = p.getTipVerified().getSubstantiated();
      t.hazardId = p.getTipVerified().getHazardId();
      break;
    case schema::Event::TIP_FEEDBACK_GIVEN:
      t.feedbackGiven = true;
      break;
    case schema::Event::TIP_REWARDED:
      t.rewarded = true;
      break;
    default:
      break;
  }
}

Decision decideReceiveTip(const TipState& t, const Directory& dir, const Principal& actor,
                          schema::ReceiveTip::Reader cmd, const std::string& sealedReporter, int64_t now) {
  if (!actor.has(Role::TIP_OFFICER)) return reject(RejectionCode::forbidden, "receiveTip needs the tipOfficer role");
  std::string id = cmd.getTipId();
  if (id.empty()) return reject(RejectionCode::invalid, "a tip needs an id", "tipId");
  if (t.version != 0) return reject(RejectionCode::conflict, "tip '" + id + "' already exists", "tipId");
  std::string enterprise = cmd.getEnterprise();
  if (dir.unit(enterprise) == nullptr) {
    return reject(RejectionCode::notFound, "unit '" + enterprise + "' is not registered", "enterprise");
  }
  // Every follow-up (verify, extend, feedback, reward) needs the enterprise within the officer's reach, and the
  // tip's deadline escalates to the receiving unit: a tip about someone else's enterprise would be stuck here.
  if (!dir.isWithin(enterprise, actor.unit)) {
    return reject(RejectionCode::forbidden,
                  "receiveTip: '" + enterprise + "' is outside the reach of " + actor.user +
                      "; a tip officer of a unit above it receives the tip",
                  "enterprise");
  }
  if (cmd.getContent().size() == 0) return reject(RejectionCode::invalid, "a tip states what it reports", "content");
  if (cmd.getAnonymous() && cmd.getReporter().size() != 0) {
    return reject(RejectionCode::invalid, "an anonymous tip names no reporter", "reporter");
  }
  if (!cmd.getAnonymous() && (cmd.getReporter().size() == 0 || sealedReporter.empty())) {
    return reject(RejectionCode::invalid, "a named tip needs the reporter's identity (or mark it anonymous)",
                  "reporter");
  }
  EventDraft event = draft({enterprise, actor.unit});
  auto e = event.envelope().initPayload().initTipReceived();
  e.setTipId(id);
  e.setEnterprise(enterprise);
  e.setContent(cmd.getContent());
  e.setAnonymous(cmd.getAnonymous());
  if (!cmd.getAnonymous()) {
    e.setSealedReporter(kj::arrayPtr(reinterpret_cast<const kj::byte*>(sealedReporter.data()), sealedReporter.size()));
  }
  e.setVerifyBy(now + kTipVerifyMicros);
  return emit(tipStream(id), StreamExpectation::noStream, std::move(event));
}

Decision decideVerifyTip(const TipState& t, const HazardState& hazard, const Directory& dir, const Principal& actor,
                         schema::VerifyTip::Reader cmd) {
  if (t.version == 0) {
    return reject(RejectionCode::notFound, "tip '" + std::string(cmd.getTipId().cStr()) + "' does not exist", "tipId");
  }
  if (!actor.has(Role::TIP_OFFICER) && !actor.has(Role::DEPARTMENT)) {
    return reject(RejectionCode::forbidden, "verifyTip needs the tipOfficer or department role");
  }
  if (!dir.isWithin(t.enterprise, actor.unit)) {
    return reject(RejectionCode::forbidden,
                  "tip '" + t.id + "' about '" + t.enterprise + "' is outside the reach of " + actor.user);
  }
  if (t.verified) return reject(RejectionCode::conflict, "tip '" + t.id + "' is already verified", "tipId");
  Emitted out;
  StreamEvents tip{tipStream(t.id), StreamExpectation::exactLoaded, t.version, {}};
  tip.events.push_back(draft({t.enterprise, actor.unit}));
  auto e = tip.events.back().envelope().initPayload().initTipVerified();
  e.setTipId(t.id);
  e.setSubstantiated(cmd.getSubstantiated());
  e.setNote(cmd.getNote());
  if (!cmd.getSubstantiated()) {
    if (cmd.getNote().size() == 0) return reject(RejectionCode::invalid, "an unfounded tip says why", "note");
    out.streams.push_back(std::move(tip));
    return out;
  }
  if (!cmd.hasHazard()) return reject(RejectionCode::invalid, "a substantiated tip records its hazard", "hazard");
  auto h = cmd.getHazard();
  if (std::string(h.getEnterprise().cStr()) != t.enterprise) {
    return reject(RejectionCode::invalid, "the hazard is of the tip's enterprise '" + t.enterprise + "'",
                  "hazard.enterprise");
  }
  auto stream = hazardRecordedStream(hazard, dir, h, schema::HazardSource::TIP, actor.unit, t.id);
  if (auto* r = std::get_if<Rejection>(&stream)) return Rejection{r->code, r->message, "hazard." + r->path};
  e.setHazardId(h.getHazardId());
  out.streams.push_back(std::move(tip));
  out.streams.push_back(std::move(std::get<StreamEvents>(stream)));
  return out;
}

}  // namespace qingling::domain
