#include "domain/projections/duty_compliance.h"

#include <algorithm>

#include "domain/local_date.h"
#include "domain/occurrences.h"

namespace qingling::domain::projections {
namespace {

// DOMAIN.md, Time: a campaign without a timezone is local to Asia/Shanghai.
constexpr const char* kDefaultTimezone = "Asia/Shanghai";

}  // namespace

void DutyCompliance::apply(schema::EventEnvelope::Reader event) {
  using W = schema::Event::Which;
  auto payload = event.getPayload();
  switch (payload.which()) {
    case W::CAMPAIGN_DRAFTED: {
      auto c = payload.getCampaignDrafted().getCampaign();
      if (c.getId() != campaign_.c_str()) break;
      drafted_ = true;
      start_ = c.getStart();
      end_ = c.getEnd();
      timezone_ = c.getTimezone();
      duties_.clear();
      for (auto d : c.getDuties()) {
        Duty duty{d.getHolder(), d.getPosition(), {}};
        uint32_t index = 0;
        for (auto it : d.getItems()) {
          if (!it.getStanding()) {
            // atLeast 0 means the plan gave no count: "每周分析研判" asks for once per period.
            duty.items.push_back(Item{index, it.getText(), it.getActivity(), it.getEvery(),
                                      std::max<uint32_t>(it.getInterval(), 1), std::max<uint32_t>(it.getAtLeast(), 1)});
          }
          ++index;
        }
        duties_.push_back(std::move(duty));
      }
      break;
    }
    case W::DUTY_ACTIVITY_LOGGED: {
      auto a = payload.getDutyActivityLogged();
      if (a.getCampaignId() != campaign_.c_str()) break;
      activities_.push_back(Activity{a.getHolder(), a.getActivity(), event.getOccurredAt()});
      break;
    }
    default:
      break;
  }
}

uint32_t DutyCompliance::countDone(const Duty& duty, const Item& item, int64_t fromDay, int64_t toDay,
                                   int32_t offset) const {
  uint32_t done = 0;
  for (const Activity& a : activities_) {
    if (a.holder != duty.holder || a.activity != item.activity) continue;
    int64_t day = localDateOf(a.occurredAt, offset).days();
    if (day >= fromDay && day <= toDay) ++done;
  }
  return done;
}

void DutyCompliance::write(schema::DutyCompliance::Builder out, int64_t asOf) const {
  out.setCampaignId(campaign_);
  out.setAsOf(asOf);
  auto start = LocalDate::parse(start_);
  auto end = LocalDate::parse(end_);
  auto offset = timezoneOffsetSeconds(timezone_.empty() ? kDefaultTimezone : timezone_);
  if (!drafted_ || !start || !end || !offset || *end < *start) {
    out.initPeriods(0);
    return;
  }

  struct Row {
    const Duty* duty;
    const Item* item;
    LocalDate from, to;
    uint32_t done;
  };
  std::vector<Row> rows;
  for (const Duty& duty : duties_) {
    for (const Item& item : duty.items) {
      for (const Occurrence& o : recurringOccurrences(item.every, item.interval, *start, *end)) {
        LocalDate from = std::max(o.periodStart, *start);
        LocalDate to = std::min(o.periodEnd, *end);
        if (to < from || startOfLocalDay(from, *offset) > asOf) continue;
        rows.push_back(Row{&duty, &item, from, to, countDone(duty, item, from.days(), to.days(), *offset)});
      }
    }
  }

  auto periods = out.initPeriods(static_cast<unsigned>(rows.size()));
  for (unsigned i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    auto p = periods[i];
    p.setHolder(r.duty->holder);
    p.setPosition(r.duty->position);
    p.setItem(r.item->index);
    p.setText(r.item->text);
    p.setActivity(r.item->activity);
    p.setPeriodStart(r.from.str());
    p.setPeriodEnd(r.to.str());
    p.setRequired(r.item->atLeast);
    p.setDone(r.done);
    p.setMet(r.done >= r.item->atLeast);
  }
}

std::vector<uint16_t> DutyCompliance::eventTypes() {
  using W = schema::Event::Which;
  return {static_cast<uint16_t>(W::CAMPAIGN_DRAFTED), static_cast<uint16_t>(W::DUTY_ACTIVITY_LOGGED)};
}

}  // namespace qingling::domain::projections
