#include "domain/projections/enterprise_profile.h"

#include <algorithm>

#include <capnp/schema.h>

namespace qingling::domain::projections {
namespace {

using W = schema::Event::Which;

constexpr uint32_t kSmallOrMicroBelow = 30;  // 小微: fewer than 30 employees (DOMAIN.md, Units)

std::vector<std::string> texts(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> out;
  for (auto t : list) out.emplace_back(t);
  return out;
}

void setTexts(capnp::List<capnp::Text>::Builder out, const std::vector<std::string>& values) {
  for (unsigned i = 0; i < values.size(); ++i) out.set(i, values[i]);
}

void writeCounts(capnp::List<schema::NamedCount>::Builder out, const std::map<std::string, uint32_t>& counts) {
  unsigned i = 0;
  for (const auto& [name, count] : counts) {
    out[i].setName(name);
    out[i++].setCount(count);
  }
}

template <class Enum>
std::string enumName(Enum value) {
  auto all = capnp::Schema::from<Enum>().getEnumerants();
  auto index = static_cast<uint16_t>(value);
  return index < all.size() ? std::string(all[index].getProto().getName().cStr()) : std::to_string(index);
}

}  // namespace

EnterpriseProfile::EnterpriseProfile(std::string enterprise, bool showTips)
    : enterprise_(std::move(enterprise)),
      showTips_(showTips),
      ledger_(HazardLedgerFilter{.unit = enterprise_}, unit_) {}

void EnterpriseProfile::apply(schema::EventEnvelope::Reader event) {
  auto payload = event.getPayload();
  switch (payload.which()) {
    case W::UNIT_REGISTERED:
      if (payload.getUnitRegistered().getUnit().getId() == enterprise_.c_str()) unit_.evolve(payload);
      break;
    case W::UNIT_AMENDED:
      if (payload.getUnitAmended().getUnitId() == enterprise_.c_str()) unit_.evolve(payload);
      break;
    case W::INSPECTION_RECORDED: {
      auto e = payload.getInspectionRecorded();
      if (e.getEnterprise() != enterprise_.c_str()) break;
      inspections_.push_back({e.getInspectionId(), e.getInspectingUnit(), e.getCampaignId(), e.getKind(),
                              event.getOccurredAt(), texts(e.getInspectors()), texts(e.getHazards()),
                              e.getSpotChecks()});
      break;
    }
    case W::MEASURE_IMPOSED: {
      auto e = payload.getMeasureImposed();
      if (e.getEnterprise() != enterprise_.c_str()) break;
      Measure m;
      m.id = e.getMeasureId();
      m.reason = e.getReason();
      m.hazard = e.getHazardId();
      m.imposedBy = event.getActor().getUnit();
      m.kind = e.getKind();
      m.amountFen = e.getAmountFen();
      m.until = e.getUntil();
      m.imposedAt = event.getOccurredAt();
      m.newLevel = e.getNewSupervisionLevel();
      measures_.push_back(std::move(m));
      break;
    }
    case W::MEASURE_LIFTED: {
      auto e = payload.getMeasureLifted();
      for (Measure& m : measures_) {
        if (e.getMeasureId() != m.id.c_str()) continue;
        m.lifted = true;
        m.liftedAt = event.getOccurredAt();
        m.liftReason = e.getReason();
      }
      break;
    }
    case W::TIP_RECEIVED:
      // Only the id and the enterprise are read: the reporter and the content stay in the log.
      if (payload.getTipReceived().getEnterprise() == enterprise_.c_str()) {
        tips_[payload.getTipReceived().getTipId()] = TipOutcome::pending;
      }
      break;
    case W::TIP_VERIFIED: {
      auto it = tips_.find(payload.getTipVerified().getTipId());
      if (it != tips_.end()) {
        it->second = payload.getTipVerified().getSubstantiated() ? TipOutcome::substantiated : TipOutcome::unfounded;
      }
      break;
    }
    default:
      ledger_.apply(event);
      break;
  }
}

uint8_t EnterpriseProfile::supervisionLevelInForce() const {
  for (auto m = measures_.rbegin(); m != measures_.rend(); ++m) {
    if (m->kind == schema::MeasureKind::RAISED_SUPERVISION && !m->lifted && m->newLevel != 0) return m->newLevel;
  }
  const Unit* u = unit_.unit(enterprise_);
  return u == nullptr ? 0 : u->supervisionLevel;
}

void EnterpriseProfile::write(schema::EnterpriseProfile::Builder out, int64_t asOf) const {
  out.setEnterprise(enterprise_);
  out.setAsOf(asOf);
  if (const Unit* u = unit_.unit(enterprise_)) {
    out.setName(u->name);
    out.setParent(u->parent);
    out.setIndustry(u->industry);
    out.setEmployees(u->employees);
    out.setSmallOrMicro(u->employees > 0 && u->employees < kSmallOrMicroBelow);
    out.setKeySupervision(u->keySupervision);
    out.setUnitSupervisionLevel(u->supervisionLevel);
  }
  out.setSupervisionLevel(supervisionLevelInForce());

  // The counts are taken from the rows the ledger wrote, so they always agree with them.
  ledger_.write(out.initHazards(), asOf);
  std::map<std::string, uint32_t> byStatus, byGrade;
  uint32_t overdue = 0;
  for (auto row : out.getHazards().asReader().getRows()) {
    ++byStatus[row.getStatus()];
    ++byGrade[enumName(row.getGrade())];
    if (row.getOverdue()) ++overdue;
  }
  writeCounts(out.initHazardsByStatus(static_cast<unsigned>(byStatus.size())), byStatus);
  writeCounts(out.initHazardsByGrade(static_cast<unsigned>(byGrade.size())), byGrade);
  out.setOverdueHazards(overdue);

  std::vector<const Measure*> measures;
  for (const Measure& m : measures_) measures.push_back(&m);
  std::stable_sort(measures.begin(), measures.end(),
                   [](const Measure* a, const Measure* b) { return a->imposedAt < b->imposedAt; });
  auto mrows = out.initMeasures(static_cast<unsigned>(measures.size()));
  for (unsigned i = 0; i < measures.size(); ++i) {
    const Measure& m = *measures[i];
    auto row = mrows[i];
    row.setMeasureId(m.id);
    row.setKind(m.kind);
    row.setReason(m.reason);
    row.setHazardId(m.hazard);
    row.setAmountFen(m.amountFen);
    row.setUntil(m.until);
    row.setNewSupervisionLevel(m.newLevel);
    row.setImposedAt(m.imposedAt);
    row.setImposedBy(m.imposedBy);
    row.setLifted(m.lifted);
    row.setLiftedAt(m.liftedAt);
    row.setLiftReason(m.liftReason);
  }

  std::vector<const Inspection*> inspections;
  for (const Inspection& i : inspections_) inspections.push_back(&i);
  std::stable_sort(inspections.begin(), inspections.end(),
                   [](const Inspection* a, const Inspection* b) { return a->occurredAt < b->occurredAt; });
  auto irows = out.initInspections(static_cast<unsigned>(inspections.size()));
  for (unsigned i = 0; i < inspections.size(); ++i) {
    const Inspection& in = *inspections[i];
    auto row = irows[i];
    row.setInspectionId(in.id);
    row.setKind(in.kind);
    row.setOccurredAt(in.occurredAt);
    setTexts(row.initInspectors(static_cast<unsigned>(in.inspectors.size())), in.inspectors);
    row.setInspectingUnit(in.inspectingUnit);
    row.setCampaignId(in.campaign);
    setTexts(row.initHazards(static_cast<unsigned>(in.hazards.size())), in.hazards);
    row.setSpotChecks(in.spotChecks);
  }

  if (!showTips_) {
    out.setTipsWithheld(true);
    return;
  }
  out.setTipsReceived(static_cast<uint32_t>(tips_.size()));
  out.setTipsSubstantiated(static_cast<uint32_t>(
      std::count_if(tips_.begin(), tips_.end(), [](const auto& t) { return t.second == TipOutcome::substantiated; })));
  out.setTipsUnfounded(static_cast<uint32_t>(
      std::count_if(tips_.begin(), tips_.end(), [](const auto& t) { return t.second == TipOutcome::unfounded; })));
}

std::vector<uint16_t> EnterpriseProfile::eventTypes() {
  auto types = HazardLedger::eventTypes();
  for (W w : {W::UNIT_REGISTERED, W::UNIT_AMENDED, W::INSPECTION_RECORDED, W::MEASURE_IMPOSED, W::MEASURE_LIFTED,
              W::TIP_RECEIVED, W::TIP_VERIFIED}) {
    types.push_back(static_cast<uint16_t>(w));
  }
  return types;
}

}  // namespace qingling::domain::projections
