# Projection results: folds over the log, rebuilt on demand, as of any instant (DOMAIN.md, Reports and
# projections). These are answers, not storage, but they travel on the wire: evolve compatibly (see common.capnp).
@0xf4c1e9d449731a71;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("qingling::schema");

using Common = import "common.capnp";

enum DispatchStatus {
  dispatched @0;
  acknowledged @1;   # 签收
  inProgress @2;     # progress reported, or returned by the reviewer
  completed @3;      # 办结, awaiting review
  accepted @4;
}

struct TaskListRow {
  dispatchId @0 :Text;
  campaignId @1 :Text;
  taskKey @2 :Text;
  title @3 :Text;
  assignee @4 :Text;
  occurrence @5 :UInt32;
  periodStart @6 :Text;
  periodEnd @7 :Text;
  dueAt @8 :Int64;                      # 0 = continuous
  status @9 :DispatchStatus;
  overdue @10 :Bool;                    # past dueAt and not completed/accepted
  parentDispatch @11 :Text;
  children @12 :List(Text);
  escalated @13 :Bool;                  # some escalation step was raised
  escalationLevel @14 :Common.EscalationAction;  # the highest raised, when escalated
  acknowledgedAt @15 :Int64;
  completedAt @16 :Int64;
  returns @17 :UInt32;                  # times returned by the reviewer
}

struct TaskList {
  unit @0 :Text;
  asOf @1 :Int64;
  rows @2 :List(TaskListRow);           # the unit's own dispatches and those delegated below it
}

struct ProgressCounts {
  dispatched @0 :UInt32;                # all dispatches
  acknowledged @1 :UInt32;              # acknowledged or further
  completed @2 :UInt32;                 # completed or accepted
  accepted @3 :UInt32;
  overdue @4 :UInt32;
  acknowledgedRate @5 :Float64;         # acknowledged / dispatched, 0 when none
  completedRate @6 :Float64;
  acceptedRate @7 :Float64;
}

struct PhaseProgress {
  key @0 :Text;
  name @1 :Text;
  status @2 :Text;                      # pending, active, closed
  startedAt @3 :Int64;
  closedAt @4 :Int64;
  counts @5 :ProgressCounts;
}

struct TaskProgress {
  key @0 :Text;
  title @1 :Text;
  phase @2 :Text;
  counts @3 :ProgressCounts;
}

struct UnitProgress {
  unit @0 :Text;
  counts @1 :ProgressCounts;
}

struct CampaignProgress {
  campaignId @0 :Text;
  asOf @1 :Int64;
  status @2 :Text;                      # drafted, issued, closed
  total @3 :ProgressCounts;
  phases @4 :List(PhaseProgress);
  tasks @5 :List(TaskProgress);
  units @6 :List(UnitProgress);
}

struct EscalationRow {
  escalationId @0 :Text;
  subject @1 :Common.SubjectRef;
  campaignId @2 :Text;
  step @3 :UInt32;
  action @4 :Common.EscalationAction;
  addressee @5 :Text;
  dueAt @6 :Int64;
  raisedAt @7 :Int64;                   # recordedAt of the escalation event
  late @8 :Bool;
  manual @9 :Bool;
  acknowledged @10 :Bool;
  ageSeconds @11 :Int64;                # asOf - dueAt
}

struct LevelCount {
  action @0 :Common.EscalationAction;
  open @1 :UInt32;
}

struct EscalationBoard {
  asOf @0 :Int64;
  rows @1 :List(EscalationRow);         # open (unacknowledged) escalations, oldest first
  levels @2 :List(LevelCount);
}

struct DutyPeriod {
  holder @0 :Text;
  position @1 :Text;
  item @2 :UInt32;                      # index in the duty's items
  text @3 :Text;
  activity @4 :Common.DutyActivity;
  periodStart @5 :Text;
  periodEnd @6 :Text;
  required @7 :UInt32;
  done @8 :UInt32;
  met @9 :Bool;
}

struct DutyCompliance {
  campaignId @0 :Text;
  asOf @1 :Int64;
  periods @2 :List(DutyPeriod);         # measured items, one row per period that has begun by asOf
}

struct HazardRow {
  hazardId @0 :Text;
  enterprise @1 :Text;
  campaignId @2 :Text;
  source @3 :Common.HazardSource;
  grade @4 :Common.HazardGrade;         # current, after regrades
  gradeName @5 :Text;
  category @6 :Text;
  description @7 :Text;
  status @8 :Text;                      # open, rectificationPlanned, rectified, verified, closed
  foundAt @9 :Int64;                    # occurredAt of hazardRecorded
  recordedAt @10 :Int64;
  deadlineAt @11 :Int64;                # latest of recorded, planned, listing and extended deadlines; 0 = none
  overdue @12 :Bool;                    # past deadlineAt and neither verified nor closed
  listed @13 :Bool;                     # 挂牌督办, not delisted
  authority @14 :Text;                  # the listing unit, when listed
  verificationsFailed @15 :UInt32;
  reopened @16 :UInt32;                 # times reopened
  extensions @17 :UInt32;               # approved extensions (延期); deadlineAt is then the last one granted
  extensionPending @18 :Bool;           # an extension request awaits its decision
  suspension @19 :Bool;                 # listed under 停产停业治理: closed through assessment and resumption review
  assessed @20 :Bool;                   # a passed assessment (评估) of the current rectification
  resumptionApplied @21 :Bool;          # 恢复生产申请 made, awaiting the authority's on-site review
}

struct HazardLedger {
  asOf @0 :Int64;
  rows @1 :List(HazardRow);             # by foundAt, then hazard id
}

struct DispatchTable {
  # 月度调度表 (seed 003 附件2): cumulative from the start to the end of `month` (UTC+8).
  unit @0 :Text;
  month @1 :Text;                       # YYYY-MM
  cutoff @2 :Int64;                     # first instant after the month ends; counted = occurred and recorded before
  selfInspectionMajorFound @3 :UInt32;
  selfInspectionMajorRectified @4 :UInt32;
  governmentMajorFound @5 :UInt32;      # enforcement, expert, crossInspection, unannounced, supervision
  governmentMajorRectified @6 :UInt32;
  listedFound @7 :UInt32;               # 挂牌督办 by the cutoff
  listedRectified @8 :UInt32;
  spotChecks @9 :UInt32;                # sum of inspectionRecorded.spotChecks
  rectificationRate @10 :Float64;       # rectified / found over all majors, 0 when none
  overdueNotRectified @11 :UInt32;      # majors past deadline and not verified by the cutoff
  majorFound @12 :UInt32;               # all majors, any source (tips included)
  majorRectified @13 :UInt32;
}

struct Query {
  asOf @0 :Int64;                       # 0 = now; cut by recordedAt
  body :union {
    taskList @1 :Text;                  # unit id
    campaignProgress @2 :Text;          # campaign id
    escalationBoard @3 :EscalationBoardQuery;
    dutyCompliance @4 :Text;            # campaign id
    hazardLedger @5 :HazardLedgerQuery;
    dispatchTable @6 :DispatchTableQuery;
    enterpriseProfile @7 :Text;         # enterprise unit id
    taskTargets @8 :TaskTargetsQuery;
    accountabilityReview @9 :AccountabilityReviewQuery;
  }
  validAt @10 :Int64;                   # 0 = no business-time cut. Else the state of affairs at this instant as
                                        # known at asOf: only events with occurredAt <= validAt among those with
                                        # recordedAt <= asOf, folded in log order; "now" of the view (overdue,
                                        # ages, periods begun) is then validAt instead of asOf.
  wantProgress @11 :Bool;               # the asker reads interim Response.progress frames before the answer
}

struct EscalationBoardQuery {
  campaignId @0 :Text;                  # empty = every campaign
  unit @1 :Text;                        # empty = the asker's reach; else addressees within this unit's subtree
}

struct HazardLedgerQuery {
  unit @0 :Text;                        # empty = the asker's reach; else enterprises within this unit's subtree
  campaignId @1 :Text;                  # empty = every campaign
  filterGrade @2 :Bool;
  grade @3 :Common.HazardGrade;         # when filterGrade
  status @4 :Text;                      # empty = any; else one of HazardRow.status
  overdueOnly @5 :Bool;
  filterSource @6 :Bool;
  source @7 :Common.HazardSource;       # when filterSource
}

struct DispatchTableQuery {
  unit @0 :Text;                        # empty = the asker's unit; enterprises within its subtree
  month @1 :Text;                       # YYYY-MM
  campaignId @2 :Text;                  # empty = from the beginning; else from the campaign's start date
}

struct Projection {
  union {
    taskList @0 :TaskList;
    campaignProgress @1 :CampaignProgress;
    escalationBoard @2 :EscalationBoard;
    dutyCompliance @3 :DutyCompliance;
    hazardLedger @4 :HazardLedger;
    dispatchTable @5 :DispatchTable;
    enterpriseProfile @6 :EnterpriseProfile;
    taskTargets @7 :TaskTargets;
    accountabilityReview @8 :AccountabilityReview;
  }
  validAt @9 :Int64;                    # the Query's validAt this answer was cut at; 0 = none (asOf only)
}

struct EnterpriseProfile {
  # 企业档案: one enterprise's unit facts, hazards, measures, inspections and how many tips named it, as of asOf.
  # Tips are a count only: never the reporter's identity, the sealed bytes or the content; and none at all for the
  # enterprise's own users (tipsWithheld).
  enterprise @0 :Text;
  asOf @1 :Int64;
  name @2 :Text;
  parent @3 :Text;
  industry @4 :Text;
  employees @5 :UInt32;
  smallOrMicro @6 :Bool;                # fewer than 30 employees (小微), when employees are known
  keySupervision @7 :Bool;              # 重点监管
  supervisionLevel @8 :UInt8;           # in force: a standing raisedSupervision measure's level, else the unit's own
  unitSupervisionLevel @9 :UInt8;       # as registered or amended; 0 = unset
  hazards @10 :HazardLedger;            # the ledger's rows for this enterprise
  hazardsByStatus @11 :List(NamedCount);
  hazardsByGrade @12 :List(NamedCount);
  overdueHazards @13 :UInt32;
  measures @14 :List(MeasureRow);       # by imposedAt
  inspections @15 :List(InspectionRow); # by occurredAt
  tipsReceived @16 :UInt32;
  tipsSubstantiated @17 :UInt32;
  tipsUnfounded @18 :UInt32;
  tipsWithheld @19 :Bool;               # asked by the enterprise's own users: pending tips would warn it of
                                        # unannounced checks (四不两直), so no tip figure is given
}

struct NamedCount {
  name @0 :Text;
  count @1 :UInt32;
}

struct MeasureRow {
  measureId @0 :Text;
  kind @1 :Common.MeasureKind;
  reason @2 :Text;
  hazardId @3 :Text;
  amountFen @4 :Int64;
  until @5 :Int64;
  newSupervisionLevel @6 :UInt8;
  imposedAt @7 :Int64;                  # occurredAt of measureImposed
  imposedBy @8 :Text;                   # the acting unit
  lifted @9 :Bool;
  liftedAt @10 :Int64;
  liftReason @11 :Text;
}

struct InspectionRow {
  inspectionId @0 :Text;
  kind @1 :Common.InspectionKind;
  occurredAt @2 :Int64;
  inspectors @3 :List(Text);
  inspectingUnit @4 :Text;
  campaignId @5 :Text;
  hazards @6 :List(Text);               # hazard ids found; empty = none
  spotChecks @7 :UInt32;
}

struct TaskTargetsQuery {
  campaignId @0 :Text;
  unit @1 :Text;                        # empty = every dispatch of the campaign; else assignees in this subtree
}

struct TargetCount {
  metric @0 :Text;                      # as in the plan: inspections, hazardsFound, majorHazardsFound, …
  atLeast @1 :UInt32;
  counted @2 :UInt32;                   # from recorded facts of the assignee's subtree in the period
  met @3 :Bool;
}

struct DispatchTargets {
  dispatchId @0 :Text;
  taskKey @1 :Text;
  title @2 :Text;
  assignee @3 :Text;
  occurrence @4 :UInt32;
  periodStart @5 :Text;                 # local dates actually counted over
  periodEnd @6 :Text;                   # empty = open-ended (continuous work of a campaign without an end)
  targets @7 :List(TargetCount);
  met @8 :Bool;                         # every target met
}

struct TaskTargets {
  # Quantitative task targets (DOMAIN.md, Tasks and dispatch) checked against recorded facts, as of asOf.
  campaignId @0 :Text;
  unit @1 :Text;
  asOf @2 :Int64;
  dispatches @3 :List(DispatchTargets); # dispatches that carry targets, by period start, then dispatch id
}

struct AccountabilityReviewQuery {
  # Exactly one of campaignId, unit, enterprise names the scope.
  campaignId @0 :Text;
  unit @1 :Text;                        # findings about or owed by units within this subtree
  enterprise @2 :Text;                  # findings about this enterprise or owed by it
  backdatedThreshold @3 :Int64;         # microseconds; 0 = P3D
}

enum FindingKind {
  lateAcknowledgement @0;               # 签收 after the dispatch's deadline
  lateCompletion @1;                    # 办结 after the dispatch's deadline
  overdueDispatch @2;                   # still not completed past its deadline, as of asOf
  escalationIgnored @3;                 # raised, never acknowledged, the work not done before the next step or asOf
  hazardOverdue @4;                     # rectification deadline passed before verification or closure
  verificationFailed @5;                # 复查验收 or resumption review failed
  hazardReopened @6;
  backdated @7;                         # occurredAt earlier than recordedAt by more than the threshold
  missedHazard @8;                      # 应发现未发现: an inspection of the enterprise that did not find it
}

struct EvidenceEvent {
  position @0 :UInt64;
  recordedAt @1 :Int64;
  occurredAt @2 :Int64;
  actor @3 :Common.Actor;
  type @4 :Text;                        # the Event union member, e.g. hazardRecorded
  hash @5 :Data;                        # the event's chain hash
}

struct Finding {
  kind @0 :FindingKind;
  subject @1 :Text;                     # dispatch, hazard or tip id; an inspection id for a back-dated inspection
  campaignId @2 :Text;
  responsibleUnit @3 :Text;
  coveringLeader @4 :Text;              # 包联: the campaign's duty holder covering the responsible unit; empty = none
  at @5 :Int64;                         # the late act (or the event that is the finding); 0 = not done by asOf
  dueAt @6 :Int64;                      # the deadline missed, when there is one
  lateBySeconds @7 :Int64;              # how long past dueAt (or the threshold's measure for back-dating)
  description @8 :Text;
  evidence @9 :List(EvidenceEvent);     # by position
}

struct AccountabilityReview {
  # 追责问责 (DOMAIN.md, Reports and projections): findings by responsible unit, kind, subject, first evidence.
  scope @0 :Text;                       # "campaign C", "unit U" or "enterprise E"
  asOf @1 :Int64;
  backdatedThreshold @2 :Int64;
  findings @3 :List(Finding);
}
