// Imposing and lifting administrative measures.
#include "domain/measure.h"

namespace qingling::domain {
namespace {

std::optional<Rejection> requireLeader(const Directory& dir, const Principal& actor, const std::string& enterprise,
                                       const char* command) {
  if (!actor.has(schema::Role::LEADER))
    return reject(RejectionCode::forbidden, std::string(command) + " needs a leader");
  if (!dir.isWithin(enterprise, actor.unit)) {
    return reject(RejectionCode::forbidden, "'" + enterprise + "' is outside the reach of " + actor.user, "enterprise");
  }
  return std::nullopt;
}

}  // namespace

std::string measureStream(const std::string& measureId) { return "measure-" + measureId; }

void evolve(MeasureState& m, schema::EventEnvelope::Reader event) {
  m.version = event.getStreamVersion();
  auto p = event.getPayload();
  if (p.isMeasureImposed()) {
    m.id = p.getMeasureImposed().getMeasureId();
    m.enterprise = p.getMeasureImposed().getEnterprise();
    m.kind = p.getMeasureImposed().getKind();
  } else if (p.isMeasureLifted()) {
    m.lifted = true;
  }
}

Decision decideImposeMeasure(const MeasureState& m, const Directory& dir, const Principal& actor,
                             schema::ImposeMeasure::Reader cmd) {
  std::string id = cmd.getMeasureId();
  if (id.empty()) return reject(RejectionCode::invalid, "a measure needs an id", "measureId");
  std::string enterprise = cmd.getEnterprise();
  if (dir.unit(enterprise) == nullptr) {
    return reject(RejectionCode::notFound, "unit '" + enterprise + "' is not registered", "enterprise");
  }
  if (auto r = requireLeader(dir, actor, enterprise, "imposeMeasure")) return *r;
  if (m.version != 0) return reject(RejectionCode::conflict, "measure '" + id + "' already exists", "measureId");
  if (cmd.getReason().size() == 0) return reject(RejectionCode::invalid, "a measure states its reason", "reason");
  if (cmd.getKind() == schema::MeasureKind::FINE && cmd.getAmountFen() <= 0) {
    return reject(RejectionCode::invalid, "a fine names a positive amount", "amountFen");
  }
  if (cmd.getKind() == schema::MeasureKind::RAISED_SUPERVISION && cmd.getNewSupervisionLevel() == 0) {
    return reject(RejectionCode::invalid, "raising supervision names the new level", "newSupervisionLevel");
  }
  EventDraft event = draft({enterprise, actor.unit});
  auto e = event.envelope().initPayload().initMeasureImposed();
  e.setMeasureId(id);
  e.setEnterprise(enterprise);
  e.setKind(cmd.getKind());
  e.setReason(cmd.getReason());
  e.setHazardId(cmd.getHazardId());
  e.setAmountFen(cmd.getAmountFen());
  e.setUntil(cmd.getUntil());
  e.setNewSupervisionLevel(cmd.getNewSupervisionLevel());
  return emit(measureStream(id), StreamExpectation::noStream, std::move(event));
}

Decision decideLiftMeasure(const MeasureState& m, const Directory& dir, const Principal& actor,
                           schema::LiftMeasure::Reader cmd) {
  if (m.version == 0) {
    return reject(RejectionCode::notFound, "measure '" + std::string(cmd.getMeasureId().cStr()) + "' does not exist",
                  "measureId");
  }
  if (auto r = requireLeader(dir, actor, m.enterprise, "liftMeasure")) return *r;
  if (m.lifted) return reject(RejectionCode::conflict, "measure '" + m.id + "' is already lifted", "measureId");
  if (cmd.getReason().size() == 0) return reject(RejectionCode::invalid, "lifting a measure states why", "reason");
  EventDraft event = draft({m.enterprise, actor.unit});
  auto e = event.envelope().initPayload().initMeasureLifted();
  e.setMeasureId(m.id);
  e.setReason(cmd.getReason());
  return emit(measureStream(m.id), StreamExpectation::exactLoaded, std::move(event), m.version);
}

}  // namespace qingling::domain
