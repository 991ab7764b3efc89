// Leader duty compliance (DOMAIN.md, Inspections, duties; Reports and projections): for one campaign, every
// measured duty item (包联: 每周分析研判, 每半月至少1次督导检查 …) of every holder, one row per period that has begun,
// with the activities the holder logged in that period against the number required.
//
// Periods are the item's recurring occurrences over the campaign span, clipped to the span: a campaign that starts
// on the 10th asks nothing of the 1st-9th. A period has begun when its first (clipped) local day has started by
// asOf. An activity counts in the period holding the local day of its occurredAt — when it was done, not when it
// was logged; the caller's asOf cut by recordedAt still decides what was known. Standing items are not measured.
//
// Contract: `apply` takes events in global position order, cut at asOf by the caller. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "schemas/events.capnp.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

class DutyCompliance {
 public:
  explicit DutyCompliance(std::string campaign) : campaign_(std::move(campaign)) {}

  void apply(schema::EventEnvelope::Reader event);
  // Rows by duty, then item, then period, in plan order. No rows when the campaign was not drafted as of asOf or
  // its span or timezone cannot be read.
  void write(schema::DutyCompliance::Builder out, int64_t asOf) const;

  static std::vector<uint16_t> eventTypes();

 private:
  struct Item {
    uint32_t index = 0;  // in the duty's items, standing ones included
    std::string text;
    schema::DutyActivity activity = schema::DutyActivity::INSPECTION;
    schema::Period every = schema::Period::MONTH;
    uint32_t interval = 1;
    uint32_t atLeast = 1;
  };
  struct Duty {
    std::string holder;
    std::string position;
    std::vector<Item> items;  // measured items only
  };
  struct Activity {
    std::string holder;
    schema::DutyActivity activity;
    int64_t occurredAt;
  };

  uint32_t countDone(const Duty& duty, const Item& item, int64_t fromDay, int64_t toDay, int32_t offset) const;

  std::string campaign_;
  bool drafted_ = false;
  std::string start_;
  std::string end_;
  std::string timezone_;
  std::vector<Duty> duties_;
  std::vector<Activity> activities_;
};

}  // namespace qingling::domain::projections
