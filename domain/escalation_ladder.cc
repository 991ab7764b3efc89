// Escalation ladders and their addressees (see escalation_ladder.h).
#include "domain/escalation_ladder.h"

#include "domain/duration.h"

namespace qingling::domain {
namespace {

using Target = schema::EscalationTarget;

std::string headOf(const std::string& unitId, const Directory& dir) {
  const Unit* u = dir.unit(unitId);
  for (size_t depth = 0; u != nullptr && !u->parent.empty() && depth <= dir.unitCount(); ++depth) {
    const Unit* parent = dir.unit(u->parent);
    if (parent == nullptr) return "";
    if (parent->kind != schema::UnitKind::GROUP) return parent->id;
    u = parent;
  }
  return "";
}

std::string coveringLeaderOf(const std::string& unitId, schema::Campaign::Reader campaign, const Directory& dir) {
  std::string current = unitId;
  // Nearest first: a leader covering the town answers for it before one covering the whole county.
  for (size_t depth = 0; !current.empty() && depth <= dir.unitCount(); ++depth) {
    for (auto duty : campaign.getDuties()) {
      for (auto covered : duty.getCovers()) {
        if (current == covered.cStr()) return duty.getHolder();
      }
    }
    const Unit* u = dir.unit(current);
    current = u == nullptr ? "" : u->parent;
  }
  return "";
}

}  // namespace

const std::vector<LadderStep>& defaultLadder() {
  static const std::vector<LadderStep> ladder = {
      {parseDuration("-P1D"), schema::EscalationAction::REMIND, Target::ASSIGNEE},
      {parseDuration("P3D"), schema::EscalationAction::WARN, Target::ASSIGNEE_HEAD},
      {parseDuration("P7D"), schema::EscalationAction::NOTIFY, Target::ISSUER},
      {parseDuration("P15D"), schema::EscalationAction::SUMMON, Target::COVERING_LEADER},
  };
  return ladder;
}

std::vector<LadderStep> ladderOf(schema::Campaign::Reader campaign) {
  if (campaign.getEscalation().size() == 0) return defaultLadder();
  std::vector<LadderStep> out;
  // Plan import refuses bad durations; a step that still does not parse is kept as a hole, so the indexes of the
  // steps after it (their stream ids) stay what the plan says.
  for (auto s : campaign.getEscalation()) out.push_back({parseDuration(s.getAfter().cStr()), s.getAction(), s.getTo()});
  return out;
}

std::string addresseeOf(Target to, const Answerable& who, const Directory& dir) {
  std::string out;
  switch (to) {
    case Target::ASSIGNEE:
      out = who.assignee;
      break;
    case Target::ASSIGNEE_HEAD:
      out = headOf(who.assignee, dir);
      break;
    case Target::ISSUER:
      break;
    case Target::COVERING_LEADER:
      if (who.campaign) out = coveringLeaderOf(who.assignee, *who.campaign, dir);
      break;
  }
  return out.empty() ? who.issuer : out;
}

std::string addresseeOf(Target to, const std::string& assignee, schema::Campaign::Reader campaign,
                        const Directory& dir) {
  return addresseeOf(to, Answerable{assignee, campaign.getIssuer(), campaign}, dir);
}

std::string tipAddresseeOf(Target to, const std::string& receivedBy, const Directory& dir) {
  if (to == Target::ASSIGNEE || to == Target::ASSIGNEE_HEAD) return receivedBy;
  // The office's head, through the one head rule; with nobody above, the office itself.
  return addresseeOf(Target::ASSIGNEE_HEAD, Answerable{receivedBy, receivedBy, std::nullopt}, dir);
}

}  // namespace qingling::domain
