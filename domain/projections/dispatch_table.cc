#include "domain/projections/dispatch_table.h"

#include <algorithm>
#include <charconv>

#include "domain/local_date.h"

namespace qingling::domain::projections {
namespace {

constexpr int32_t kChinaOffset = 8 * 3600;

// The first instant after the local month "YYYY-MM" (UTC+8), or 0.
int64_t monthCutoff(const std::string& month) {
  if (month.size() != 7 || month[4] != '-') return 0;
  int year = 0, mon = 0;
  auto y = std::from_chars(month.data(), month.data() + 4, year);
  auto m = std::from_chars(month.data() + 5, month.data() + 7, mon);
  if (y.ec != std::errc{} || y.ptr != month.data() + 4 || m.ec != std::errc{} || m.ptr != month.data() + 7) return 0;
  if (mon < 1 || mon > 12 || year < 1970) return 0;
  return endOfLocalDay(LocalDate{year, mon, LocalDate::daysInMonth(year, mon)}, kChinaOffset);
}

bool government(schema::HazardSource source) {
  using S = schema::HazardSource;
  return source == S::ENFORCEMENT || source == S::EXPERT || source == S::CROSS_INSPECTION || source == S::UNANNOUNCED ||
         source == S::SUPERVISION;
}

}  // namespace

DispatchTable::DispatchTable(std::string unit, std::string month, std::string campaign, const Directory& directory)
    : unit_(std::move(unit)),
      month_(std::move(month)),
      campaign_(std::move(campaign)),
      directory_(directory),
      cutoff_(monthCutoff(month_)) {}

void DispatchTable::apply(schema::EventEnvelope::Reader event) {
  if (cutoff_ == 0 || event.getOccurredAt() >= cutoff_ || event.getRecordedAt() >= cutoff_) return;
  using W = schema::Event::Which;
  auto payload = event.getPayload();
  switch (payload.which()) {
    case W::CAMPAIGN_DRAFTED: {
      auto c = payload.getCampaignDrafted().getCampaign();
      if (campaign_.empty() || c.getId() != campaign_.c_str()) break;
      auto start = LocalDate::parse(c.getStart().cStr());
      auto offset = timezoneOffsetSeconds(c.getTimezone().cStr());
      if (start) from_ = startOfLocalDay(*start, offset.value_or(kChinaOffset));
      break;
    }
    case W::INSPECTION_RECORDED: {
      auto e = payload.getInspectionRecorded();
      if (e.getSpotChecks() > 0) inspections_.push_back({e.getEnterprise(), event.getOccurredAt(), e.getSpotChecks()});
      break;
    }
    default:
      book_.apply(event);
      break;
  }
}

void DispatchTable::write(schema::DispatchTable::Builder out, int64_t asOf) const {
  out.setUnit(unit_);
  out.setMonth(month_);
  out.setCutoff(cutoff_);
  if (cutoff_ == 0) return;
  auto inUnit = [&](const std::string& enterprise) { return unit_.empty() || directory_.isWithin(enterprise, unit_); };
  const int64_t now = std::min(cutoff_, asOf);

  uint32_t selfFound = 0, selfRectified = 0, govFound = 0, govRectified = 0, listedFound = 0, listedRectified = 0;
  uint32_t majorFound = 0, majorRectified = 0, overdue = 0, spotChecks = 0;
  for (const auto& [id, h] : book_.hazards()) {
    if (h.foundAt < from_ || !inUnit(h.enterprise)) continue;
    if (h.everListed) {
      ++listedFound;
      if (h.verified) ++listedRectified;
    }
    if (h.grade != schema::HazardGrade::MAJOR) continue;
    ++majorFound;
    if (h.verified) ++majorRectified;
    if (h.source == schema::HazardSource::SELF_INSPECTION) {
      ++selfFound;
      if (h.verified) ++selfRectified;
    } else if (government(h.source)) {
      ++govFound;
      if (h.verified) ++govRectified;
    }
    if (!h.verified && h.deadlineAt != 0 && h.deadlineAt < now) ++overdue;
  }
  for (const Inspection& i : inspections_) {
    if (i.occurredAt >= from_ && inUnit(i.enterprise)) spotChecks += i.spotChecks;
  }

  out.setSelfInspectionMajorFound(selfFound);
  out.setSelfInspectionMajorRectified(selfRectified);
  out.setGovernmentMajorFound(govFound);
  out.setGovernmentMajorRectified(govRectified);
  out.setListedFound(listedFound);
  out.setListedRectified(listedRectified);
  out.setSpotChecks(spotChecks);
  out.setRectificationRate(majorFound == 0 ? 0.0 : static_cast<double>(majorRectified) / majorFound);
  out.setOverdueNotRectified(overdue);
  out.setMajorFound(majorFound);
  out.setMajorRectified(majorRectified);
}

std::vector<uint16_t> DispatchTable::eventTypes() {
  auto types = HazardBook::eventTypes();
  types.push_back(static_cast<uint16_t>(schema::Event::Which::CAMPAIGN_DRAFTED));
  types.push_back(static_cast<uint16_t>(schema::Event::Which::INSPECTION_RECORDED));
  return types;
}

}  // namespace qingling::domain::projections
