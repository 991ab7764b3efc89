// Escalation state and its acknowledgement (escalation_ack.h).
#include "domain/escalation_ack.h"

namespace qingling::domain {

using schema::Role;

std::string escalationStream(const std::string& escalationId) {
  std::string tail = escalationId;
  if (auto hash = tail.rfind('#'); hash != std::string::npos) tail[hash] = '-';
  return "escalation-" + tail;
}

void evolve(EscalationState& e, schema::EventEnvelope::Reader event) {
  e.version = event.getStreamVersion();
  auto p = event.getPayload();
  switch (p.which()) {
    case schema::Event::ESCALATION_RAISED:
      e.id = p.getEscalationRaised().getEscalationId();
      e.addressee = p.getEscalationRaised().getAddressee();
      e.units.clear();
      for (auto unit : event.getUnits()) e.units.push_back(unit);
      break;
    case schema::Event::ESCALATION_ACKNOWLEDGED:
      e.acknowledged = true;
      break;
    default:
      break;
  }
}

Decision decideAcknowledgeEscalation(const EscalationState& e, const Directory& dir, const Principal& actor,
                                     schema::AcknowledgeEscalation::Reader cmd) {
  if (e.version == 0) {
    return reject(RejectionCode::notFound,
                  "escalation '" + std::string(cmd.getEscalationId().cStr()) + "' does not exist", "escalationId");
  }
  if (!actor.has(Role::LEADER) && !actor.has(Role::DEPARTMENT) && !actor.has(Role::ENTERPRISE) &&
      !actor.has(Role::TIP_OFFICER)) {
    return reject(RejectionCode::forbidden,
                  "acknowledgeEscalation needs the leader, department, enterprise or tipOfficer role");
  }
  if (!dir.isWithin(e.addressee, actor.unit)) {
    return reject(RejectionCode::forbidden, "escalation '" + e.id + "' is addressed to '" + e.addressee +
                                                "': a user of that unit or of a unit above it acknowledges it");
  }
  if (e.acknowledged) {
    return reject(RejectionCode::conflict, "escalation '" + e.id + "' is already acknowledged", "escalationId");
  }
  std::vector<std::string> units = e.units;
  units.push_back(actor.unit);
  EventDraft event = draft(units);
  auto out = event.envelope().initPayload().initEscalationAcknowledged();
  out.setEscalationId(e.id);
  out.setNote(cmd.getNote());
  return emit(escalationStream(e.id), StreamExpectation::exactLoaded, std::move(event), e.version);
}

}  // namespace qingling::domain
