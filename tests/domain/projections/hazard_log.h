// Shorthands for the hazard and inspection events the hazard projection tests use, appended to a TestLog.
#pragma once

#include <cstdint>
#include <string>

#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections::fixture {

struct HazardSpec {
  std::string id{}, enterprise{}, campaign{};
  schema::HazardSource source = schema::HazardSource::SELF_INSPECTION;
  schema::HazardGrade grade = schema::HazardGrade::MAJOR;
  std::string category{}, description{};
  int64_t deadlineAt = 0;
};

// recordedAt, then occurredAt (0 = the same) for each.
void hazardRecorded(TestLog& log, int64_t recordedAt, int64_t occurredAt, const HazardSpec& spec);
void rectificationPlanned(TestLog& log, int64_t at, const std::string& hazard, int64_t deadlineAt);
void hazardRectified(TestLog& log, int64_t at, const std::string& hazard);
void hazardVerified(TestLog& log, int64_t recordedAt, int64_t occurredAt, const std::string& hazard, bool passed);
void hazardClosed(TestLog& log, int64_t at, const std::string& hazard);
void hazardFixedOnSpot(TestLog& log, int64_t at, const std::string& hazard);
void hazardRegraded(TestLog& log, int64_t at, const std::string& hazard, schema::HazardGrade from,
                    schema::HazardGrade to);
void hazardListed(TestLog& log, int64_t at, const std::string& hazard, const std::string& authority,
                  int64_t deadlineAt);
void hazardDelisted(TestLog& log, int64_t at, const std::string& hazard);
void hazardReopened(TestLog& log, int64_t at, const std::string& hazard);
void inspectionRecorded(TestLog& log, int64_t recordedAt, int64_t occurredAt, const std::string& id,
                        const std::string& enterprise, uint32_t spotChecks);

}  // namespace qingling::domain::projections::fixture
