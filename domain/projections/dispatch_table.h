// Monthly dispatch table (月度调度表; DOMAIN.md, Reports and projections; seed 003 附件2): for a unit's subtree,
// cumulative from the start to the end of `month` (UTC+8) — major hazards found by self-inspection and how many of
// them rectified; found by government inspection (enforcement, expert, crossInspection, unannounced, supervision)
// and rectified; listed (挂牌督办) and rectified; spot checks summed from inspections; the rectification rate over
// all majors (tips included) and the majors overdue and not rectified (到期未整改).
//
// "By the end of the month" means occurred AND recorded before `cutoff` (the first instant after the month): every
// event — a finding, a regrade, a verification, a reopening — counts only if both held, so a table for a past month
// does not change when late news arrives. "Rectified" = the last verification by then passed (复查验收) and the
// hazard was not reopened since. Grade is the grade as of the cutoff; a listed hazard counts as listed even once
// delisted. The start is the campaign's start date (in its timezone) when a campaign is named and drafted, else the
// beginning of the log; findings and inspections that occurred before it are left out. Overdue counts majors whose
// deadline is before min(cutoff, asOf) and which are not rectified.
//
// Contract: `apply` takes events in global position order, cut at asOf by the caller. `unit` empty = every
// enterprise, else enterprises within its subtree. An unparseable `month` yields cutoff 0 and zero counts.
// `directory` is read only in `write` and must outlive this. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/directory.h"
#include "domain/projections/hazard_book.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

class DispatchTable {
 public:
  DispatchTable(std::string unit, std::string month, std::string campaign, const Directory& directory);

  void apply(schema::EventEnvelope::Reader event);
  void write(schema::DispatchTable::Builder out, int64_t asOf) const;

  static std::vector<uint16_t> eventTypes();

 private:
  struct Inspection {
    std::string enterprise;
    int64_t occurredAt = 0;
    uint32_t spotChecks = 0;
  };

  std::string unit_;
  std::string month_;
  std::string campaign_;
  const Directory& directory_;
  int64_t cutoff_ = 0;  // 0 = bad month
  int64_t from_ = 0;
  HazardBook book_;
  std::vector<Inspection> inspections_;
};

}  // namespace qingling::domain::projections
