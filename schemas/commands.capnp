# Every command a principal may issue: one struct per command of DOMAIN.md. A command is a request; the
# domain decides it into events or a rejection. Commands are logged only through the events they produce, but
# drills store them as capnp-json, so evolve compatibly here too (see common.capnp).
@0xa2c476c3eda2c229;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("qingling::schema");

using Common = import "common.capnp";
using Plan = import "plan.capnp";

struct Command {
  commandId @0 :Text;         # client-chosen idempotency key; a retry returns the first result
  occurredAt @1 :Int64;       # business time stated by the actor; 0 = now
  correlationId @2 :Text;
  body :union {
    # Administration.
    registerUnit @3 :Plan.PlanUnit;
    amendUnit @4 :AmendUnit;
    registerUser @5 :RegisterUser;
    deactivateUser @6 :DeactivateUser;
    issueToken @7 :IssueToken;
    revokeToken @8 :RevokeToken;
    advanceClock @9 :AdvanceClock;
    setClock @10 :SetClock;

    # Campaigns.
    importPlan @11 :ImportPlan;
    issueCampaign @12 :CampaignRef;
    startPhase @13 :PhaseRef;
    closePhase @14 :ClosePhase;
    closeCampaign @15 :CloseCampaign;
    addTask @16 :AddTask;

    # Dispatches.
    acknowledgeDispatch @17 :DispatchRef;
    reportProgress @18 :ReportProgress;
    completeDispatch @19 :ReportProgress;
    delegateDispatch @20 :DelegateDispatch;
    acceptDispatch @21 :ReviewDispatch;
    returnDispatch @22 :ReviewDispatch;

    # Inspections and hazards.
    recordInspection @23 :RecordInspection;
    recordHazard @24 :RecordHazard;
    planRectification @25 :PlanRectification;
    reportRectified @26 :HazardEvidence;
    verifyRectification @27 :VerifyRectification;
    closeHazard @28 :HazardNote;
    fixOnSpot @29 :HazardEvidence;
    regradeHazard @30 :RegradeHazard;
    dualReport @31 :DualReport;
    listHazard @32 :ListHazard;
    delistHazard @33 :HazardNote;
    assessHazard @34 :AssessHazard;
    applyResumption @35 :HazardNote;
    reviewResumption @36 :ReviewResumption;
    reopenHazard @37 :HazardNote;
    requestExtension @38 :RequestExtension;
    decideExtension @39 :DecideExtension;

    # Duties, facts, reports.
    logDutyActivity @40 :LogDutyActivity;
    recordFact @41 :RecordFact;
    submitReport @42 :SubmitReport;

    # Tips.
    receiveTip @43 :ReceiveTip;
    extendTipVerification @44 :ExtendTipVerification;
    verifyTip @45 :VerifyTip;
    giveTipFeedback @46 :TipNote;
    rewardTip @47 :RewardTip;

    # Measures.
    imposeMeasure @48 :ImposeMeasure;
    liftMeasure @49 :LiftMeasure;

    # Escalation.
    escalate @50 :Escalate;
    acknowledgeEscalation @51 :AcknowledgeEscalation;
  }
}

struct AmendUnit {
  unitId @0 :Text;
  name @1 :Text;
  parent @2 :Text;
  industry @3 :Text;
  employees @4 :UInt32;
  keySupervision @5 :Bool;
  supervisionLevel @6 :UInt8;
}

struct RegisterUser {
  userId @0 :Text;
  name @1 :Text;
  unit @2 :Text;
  roles @3 :List(Common.Role);
}

struct DeactivateUser {
  userId @0 :Text;
  reason @1 :Text;
}

struct IssueToken {
  # The server generates the secret and returns it once, in the response; the log keeps only its salted hash.
  userId @0 :Text;
  validFor @1 :Text;          # ISO 8601 duration; empty = no expiry
}

struct RevokeToken {
  tokenId @0 :Text;
  reason @1 :Text;
}

struct AdvanceClock {
  by @0 :Text;                # ISO 8601 duration, positive
}

struct SetClock {
  to @0 :Int64;               # must not be before the current instant
}

struct ImportPlan {
  planJson @0 :Text;          # the plan document, verbatim
}

struct CampaignRef {
  campaignId @0 :Text;
}

struct PhaseRef {
  campaignId @0 :Text;
  phaseKey @1 :Text;
}

struct ClosePhase {
  campaignId @0 :Text;
  phaseKey @1 :Text;
  summary @2 :Text;
}

struct CloseCampaign {
  campaignId @0 :Text;
  summary @1 :Text;
}

struct AddTask {
  campaignId @0 :Text;
  task @1 :Plan.Task;
}

struct DispatchRef {
  dispatchId @0 :Text;
}

struct ReportProgress {
  dispatchId @0 :Text;
  note @1 :Text;
  evidence @2 :List(Common.EvidenceRef);
}

struct DelegateDispatch {
  dispatchId @0 :Text;
  to @1 :List(Text);          # units below the assignee
}

struct ReviewDispatch {
  dispatchId @0 :Text;
  note @1 :Text;              # the reason, when returning
}

struct RecordInspection {
  inspectionId @0 :Text;
  enterprise @1 :Text;
  kind @2 :Common.InspectionKind;
  inspectors @3 :List(Text);
  campaignId @4 :Text;
  categories @5 :List(Text);
  hazards @6 :List(Text);
  spotChecks @7 :UInt32;
  note @8 :Text;
}

struct RecordHazard {
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
  deadline @12 :Text;
}

struct PlanRectification {
  hazardId @0 :Text;
  responsible @1 :Text;
  measures @2 :Text;
  fundsFen @3 :Int64;
  deadline @4 :Text;
  contingencyPlan @5 :Text;
  goals @6 :Text;
  methods @7 :Text;
  interimControls @8 :Text;
  safetyMeasures @9 :Text;
}

struct HazardEvidence {
  hazardId @0 :Text;
  note @1 :Text;
  evidence @2 :List(Common.EvidenceRef);
}

struct HazardNote {
  hazardId @0 :Text;
  note @1 :Text;
}

struct VerifyRectification {
  hazardId @0 :Text;
  passed @1 :Bool;
  note @2 :Text;
  evidence @3 :List(Common.EvidenceRef);
}

struct RegradeHazard {
  hazardId @0 :Text;
  to @1 :Common.HazardGrade;
  criterion @2 :Common.MajorCriterion;
  reason @3 :Text;
}

struct DualReport {
  hazardId @0 :Text;
  supervisingDepartment @1 :Text;
  employeesInformedAt @2 :Int64;
}

struct ListHazard {
  hazardId @0 :Text;
  deadline @1 :Text;
  suspension @2 :Bool;
}

struct AssessHazard {
  hazardId @0 :Text;
  assessor @1 :Text;
  passed @2 :Bool;
  note @3 :Text;
}

struct ReviewResumption {
  hazardId @0 :Text;
  passed @1 :Bool;
  note @2 :Text;
}

struct RequestExtension {
  subject @0 :Common.SubjectRef;
  deadline @1 :Text;
  reason @2 :Text;
}

struct DecideExtension {
  subject @0 :Common.SubjectRef;
  approved @1 :Bool;
  deadline @2 :Text;
  note @3 :Text;
}

struct LogDutyActivity {
  campaignId @0 :Text;
  activity @1 :Common.DutyActivity;
  coveredUnit @2 :Text;
  inspectionId @3 :Text;
  note @4 :Text;
}

struct RecordFact {
  unit @0 :Text;
  campaignId @1 :Text;
  kind @2 :Common.FactKind;
  title @3 :Text;
  evidence @4 :List(Common.EvidenceRef);
}

struct SubmitReport {
  campaignId @0 :Text;
  reportKey @1 :Text;
  occurrence @2 :UInt32;
  content @3 :Text;
  evidence @4 :List(Common.EvidenceRef);
}

struct ReceiveTip {
  tipId @0 :Text;
  enterprise @1 :Text;
  content @2 :Text;
  anonymous @3 :Bool;
  reporter @4 :Text;          # sealed by the server before it reaches the log
}

struct ExtendTipVerification {
  tipId @0 :Text;
  by @1 :Text;                # ISO 8601 duration, at most P30D
  reason @2 :Text;
}

struct VerifyTip {
  tipId @0 :Text;
  substantiated @1 :Bool;
  hazard @2 :RecordHazard;    # when substantiated
  note @3 :Text;
}

struct TipNote {
  tipId @0 :Text;
  note @1 :Text;
}

struct RewardTip {
  tipId @0 :Text;
  amountFen @1 :Int64;
}

struct ImposeMeasure {
  measureId @0 :Text;
  enterprise @1 :Text;
  kind @2 :Common.MeasureKind;
  reason @3 :Text;
  hazardId @4 :Text;
  amountFen @5 :Int64;
  until @6 :Int64;
  newSupervisionLevel @7 :UInt8;
}

struct LiftMeasure {
  measureId @0 :Text;
  reason @1 :Text;
}

struct Escalate {
  subject @0 :Common.SubjectRef;
  action @1 :Common.EscalationAction;
  addressee @2 :Text;
  note @3 :Text;
}

struct AcknowledgeEscalation {
  escalationId @0 :Text;
  note @1 :Text;
}
