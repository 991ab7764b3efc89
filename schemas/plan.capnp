# A campaign definition as imported from a `qingling.plan/v1` document (PLAN-FORMAT.md), held by the
# campaignDrafted event. Storage format: evolve only compatibly (see common.capnp).
@0xb62d158201a2b921;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("qingling::schema");

using Common = import "common.capnp";

struct PlanUnit {
  id @0 :Text;
  name @1 :Text;
  kind @2 :Common.UnitKind;
  parent @3 :Text;            # empty = root
  industry @4 :Text;
  employees @5 :UInt32;
  keySupervision @6 :Bool;
  supervisionLevel @7 :UInt8; # 1-4, 0 = unset
}

struct Phase {
  key @0 :Text;
  name @1 :Text;
  start @2 :Text;             # planned local dates; the leader's command is the fact
  end @3 :Text;
}

struct Task {
  key @0 :Text;
  group @1 :Text;
  title @2 :Text;
  content @3 :Text;
  assignees @4 :List(Text);
  phase @5 :Text;             # empty = dispatched when the campaign is issued
  due @6 :Common.DueRule;
  targets @7 :List(Common.Target);
}

struct DutyItem {
  text @0 :Text;
  activity @1 :Common.DutyActivity;
  every @2 :Common.Period;
  interval @3 :UInt32;
  atLeast @4 :UInt32;
  standing @5 :Bool;          # no `every`: listed, not measured per period
}

struct Duty {
  holder @0 :Text;            # a unit of kind `position`
  position @1 :Text;
  covers @2 :List(Text);
  industries @3 :List(Text);
  items @4 :List(DutyItem);
}

struct ReportRequirement {
  key @0 :Text;
  name @1 :Text;
  from @2 :List(Text);
  due @3 :Common.DueRule;
}

struct Campaign {
  id @0 :Text;
  title @1 :Text;
  docNumber @2 :Text;
  issuer @3 :Text;
  issuedOn @4 :Text;
  basedOn @5 :List(Text);
  start @6 :Text;
  end @7 :Text;
  timezone @8 :Text;
  focus @9 :List(Text);
  phases @10 :List(Phase);
  tasks @11 :List(Task);
  duties @12 :List(Duty);
  reports @13 :List(ReportRequirement);
  escalation @14 :List(Common.EscalationStep);  # empty = the server's default ladder
}

struct PlanDocument {
  # A validated plan as the domain hands it to the server: the campaign and the units it declares.
  campaign @0 :Campaign;
  units @1 :List(PlanUnit);
}
