// Enterprise profile (企业档案; DOMAIN.md, Units, Hazards, Inspections, duties, tips, measures): one enterprise's
// unit facts (name, industry, employees, 重点监管, supervision level), its hazards as the ledger shows them with
// counts by status and grade, its measures imposed and lifted, its inspections and how many tips named it.
//
// The supervision level in force is the new level of the latest standing (not lifted) raisedSupervision measure,
// else the unit's own. Tips are counted only: the reporter's identity, the sealed bytes and the tip's content never
// leave the fold, whoever asks; with `showTips` false (the enterprise's own users ask) not even the counts do, since
// a pending tip would warn the enterprise of an unannounced check (四不两直). Unit facts are folded from the log
// too, so an as-of answer shows them as they were.
//
// Contract: `apply` takes events in global position order, cut at asOf by the caller — the events indexed under
// the enterprise's unit id are enough; events about other enterprises are ignored (a subsidiary's hazard is its
// own profile's, not its parent's). Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/directory.h"
#include "domain/projections/hazard_ledger.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

class EnterpriseProfile {
 public:
  EnterpriseProfile(std::string enterprise, bool showTips);

  void apply(schema::EventEnvelope::Reader event);
  void write(schema::EnterpriseProfile::Builder out, int64_t asOf) const;

  static std::vector<uint16_t> eventTypes();

 private:
  struct Measure {
    std::string id, reason, hazard, imposedBy, liftReason;
    schema::MeasureKind kind = schema::MeasureKind::WARNING_TALK;
    int64_t amountFen = 0, until = 0, imposedAt = 0, liftedAt = 0;
    uint8_t newLevel = 0;
    bool lifted = false;
  };
  struct Inspection {
    std::string id, inspectingUnit, campaign;
    schema::InspectionKind kind = schema::InspectionKind::SELF;
    int64_t occurredAt = 0;
    std::vector<std::string> inspectors, hazards;
    uint32_t spotChecks = 0;
  };
  enum class TipOutcome { pending, substantiated, unfounded };

  uint8_t supervisionLevelInForce() const;

  std::string enterprise_;
  bool showTips_;
  Directory unit_;  // only the enterprise itself: the ledger's subtree filter then keeps exactly its hazards
  HazardLedger ledger_;
  std::vector<Measure> measures_;  // imposed order
  std::vector<Inspection> inspections_;
  std::map<std::string, TipOutcome> tips_;
};

}  // namespace qingling::domain::projections
