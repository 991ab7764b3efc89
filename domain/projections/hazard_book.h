// Hazard book: the state of every hazard as folded from its lifecycle events (DOMAIN.md, Hazards), shared by the
// hazard ledger and the monthly dispatch table. No filtering: the projections filter in `write`.
//
// Lifecycle: recorded → open; rectificationPlanned → rectificationPlanned; rectified → rectified; verified passed →
// verified, failed → back to rectificationPlanned (when a plan exists) or open; closed / fixedOnSpot → closed;
// reopened → open. Under suspension (listed with 停产停业治理): assessed passed → `assessed`, failed → back like a
// failed verification; resumptionApplied → `resumptionApplied`; resumptionReviewed passed → verified (it counts as
// a passed verification), failed → back and counted as a failed verification. The deadline is the latest one stated
// (recorded, planned, listed, or an approved extension, which also counts in `extensions`); a pending request shows as
// `extensionPending`. Contract: `apply` takes events in global position order; events about hazards never recorded (and
// extension events about other subjects) are ignored. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "schemas/events.capnp.h"

namespace qingling::domain::projections {

struct HazardState {
  std::string id, enterprise, campaign, gradeName, category, description, status, authority;
  schema::HazardSource source = schema::HazardSource::SELF_INSPECTION;
  schema::HazardGrade grade = schema::HazardGrade::GENERAL;
  int64_t foundAt = 0;     // occurredAt of hazardRecorded
  int64_t recordedAt = 0;  // recordedAt of hazardRecorded
  int64_t deadlineAt = 0;
  bool planned = false;
  bool verified = false;  // the last verification passed and it was not reopened since
  bool listed = false;    // currently listed
  bool everListed = false;
  uint32_t verificationsFailed = 0;  // failed verifications and resumption reviews (复查验收 by the authority)
  uint32_t reopened = 0;
  uint32_t extensions = 0;  // approved extensions
  bool extensionPending = false;
  bool suspension = false;  // listed under 停产停业治理 (cleared when delisted)
  bool assessed = false;    // a passed assessment of the current rectification
  bool resumptionApplied = false;
};

class HazardBook {
 public:
  void apply(schema::EventEnvelope::Reader event);
  const std::map<std::string, HazardState>& hazards() const { return hazards_; }

  static std::vector<uint16_t> eventTypes();

 private:
  std::map<std::string, HazardState> hazards_;  // by hazard id
};

}  // namespace qingling::domain::projections
