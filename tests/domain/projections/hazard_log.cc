#include "tests/domain/projections/hazard_log.h"

namespace qingling::domain::projections::fixture {

void hazardRecorded(TestLog& log, int64_t recordedAt, int64_t occurredAt, const HazardSpec& spec) {
  auto e = log.add(recordedAt, occurredAt).initHazardRecorded();
  e.setHazardId(spec.id);
  e.setEnterprise(spec.enterprise);
  e.setCampaignId(spec.campaign);
  e.setSource(spec.source);
  e.setGrade(spec.grade);
  e.setCategory(spec.category);
  e.setDescription(spec.description);
  e.setDeadlineAt(spec.deadlineAt);
}

void rectificationPlanned(TestLog& log, int64_t at, const std::string& hazard, int64_t deadlineAt) {
  auto e = log.add(at).initRectificationPlanned();
  e.setHazardId(hazard);
  e.setDeadlineAt(deadlineAt);
}

void hazardRectified(TestLog& log, int64_t at, const std::string& hazard) {
  log.add(at).initHazardRectified().setHazardId(hazard);
}

void hazardVerified(TestLog& log, int64_t recordedAt, int64_t occurredAt, const std::string& hazard, bool passed) {
  auto e = log.add(recordedAt, occurredAt).initHazardVerified();
  e.setHazardId(hazard);
  e.setPassed(passed);
}

void hazardClosed(TestLog& log, int64_t at, const std::string& hazard) {
  log.add(at).initHazardClosed().setHazardId(hazard);
}

void hazardFixedOnSpot(TestLog& log, int64_t at, const std::string& hazard) {
  log.add(at).initHazardFixedOnSpot().setHazardId(hazard);
}

void hazardRegraded(TestLog& log, int64_t at, const std::string& hazard, schema::HazardGrade from,
                    schema::HazardGrade to) {
  auto e = log.add(at).initHazardRegraded();
  e.setHazardId(hazard);
  e.setFrom(from);
  e.setTo(to);
}

void hazardListed(TestLog& log, int64_t at, const std::string& hazard, const std::string& authority,
                  int64_t deadlineAt) {
  auto e = log.add(at).initHazardListed();
  e.setHazardId(hazard);
  e.setAuthority(authority);
  e.setDeadlineAt(deadlineAt);
}

void hazardDelisted(TestLog& log, int64_t at, const std::string& hazard) {
  log.add(at).initHazardDelisted().setHazardId(hazard);
}

void hazardReopened(TestLog& log, int64_t at, const std::string& hazard) {
  log.add(at).initHazardReopened().setHazardId(hazard);
}

void inspectionRecorded(TestLog& log, int64_t recordedAt, int64_t occurredAt, const std::string& id,
                        const std::string& enterprise, uint32_t spotChecks) {
  auto e = log.add(recordedAt, occurredAt).initInspectionRecorded();
  e.setInspectionId(id);
  e.setEnterprise(enterprise);
  e.setSpotChecks(spotChecks);
}

}  // namespace qingling::domain::projections::fixture
