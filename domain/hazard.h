// A hazard (隐患) as folded from its stream "hazard-<id>", and the decisions of its closed loop (DOMAIN.md, Hazards):
// open → rectificationPlanned (五落实) → rectified → verified (复查验收) → closed (销号); a general hazard may be
// fixed on the spot (即查即改, open → closed with evidence); a major one needs a plan before it is reported
// rectified, gets 双报告, and may be listed (挂牌督办) by a leader's unit, which alone delists it (摘牌) and closes
// it. Regrading is an event. A unit acts only on hazards of enterprises within its reach (its subtree).
//
// A hazard listed under suspension (停产停业治理) is not verified by plain 复查验收: once rectified it is assessed
// (评估, by the enterprise's own experts or an agency), the enterprise applies for resumption (恢复生产申请), and
// the authority's on-site review decides — passed counts as verified (it may then be delisted and closed), failed
// sends it back to rectifying like a failed verification, and so does a failed assessment.
//
// Deadlines may be extended (延期申请, domain/extension.h): an approved extensionDecided replaces deadlineAt; both
// deadlines stay in the log. Pure: no I/O, no clock; deadlines are local dates in China's single time (UTC+8), due
// at the end of that day.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "schemas/events.capnp.h"

namespace qingling::domain {

enum class HazardStatus { open, rectificationPlanned, rectified, verified, closed };

struct HazardState {
  uint64_t version = 0;  // 0 = no such hazard
  std::string id;
  std::string enterprise;
  std::string campaignId;
  schema::HazardGrade grade = schema::HazardGrade::GENERAL;
  HazardStatus status = HazardStatus::open;
  bool planned = false;            // a rectification plan (五落实) is on record for the current round
  bool dualReported = false;       // 双报告 done (major hazards)
  bool listed = false;             // 挂牌督办 in force
  std::string authority;           // the listing unit; kept after delisting, it still closes the hazard
  int64_t deadlineAt = 0;          // 0 = none; the current deadline, after approved extensions
  bool suspension = false;         // listed under 停产停业治理: closed through assessment and resumption review
  bool assessed = false;           // a passed assessment (评估) is on record for the current rectification
  bool resumptionApplied = false;  // 恢复生产申请 made, awaiting the authority's review
  std::string extensionRequested;  // the requested deadline (local date) of a pending 延期申请; empty = none
  uint32_t extensions = 0;         // approved extensions

  // Under suspension: the assessment and resumption path replaces plain verification.
  bool underSuspension() const { return listed && suspension; }
};

// China keeps UTC+8 all year; hazard deadlines are local dates there.
constexpr int32_t kHazardOffsetSeconds = 8 * 3600;

std::string hazardStream(const std::string& hazardId);
void evolve(HazardState& state, schema::EventEnvelope::Reader event);

// The fields of a new hazard checked and its hazardRecorded event built for stream hazard-<cmd.hazardId>
// (noStream), with `source`, `foundBy` (the finding unit) and `tipId` as given. No actor checks: callers do those.
// `existing` is the state loaded for that stream (refused if it already exists).
std::variant<StreamEvents, Rejection> hazardRecordedStream(const HazardState& existing, const Directory& dir,
                                                           schema::RecordHazard::Reader cmd,
                                                           schema::HazardSource source, const std::string& foundBy,
                                                           const std::string& tipId);

// A department, enterprise or leader records a hazard of an enterprise within its reach; an enterprise user only
// for its own unit and only from self-inspection. Source `tip` is recorded through verifyTip, never here.
Decision decideRecordHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                            schema::RecordHazard::Reader cmd);
// The enterprise (or a department reaching it) records the 五落实 plan; open or already planned (re-planning).
Decision decidePlanRectification(const HazardState& h, const Directory& dir, const Principal& actor,
                                 schema::PlanRectification::Reader cmd);
// The enterprise side reports it rectified with evidence; a major hazard needs a plan first.
Decision decideReportRectified(const HazardState& h, const Directory& dir, const Principal& actor,
                               schema::HazardEvidence::Reader cmd);
// A department or leader reaching the enterprise, not the enterprise itself, verifies a rectified hazard; a
// failure (with a note) sends it back to rectificationPlanned if a plan exists, else to open. Refused for a hazard
// under suspension: that one goes through assessHazard, applyResumption and reviewResumption instead.
Decision decideVerifyRectification(const HazardState& h, const Directory& dir, const Principal& actor,
                                   schema::VerifyRectification::Reader cmd);
// 销号 of a verified hazard by a department or leader reaching it; a listed hazard must be delisted first, and a
// hazard that was ever listed is closed only by its authority's reach.
Decision decideCloseHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                           schema::HazardNote::Reader cmd);
// 即查即改: a general open hazard closed in one step, with evidence.
Decision decideFixOnSpot(const HazardState& h, const Directory& dir, const Principal& actor,
                         schema::HazardEvidence::Reader cmd);
// 一般↔重大 by a department or leader, with a reason (and a criterion when to major); never on a closed or listed one.
Decision decideRegradeHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                             schema::RegradeHazard::Reader cmd);
// 双报告 of a major hazard, once, by the enterprise side, naming a registered supervising department.
Decision decideDualReport(const HazardState& h, const Directory& dir, const Principal& actor,
                          schema::DualReport::Reader cmd);
// 挂牌督办 of an open major hazard by a leader reaching it; the leader's unit becomes the authority.
Decision decideListHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                          schema::ListHazard::Reader cmd);
// 摘牌 of a listed, verified hazard by a leader or department within the authority's reach.
Decision decideDelistHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                            schema::HazardNote::Reader cmd);
// A closed hazard reopened (back to open, plan cleared) by a department or leader reaching it, with a reason.
Decision decideReopenHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                            schema::HazardNote::Reader cmd);

// The suspension path (hazard_resumption.cc). 评估 of a rectified hazard under suspension, once per round, by the
// enterprise side naming its assessor; a failed assessment (with a note) sends it back to rectifying.
Decision decideAssessHazard(const HazardState& h, const Directory& dir, const Principal& actor,
                            schema::AssessHazard::Reader cmd);
// 恢复生产申请 by the enterprise itself (enterprise role, its own unit) after a passed assessment, once per round.
Decision decideApplyResumption(const HazardState& h, const Directory& dir, const Principal& actor,
                               schema::HazardNote::Reader cmd);
// The on-site review by a leader or department within the listing authority's reach: passed → verified; failed
// (with a note) → back to rectifying, assessment and application cleared.
Decision decideReviewResumption(const HazardState& h, const Directory& dir, const Principal& actor,
                                schema::ReviewResumption::Reader cmd);

}  // namespace qingling::domain
