// Administrative measures (行政措施: 约谈, 通报, 罚款, 暂扣执照, 停产停业整顿, 关闭, 黑名单, 提高监管等级) imposed and
// lifted as events on the stream "measure-<id>" (DOMAIN.md, Inspections, duties, tips, measures). Only a leader whose
// reach holds the enterprise imposes or lifts one; a measure is lifted at most once.
#pragma once

#include <cstdint>
#include <string>

#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "schemas/events.capnp.h"

namespace qingling::domain {

struct MeasureState {
  uint64_t version = 0;  // 0 = no such measure
  std::string id;
  std::string enterprise;
  schema::MeasureKind kind = schema::MeasureKind::WARNING_TALK;
  bool lifted = false;
};

std::string measureStream(const std::string& measureId);
void evolve(MeasureState& state, schema::EventEnvelope::Reader event);

// A fine names its amount, a raised supervision level its new level; every measure states its reason.
Decision decideImposeMeasure(const MeasureState& m, const Directory& dir, const Principal& actor,
                             schema::ImposeMeasure::Reader cmd);
Decision decideLiftMeasure(const MeasureState& m, const Directory& dir, const Principal& actor,
                           schema::LiftMeasure::Reader cmd);

}  // namespace qingling::domain
