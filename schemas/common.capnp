# Value types shared by events, commands and wire messages. Names follow DOMAIN.md.
#
# These schemas are storage formats: the event log holds them for years and an old log must still replay.
# Evolve only compatibly: add fields with new ordinals at the end, add enumerants at the end, never renumber,
# never reuse an ordinal, never change a field's type. Retire a field by renaming it `obsoleteX`, not deleting it.
#
# Conventions: an instant is Int64 microseconds since the Unix epoch (UTC); a local date is Text "YYYY-MM-DD"
# in the campaign's timezone; a duration is Text ISO 8601 ("P3D", "-P1D"); money is Int64 fen (0.01 yuan).
@0xead5a21fac5c2d02;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("qingling::schema");

enum Role {
  leader @0;
  department @1;
  enterprise @2;
  auditor @3;
  tipOfficer @4;
  admin @5;
}

enum UnitKind {
  government @0;
  agency @1;
  section @2;
  jurisdiction @3;
  park @4;
  enterprise @5;
  corporation @6;
  group @7;
  position @8;
  other @9;
}

struct Actor {
  # Who issued the command an event came from. Every event records it.
  user @0 :Text;
  unit @1 :Text;
  role @2 :Role;
}

struct EvidenceRef {
  # A pointer to evidence kept outside the log (a photo, a signed PDF), with its digest so it cannot be swapped.
  uri @0 :Text;
  sha256 @1 :Text;
  note @2 :Text;
}

enum HazardSource {
  selfInspection @0;
  enforcement @1;
  expert @2;
  crossInspection @3;
  unannounced @4;
  tip @5;
  supervision @6;
}

enum HazardGrade {
  general @0;
  major @1;
  # Provinces that add grades (较大, numbered major levels) use `other` with `gradeName`.
  other @2;
}

enum HazardNature {
  unsafeState @0;      # 物的不安全状态
  unsafeAct @1;        # 人的不安全行为
  managementDefect @2; # 管理缺陷
}

struct MajorCriterion {
  # Which item of an industry's 判定标准 a major hazard matches, or otherRegime.
  standard @0 :Text;   # e.g. "gongmao-2023"
  item @1 :Text;       # e.g. "4.(3)"
  otherRegime @2 :Bool;
}

enum InspectionKind {
  self @0;
  enforcement @1;
  expert @2;
  cross @3;
  unannounced @4;
  supervision @5;
}

enum DutyActivity {
  inspection @0;
  analysis @1;
  report @2;
  meeting @3;
  briefing @4;
  supervision @5;
}

enum FactKind {
  # Facts counted by quantitative task targets besides inspections and hazards.
  case @0;       # 典型案例
  training @1;
  drill @2;      # 演练
  meeting @3;
}

enum MeasureKind {
  warningTalk @0;          # 约谈
  publicNotice @1;         # 通报
  fine @2;                 # 罚款
  licenceSuspension @3;    # 暂扣执照
  productionSuspension @4; # 停产停业整顿
  closure @5;              # 关闭
  blacklist @6;            # 黑名单/联合惩戒
  raisedSupervision @7;    # 提高监管等级
}

enum EscalationAction {
  remind @0;
  warn @1;
  notify @2;
  summon @3;
  list @4;
  suspend @5;
}

enum EscalationTarget {
  assignee @0;
  assigneeHead @1;
  issuer @2;
  coveringLeader @3;
}

enum Period {
  week @0;
  halfMonth @1;
  month @2;
  quarter @3;
  halfYear @4;
  year @5;
}

struct DueRule {
  # Exactly one rule, as in PLAN-FORMAT.md `due`.
  union {
    by @0 :Text;                 # local date
    dates @1 :List(Text);
    every :group {
      period @2 :Period;
      interval @3 :UInt32;       # 0 or 1 = every period
    }
    continuous @4 :Void;
  }
}

struct Target {
  metric @0 :Text;   # inspections, hazardsFound, majorHazardsFound, majorHazardsClosed, cases, trainings, drills, meetings
  atLeast @1 :UInt32;
}

struct EscalationStep {
  after @0 :Text;    # ISO 8601 duration relative to the deadline; negative = before it
  action @1 :EscalationAction;
  to @2 :EscalationTarget;
}

struct SubjectRef {
  # What a deadline or escalation is about.
  union {
    dispatch @0 :Text;
    hazard @1 :Text;
    tip @2 :Text;
    report @3 :Text;   # report submission id: campaign/reportKey/unit/occurrence
  }
}
