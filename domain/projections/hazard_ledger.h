// Hazard ledger (隐患台账; DOMAIN.md, Hazards; Reports and projections): one row per hazard with its current
// grade, status, deadline and listing, filterable by unit subtree, campaign, grade, source, status and overdue.
// A row also shows whether the deadline was extended (延期: deadlineAt is the current one, `extensions` how many
// times it was extended, `extensionPending` a request awaiting decision) and where a hazard under suspension stands
// on its way to resumption (`suspension`, `assessed`, `resumptionApplied`).
//
// A hazard is overdue when asOf is past its deadline (the latest stated: recorded, planned, listed or extended) and it
// is neither verified nor closed — a rectified hazard still waits for 复查验收.
//
// Contract: `apply` takes events in global position order, cut at asOf by the caller. `filter.unit` empty = no
// unit filter (the server passes the asker's unit when the query names none), else only hazards whose enterprise
// is within that unit's subtree. `directory` is read only in `write` and must outlive this. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/directory.h"
#include "domain/projections/hazard_book.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

struct HazardLedgerFilter {
  std::string unit{};
  std::string campaign{};
  std::optional<schema::HazardGrade> grade{};
  std::optional<schema::HazardSource> source{};
  std::string status{};  // empty = any
  bool overdueOnly = false;
};

class HazardLedger {
 public:
  HazardLedger(HazardLedgerFilter filter, const Directory& directory)
      : filter_(std::move(filter)), directory_(directory) {}

  void apply(schema::EventEnvelope::Reader event) { book_.apply(event); }
  // Rows by foundAt, then hazard id.
  void write(schema::HazardLedger::Builder out, int64_t asOf) const;

  static std::vector<uint16_t> eventTypes() { return HazardBook::eventTypes(); }

 private:
  HazardLedgerFilter filter_;
  const Directory& directory_;
  HazardBook book_;
};

}  // namespace qingling::domain::projections
