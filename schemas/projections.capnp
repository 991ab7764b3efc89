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

struct Query {
  asOf @0 :Int64;                       # 0 = now; cut by recordedAt
  body :union {
    taskList @1 :Text;                  # unit id
    campaignProgress @2 :Text;          # campaign id
    escalationBoard @3 :EscalationBoardQuery;
    dutyCompliance @4 :Text;            # campaign id
  }
}

struct EscalationBoardQuery {
  campaignId @0 :Text;                  # empty = every campaign
  unit @1 :Text;                        # empty = the asker's reach; else addressees within this unit's subtree
}

struct Projection {
  union {
    taskList @0 :TaskList;
    campaignProgress @1 :CampaignProgress;
    escalationBoard @2 :EscalationBoard;
    dutyCompliance @3 :DutyCompliance;
  }
}
