// The agenda's watched deadlines and the escalation steps they owe (see agenda.h for the rules and the key scheme).
#include <algorithm>

#include "domain/agenda.h"

namespace qingling::domain {

using Subject = schema::SubjectRef;

std::string escalationKey(Subject::Which kind, const std::string& subject, uint32_t round) {
  switch (kind) {
    case Subject::DISPATCH:
      return subject;
    case Subject::HAZARD:
      if (round == 0) return "hazard:" + subject;
      return "hazard-listed" + (round == 1 ? std::string() : std::to_string(round)) + ":" + subject;
    case Subject::TIP:
      return "tip:" + subject;
    case Subject::REPORT:
      return "report:" + subject;
  }
  return subject;
}

bool Agenda::hazardWorkDone(const HazardState& h) {
  return h.status != HazardStatus::open && h.status != HazardStatus::rectificationPlanned;
}

const CampaignState* Agenda::campaignOf(const std::string& id) const {
  auto c = campaigns_.find(id);
  if (c == campaigns_.end() || c->second.state.status == CampaignStatus::none) return nullptr;
  return &c->second.state;
}

void Agenda::dispatchWatch(const DispatchEntry& d, std::vector<Watch>& out) const {
  const DispatchState& ds = d.state;
  if (ds.dueAt == 0 || ds.done() || ds.id.empty()) return;
  const CampaignState* c = campaignOf(ds.campaignId);
  if (c == nullptr) return;
  auto campaign = c->campaign();
  Watch w;
  w.kind = Subject::DISPATCH;
  w.subject = ds.id;
  w.deadlineAt = ds.dueAt;
  // A step never precedes its dispatch (a phase started late): it falls due when the dispatch was due.
  w.notBefore = std::max(d.dispatchedAt, d.returnedAt);
  w.until = campaigns_.at(ds.campaignId).closedAt;
  w.ladder = ladderOf(campaign);
  w.campaignId = ds.campaignId;
  w.taskKey = ds.taskKey;
  w.who = Answerable{ds.assignee, campaign.getIssuer(), campaign};
  out.push_back(std::move(w));
}

void Agenda::hazardWatches(const HazardEntry& h, std::vector<Watch>& out) const {
  const HazardState& hs = h.state;
  if (hs.version == 0 || hs.id.empty() || hazardWorkDone(hs)) return;
  Watch w;
  w.kind = Subject::HAZARD;
  w.subject = hs.id;
  w.campaignId = hs.campaignId;
  w.who.assignee = hs.enterprise;
  w.who.issuer = !hs.authority.empty() ? hs.authority : h.foundBy;
  if (const CampaignState* c = campaignOf(hs.campaignId)) {
    w.ladder = ladderOf(c->campaign());
    w.who.issuer = c->campaign().getIssuer();
    w.who.campaign = c->campaign();
  } else {
    w.ladder = defaultLadder();
  }
  auto round = [&](uint32_t index, int64_t deadlineAt, int64_t openedAt, int64_t until) {
    if (deadlineAt == 0) return;
    Watch r = w;
    r.round = index;
    r.deadlineAt = deadlineAt;
    r.notBefore = std::max(openedAt, h.resumedAt);
    r.until = until;
    out.push_back(std::move(r));
  };
  for (uint32_t i = 0; i < h.superseded.size(); ++i) {
    const SupersededRound& s = h.superseded[i];
    round(i, s.deadlineAt, s.openedAt, s.closedAt);
  }
  round(static_cast<uint32_t>(h.superseded.size()), hs.deadlineAt, h.roundOpenedAt, 0);
}

void Agenda::tipWatch(const TipEntry& t, std::vector<Watch>& out) const {
  const TipState& ts = t.state;
  if (ts.version == 0 || ts.id.empty() || ts.verified || ts.verifyBy == 0) return;
  Watch w;
  w.kind = Subject::TIP;
  w.subject = ts.id;
  w.deadlineAt = ts.verifyBy;
  w.notBefore = t.receivedAt;
  w.ladder = defaultLadder();
  w.who = Answerable{t.receivedBy, t.receivedBy, std::nullopt};
  w.tip = true;
  out.push_back(std::move(w));
}

std::vector<Agenda::Watch> Agenda::watchesOf(Subject::Which kind, const std::string& subject) const {
  std::vector<Watch> out;
  switch (kind) {
    case Subject::DISPATCH:
      if (auto d = dispatches_.find(subject); d != dispatches_.end()) dispatchWatch(d->second, out);
      break;
    case Subject::HAZARD:
      if (auto h = hazards_.find(subject); h != hazards_.end()) hazardWatches(h->second, out);
      break;
    case Subject::TIP:
      if (auto t = tips_.find(subject); t != tips_.end()) tipWatch(t->second, out);
      break;
    case Subject::REPORT:
      break;
  }
  return out;
}

std::optional<int64_t> Agenda::stepAt(const Watch& w, uint32_t step) const {
  if (step >= w.ladder.size() || !w.ladder[step].after) return std::nullopt;
  if (raised_.count(escalationKey(w.kind, w.subject, w.round) + "#" + std::to_string(step))) return std::nullopt;
  // A step not raised whose instant precedes the latest undoing of the work was skipped while the work stood
  // done: it falls due at that undoing.
  const int64_t at = std::max(w.deadlineAt + *w.ladder[step].after, w.notBefore);
  if (w.until != 0 && at > w.until) return std::nullopt;
  return at;
}

void Agenda::escalationJobs(const Watch& w, const Directory& dir, std::vector<Job>& out) const {
  // Nobody owes the work any more (the unit is not in the directory): nobody to escalate to.
  if (dir.unit(w.who.assignee) == nullptr) return;
  const std::string key = escalationKey(w.kind, w.subject, w.round);
  for (uint32_t i = 0; i < w.ladder.size(); ++i) {
    auto at = stepAt(w, i);
    if (!at) continue;
    Job job;
    job.kind = JobKind::escalation;
    job.at = *at;
    job.id = key + "#" + std::to_string(i);
    job.campaignId = w.campaignId;
    job.issuer = w.who.issuer;
    job.taskKey = w.taskKey;
    job.dueAt = w.deadlineAt;
    job.subjectKind = w.kind;
    job.subject = w.subject;
    job.round = w.round;
    job.assignee = w.who.assignee;
    job.step = i;
    job.action = w.ladder[i].action;
    job.addressee =
        w.tip ? tipAddresseeOf(w.ladder[i].to, w.who.assignee, dir) : addresseeOf(w.ladder[i].to, w.who, dir);
    out.push_back(std::move(job));
  }
}

}  // namespace qingling::domain
