# Every event of the log: the envelope the store writes and the payload union, one struct per event of
# DOMAIN.md. Storage format: evolve only compatibly (see common.capnp) — add union members at the end.
#
# In storage, `hash` is left empty: the stored value is the 32-byte SHA-256 followed by the envelope's bytes,
# so the hash covers exactly what is stored (store/key_format.h). Readers fill `hash` in when they hand an
# envelope out (wire responses, exports).
@0xdb8b7f53d41bcf22;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("qingling::schema");

using Common = import "common.capnp";
using Plan = import "plan.capnp";

struct EventEnvelope {
  position @0 :UInt64;        # global position, from 1, dense: no gaps
  streamId @1 :Text;          # e.g. "hazard-zy-0001", "campaign-jc-2022-three-battles"
  streamVersion @2 :UInt64;   # from 1 within the stream
  recordedAt @3 :Int64;       # server clock at append: what the system knew when
  occurredAt @4 :Int64;       # business time stated by the actor
  actor @5 :Common.Actor;
  commandId @6 :Text;         # idempotency key of the command that produced it
  correlationId @7 :Text;     # the conversation it belongs to (e.g. one drill, one import)
  causationId @8 :Text;       # the command or event that caused it
  prevHash @9 :Data;          # hash of position-1; 32 zero bytes at position 1
  hash @10 :Data;             # see the file comment
  units @11 :List(Text);      # units whose projections need this event: the unit index keys
  payload @12 :Event;
}

struct Event {
  union {
    # Directory: units, users, tokens.
    note @0 :Note;
    unitRegistered @1 :UnitRegistered;
    unitAmended @2 :UnitAmended;
    userRegistered @3 :UserRegistered;
    userDeactivated @4 :UserDeactivated;
    tokenIssued @5 :TokenIssued;
    tokenRevoked @6 :TokenRevoked;

    # Campaigns and phases.
    campaignDrafted @7 :CampaignDrafted;
    campaignIssued @8 :CampaignIssued;
    phaseStarted @9 :PhaseStarted;
    phaseClosed @10 :PhaseClosed;
    campaignClosed @11 :CampaignClosed;
    taskAdded @12 :TaskAdded;

    # Dispatches.
    taskDispatched @13 :TaskDispatched;
    dispatchAcknowledged @14 :DispatchAcknowledged;
    progressReported @15 :ProgressReported;
    dispatchCompleted @16 :DispatchCompleted;
    dispatchDelegated @17 :DispatchDelegated;
    dispatchAccepted @18 :DispatchAccepted;
    dispatchReturned @19 :DispatchReturned;

    # Inspections, hazards and their closed loop.
    inspectionRecorded @20 :InspectionRecorded;
    hazardRecorded @21 :HazardRecorded;
    rectificationPlanned @22 :RectificationPlanned;
    hazardRectified @23 :HazardRectified;
    hazardVerified @24 :HazardVerified;
    hazardClosed @25 :HazardClosed;
    hazardFixedOnSpot @26 :HazardFixedOnSpot;
    hazardRegraded @27 :HazardRegraded;
    hazardDualReported @28 :HazardDualReported;
    hazardListed @29 :HazardListed;
    hazardDelisted @30 :HazardDelisted;
    hazardAssessed @31 :HazardAssessed;
    resumptionApplied @32 :ResumptionApplied;
    resumptionReviewed @33 :ResumptionReviewed;
    hazardReopened @34 :HazardReopened;
    extensionRequested @35 :ExtensionRequested;
    extensionDecided @36 :ExtensionDecided;

    # Leader duties and countable facts.
    dutyActivityLogged @37 :DutyActivityLogged;
    factRecorded @38 :FactRecorded;
    reportSubmitted @39 :ReportSubmitted;

    # Tips.
    tipReceived @40 :TipReceived;
    tipVerificationExtended @41 :TipVerificationExtended;
    tipVerified @42 :TipVerified;
    tipFeedbackGiven @43 :TipFeedbackGiven;
    tipRewarded @44 :TipRewarded;

    # Measures.
    measureImposed @45 :MeasureImposed;
    measureLifted @46 :MeasureLifted;

    # Escalation and time.
    escalationRaised @47 :EscalationRaised;
    escalationAcknowledged @48 :EscalationAcknowledged;
    clockAdvanced @49 :ClockAdvanced;
  }
}

struct Note {
  # An operator's annotation on the raw log; carries no domain meaning.
  text @0 :Text;
}

struct UnitRegistered {
  unit @0 :Plan.PlanUnit;
}

struct UnitAmended {
  unitId @0 :Text;
  name @1 :Text;              # empty = unchanged
  parent @2 :Text;            # empty = unchanged
  industry @3 :Text;
  employees @4 :UInt32;
  keySupervision @5 :Bool;
  supervisionLevel @6 :UInt8;
}

struct UserRegistered {
  userId @0 :Text;
  name @1 :Text;
  unit @2 :Text;
  roles @3 :List(Common.Role);
}

struct UserDeactivated {
  userId @0 :Text;
  reason @1 :Text;
}

struct TokenIssued {
  # The token itself is never stored: only a salted SHA-256 of it.
  tokenId @0 :Text;
  userId @1 :Text;
  salt @2 :Data;
  hash @3 :Data;
  expiresAt @4 :Int64;        # 0 = never
}

struct TokenRevoked {
  tokenId @0 :Text;
  reason @1 :Text;
}

struct CampaignDrafted {
  campaign @0 :Plan.Campaign;
  planSha256 @1 :Text;        # digest of the imported plan document
}

struct CampaignIssued {
  campaignId @0 :Text;
}

struct PhaseStarted {
  campaignId @0 :Text;
  phaseKey @1 :Text;
}

struct PhaseClosed {
  campaignId @0 :Text;
  phaseKey @1 :Text;
  summary @2 :Text;
}

struct CampaignClosed {
  campaignId @0 :Text;
  summary @1 :Text;
}

struct TaskAdded {
  campaignId @0 :Text;
  task @1 :Plan.Task;
}

struct TaskDispatched {
  dispatchId @0 :Text;
  campaignId @1 :Text;
  taskKey @2 :Text;
  assignee @3 :Text;
  occurrence @4 :UInt32;      # 1-based within the task's rule
  periodStart @5 :Text;       # local date; empty for continuous
  periodEnd @6 :Text;
  dueAt @7 :Int64;            # 0 = continuous: no deadline
  parentDispatch @8 :Text;    # set on a delegated child
  targets @9 :List(Common.Target);
  reviewer @10 :Text;         # unit whose review accepts or returns it: the issuer, or the delegating assignee
  title @11 :Text;            # the task's title, for lists read without the plan
}

struct DispatchAcknowledged {
  dispatchId @0 :Text;
}

struct ProgressReported {
  dispatchId @0 :Text;
  note @1 :Text;
  evidence @2 :List(Common.EvidenceRef);
}

struct DispatchCompleted {
  dispatchId @0 :Text;
  note @1 :Text;
  evidence @2 :List(Common.EvidenceRef);
}

struct DispatchDelegated {
  dispatchId @0 :Text;
  children @1 :List(Text);    # dispatch ids of the child dispatches, each with its own taskDispatched
}

struct DispatchAccepted {
  dispatchId @0 :Text;
  note @1 :Text;
}

struct DispatchReturned {
  dispatchId @0 :Text;
  reason @1 :Text;
}

struct InspectionRecorded {
  inspectionId @0 :Text;
  enterprise @1 :Text;
  kind @2 :Common.InspectionKind;
  inspectors @3 :List(Text);
  inspectingUnit @4 :Text;
  campaignId @5 :Text;
  categories @6 :List(Text);  # what was checked, for 应发现未发现
  hazards @7 :List(Text);     # hazard ids found; empty = none found
  spotChecks @8 :UInt32;      # 抽查 count for the monthly dispatch table
  note @9 :Text;
}

struct HazardRecorded {
  hazardId @0 :Text;
  enterprise @1 :Text;
  campaignId @2 :Text;
  inspectionId @3 :Text;
  source @4 :Common.HazardSource;
  grade @5 :Common.HazardGrade;
  gradeName @6 :Text;
  criterion @7 :Common.MajorCriterion;
  nature @8 :Common.HazardNature;
  category @9 :Text;
  location @10 :Text;
  description @11 :Text;
  foundBy @12 :Text;
  deadline @13 :Text;         # local date
  deadlineAt @14 :Int64;      # end of that local day
  tipId @15 :Text;            # source = tip
}

struct RectificationPlanned {
  # 五落实 plus the major-hazard 治理方案 elements.
  hazardId @0 :Text;
  responsible @1 :Text;
  measures @2 :Text;
  fundsFen @3 :Int64;
  deadline @4 :Text;
  deadlineAt @5 :Int64;
  contingencyPlan @6 :Text;
  goals @7 :Text;
  methods @8 :Text;
  interimControls @9 :Text;
  safetyMeasures @10 :Text;
}

struct HazardRectified {
  hazardId @0 :Text;
  note @1 :Text;
  evidence @2 :List(Common.EvidenceRef);
}

struct HazardVerified {
  # 复查验收: passed → verified; failed → back to open or rectificationPlanned.
  hazardId @0 :Text;
  passed @1 :Bool;
  note @2 :Text;
  evidence @3 :List(Common.EvidenceRef);
}

struct HazardClosed {
  hazardId @0 :Text;
  note @1 :Text;
}

struct HazardFixedOnSpot {
  hazardId @0 :Text;
  note @1 :Text;
  evidence @2 :List(Common.EvidenceRef);
}

struct HazardRegraded {
  hazardId @0 :Text;
  from @1 :Common.HazardGrade;
  to @2 :Common.HazardGrade;
  criterion @3 :Common.MajorCriterion;
  reason @4 :Text;
}

struct HazardDualReported {
  hazardId @0 :Text;
  supervisingDepartment @1 :Text;
  employeesInformedAt @2 :Int64;
}

struct HazardListed {
  hazardId @0 :Text;
  authority @1 :Text;
  deadline @2 :Text;
  deadlineAt @3 :Int64;
  suspension @4 :Bool;        # 停产停业治理
}

struct HazardDelisted {
  hazardId @0 :Text;
  note @1 :Text;
}

struct HazardAssessed {
  hazardId @0 :Text;
  assessor @1 :Text;
  passed @2 :Bool;
  note @3 :Text;
}

struct ResumptionApplied {
  hazardId @0 :Text;
  note @1 :Text;
}

struct ResumptionReviewed {
  hazardId @0 :Text;
  passed @1 :Bool;
  note @2 :Text;
}

struct HazardReopened {
  hazardId @0 :Text;
  reason @1 :Text;
}

struct ExtensionRequested {
  subject @0 :Common.SubjectRef;
  requestedDeadline @1 :Text;
  reason @2 :Text;
}

struct ExtensionDecided {
  subject @0 :Common.SubjectRef;
  approved @1 :Bool;
  deadline @2 :Text;
  deadlineAt @3 :Int64;
  note @4 :Text;
}

struct DutyActivityLogged {
  holder @0 :Text;
  campaignId @1 :Text;
  activity @2 :Common.DutyActivity;
  coveredUnit @3 :Text;
  inspectionId @4 :Text;      # an inspection activity is also an inspection
  note @5 :Text;
}

struct FactRecorded {
  unit @0 :Text;
  campaignId @1 :Text;
  kind @2 :Common.FactKind;
  title @3 :Text;
  evidence @4 :List(Common.EvidenceRef);
}

struct ReportSubmitted {
  campaignId @0 :Text;
  reportKey @1 :Text;
  unit @2 :Text;
  occurrence @3 :UInt32;
  content @4 :Text;
  evidence @5 :List(Common.EvidenceRef);
}

struct TipReceived {
  tipId @0 :Text;
  enterprise @1 :Text;
  content @2 :Text;
  anonymous @3 :Bool;
  sealedReporter @4 :Data;    # reporter identity, encrypted at rest; only tipOfficer may unseal
  verifyBy @5 :Int64;
}

struct TipVerificationExtended {
  tipId @0 :Text;
  verifyBy @1 :Int64;
  reason @2 :Text;
}

struct TipVerified {
  tipId @0 :Text;
  substantiated @1 :Bool;
  hazardId @2 :Text;
  note @3 :Text;
}

struct TipFeedbackGiven {
  tipId @0 :Text;
  note @1 :Text;
}

struct TipRewarded {
  tipId @0 :Text;
  amountFen @1 :Int64;
}

struct MeasureImposed {
  measureId @0 :Text;
  enterprise @1 :Text;
  kind @2 :Common.MeasureKind;
  reason @3 :Text;
  hazardId @4 :Text;
  amountFen @5 :Int64;
  until @6 :Int64;
  newSupervisionLevel @7 :UInt8;
}

struct MeasureLifted {
  measureId @0 :Text;
  reason @1 :Text;
}

struct EscalationRaised {
  escalationId @0 :Text;
  subject @1 :Common.SubjectRef;
  campaignId @2 :Text;
  step @3 :UInt32;            # index in the ladder; manual escalations use the action only
  action @4 :Common.EscalationAction;
  addressee @5 :Text;         # unit id
  dueAt @6 :Int64;            # the instant the step fell due (also recordedAt unless late)
  late @7 :Bool;              # fired after a restart, past its due instant
  manual @8 :Bool;
  note @9 :Text;
}

struct EscalationAcknowledged {
  escalationId @0 :Text;
  note @1 :Text;
}

struct ClockAdvanced {
  from @0 :Int64;
  to @1 :Int64;
}
