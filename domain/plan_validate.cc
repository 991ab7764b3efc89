// Cross-reference validation of an imported plan (plan_validate.h). Decisions the format leaves open, made here:
// - phases must be in order of their start (each starts on or after the previous one's start; overlap is allowed,
//   since several phases may be active at once);
// - `by` and `dates` of tasks and reports must fall inside the campaign span; a phased task's may fall after its
//   phase's planned end (planned dates are targets) but not before its start, when it is dispatched;
// - a duty holder declared in the plan must be a `position`; a registered holder cannot be checked here
//   (KnownUnit gives only the parent), the directory knows its kind;
// - a unit listed twice in one `assignees`, `from` or `covers` is an error, as a typo is the likelier cause.
#include "domain/plan_validate.h"

#include <map>
#include <set>
#include <string>

#include "domain/local_date.h"

namespace qingling::domain {
namespace {

std::string str(capnp::Text::Reader t) { return std::string(t.cStr(), t.size()); }
LocalDate date(capnp::Text::Reader t) { return LocalDate::parse(str(t)).value_or(LocalDate{}); }
std::string at(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

class Validator {
 public:
  Validator(schema::PlanDocument::Reader doc, const KnownUnit& known) : doc_(doc), known_(known) {}

  std::optional<PlanError> run() {
    auto c = doc_.getCampaign();
    start_ = date(c.getStart());
    end_ = date(c.getEnd());
    if (end_ < start_) {
      fail("campaign.end", "end " + str(c.getEnd()) + " is before start " + str(c.getStart()));
      return error_;
    }
    if (!units() || !unit(c.getIssuer(), "campaign.issuer") || !phases() || !tasks() || !duties() || !reports()) {
      return error_;
    }
    return std::nullopt;
  }

 private:
  bool fail(std::string path, std::string message) {
    if (!error_) error_ = PlanError{std::move(path), std::move(message)};
    return false;
  }

  // The parent of a unit of the plan or of the registry; nullopt when neither knows it.
  std::optional<std::string> parentOf(const std::string& id) const {
    if (auto it = planUnits_.find(id); it != planUnits_.end()) return str(it->second.getParent());
    return known_ ? known_(id) : std::nullopt;
  }

  bool unit(capnp::Text::Reader id, const std::string& path) {
    if (parentOf(str(id))) return true;
    return fail(path, "unknown unit '" + str(id) + "' (neither in units nor registered)");
  }

  bool unitList(capnp::List<capnp::Text>::Reader ids, const std::string& path) {
    std::set<std::string> seen;
    for (uint32_t i = 0; i < ids.size(); ++i) {
      if (!unit(ids[i], at(path, i))) return false;
      if (!seen.insert(str(ids[i])).second) return fail(at(path, i), "unit '" + str(ids[i]) + "' is listed twice");
    }
    return true;
  }

  bool units() {
    auto list = doc_.getUnits();
    std::map<std::string, uint32_t> index;
    for (uint32_t i = 0; i < list.size(); ++i) {
      auto [it, fresh] = index.emplace(str(list[i].getId()), i);
      if (!fresh) {
        return fail(at("units", i) + ".id",
                    "duplicate unit id '" + it->first + "' (also units[" + std::to_string(it->second) + "])");
      }
      planUnits_.emplace(it->first, list[i]);
    }
    for (uint32_t i = 0; i < list.size(); ++i) {
      if (list[i].getParent().size() > 0 && !unit(list[i].getParent(), at("units", i) + ".parent")) return false;
    }
    for (uint32_t i = 0; i < list.size(); ++i) {
      if (!acyclic(str(list[i].getId()), at("units", i) + ".parent")) return false;
    }
    return true;
  }

  // Follows parents up from `id`; an error when the chain comes back to `id`. Cycles among registered units are
  // the directory's business: the walk stops at any unit it has already passed.
  bool acyclic(const std::string& id, const std::string& path) {
    std::vector<std::string> chain{id};
    std::set<std::string> seen{id};
    for (auto parent = parentOf(id); parent && !parent->empty(); parent = parentOf(*parent)) {
      chain.push_back(*parent);
      if (*parent == id) {
        std::string cycle;
        for (const auto& u : chain) cycle += (cycle.empty() ? "" : " -> ") + u;
        return fail(path, "cyclic unit parents: " + cycle);
      }
      if (!seen.insert(*parent).second) break;
    }
    return true;
  }

  bool inSpan(capnp::Text::Reader d, const std::string& path, std::string_view what) {
    LocalDate day = date(d);
    if (day >= start_ && day <= end_) return true;
    auto c = doc_.getCampaign();
    return fail(path, std::string(what) + " " + str(d) + " is outside the campaign span " + str(c.getStart()) + " to " +
                          str(c.getEnd()));
  }

  bool phases() {
    auto list = doc_.getCampaign().getPhases();
    for (uint32_t i = 0; i < list.size(); ++i) {
      auto p = list[i];
      std::string path = at("phases", i);
      if (!phaseKeys_.emplace(str(p.getKey()), i).second) {
        return fail(path + ".key", "duplicate phase key '" + str(p.getKey()) + "' (also phases[" +
                                       std::to_string(phaseKeys_[str(p.getKey())]) + "])");
      }
      if (date(p.getEnd()) < date(p.getStart())) {
        return fail(path + ".end", "end " + str(p.getEnd()) + " is before start " + str(p.getStart()));
      }
      if (!inSpan(p.getStart(), path + ".start", "phase start") || !inSpan(p.getEnd(), path + ".end", "phase end")) {
        return false;
      }
      if (i > 0 && date(p.getStart()) < date(list[i - 1].getStart())) {
        return fail(path + ".start", "phases out of order: starts " + str(p.getStart()) + ", before phases[" +
                                         std::to_string(i - 1) + "] starts " + str(list[i - 1].getStart()));
      }
    }
    return true;
  }

  bool dueDates(schema::DueRule::Reader due, const std::string& path) {
    if (due.isBy()) return inSpan(due.getBy(), path + ".by", "due date");
    if (!due.isDates()) return true;
    for (uint32_t i = 0; i < due.getDates().size(); ++i) {
      if (!inSpan(due.getDates()[i], at(path + ".dates", i), "due date")) return false;
    }
    return true;
  }

  bool uniqueKey(std::map<std::string, uint32_t>& keys, capnp::Text::Reader key, const std::string& list, uint32_t i,
                 std::string_view what) {
    auto [it, fresh] = keys.emplace(str(key), i);
    if (fresh) return true;
    return fail(at(list, i) + ".key",
                "duplicate " + std::string(what) + " key '" + it->first + "' (also " + at(list, it->second) + ")");
  }

  bool tasks() {
    auto list = doc_.getCampaign().getTasks();
    std::map<std::string, uint32_t> keys;
    for (uint32_t i = 0; i < list.size(); ++i) {
      auto t = list[i];
      std::string path = at("tasks", i);
      if (!uniqueKey(keys, t.getKey(), "tasks", i, "task") || !unitList(t.getAssignees(), path + ".assignees")) {
        return false;
      }
      if (t.getPhase().size() > 0 && !phaseKeys_.count(str(t.getPhase()))) {
        return fail(path + ".phase", "unknown phase '" + str(t.getPhase()) + "' (not among phases[].key)");
      }
      if (!dueDates(t.getDue(), path + ".due")) return false;
      if (t.getPhase().size() > 0 && !afterPhaseStart(t, path + ".due")) return false;
    }
    return true;
  }

  // A phased task is dispatched when its phase starts: a deadline before that is a contradiction in the plan.
  bool afterPhaseStart(schema::Task::Reader task, const std::string& path) {
    auto phase = doc_.getCampaign().getPhases()[phaseKeys_[str(task.getPhase())]];
    auto check = [&](capnp::Text::Reader d, const std::string& at) {
      if (date(d) >= date(phase.getStart())) return true;
      return fail(
          at, "due date " + str(d) + " is before phase '" + str(phase.getKey()) + "' starts " + str(phase.getStart()));
    };
    auto due = task.getDue();
    if (due.isBy()) return check(due.getBy(), path + ".by");
    for (uint32_t i = 0; due.isDates() && i < due.getDates().size(); ++i) {
      if (!check(due.getDates()[i], at(path + ".dates", i))) return false;
    }
    return true;
  }

  bool duties() {
    auto list = doc_.getCampaign().getDuties();
    for (uint32_t i = 0; i < list.size(); ++i) {
      auto d = list[i];
      std::string path = at("duties", i);
      if (!unit(d.getHolder(), path + ".holder")) return false;
      auto it = planUnits_.find(str(d.getHolder()));
      if (it != planUnits_.end() && it->second.getKind() != schema::UnitKind::POSITION) {
        return fail(path + ".holder", "duty holder '" + it->first + "' must be a unit of kind position");
      }
      if (!unitList(d.getCovers(), path + ".covers")) return false;
    }
    return true;
  }

  bool reports() {
    auto list = doc_.getCampaign().getReports();
    std::map<std::string, uint32_t> keys;
    for (uint32_t i = 0; i < list.size(); ++i) {
      std::string path = at("reports", i);
      if (!uniqueKey(keys, list[i].getKey(), "reports", i, "report") || !unitList(list[i].getFrom(), path + ".from") ||
          !dueDates(list[i].getDue(), path + ".due")) {
        return false;
      }
    }
    return true;
  }

  schema::PlanDocument::Reader doc_;
  const KnownUnit& known_;
  LocalDate start_, end_;
  std::map<std::string, schema::PlanUnit::Reader> planUnits_;
  std::map<std::string, uint32_t> phaseKeys_;
  std::optional<PlanError> error_;
};

}  // namespace

std::optional<PlanError> validatePlan(schema::PlanDocument::Reader doc, const KnownUnit& known) {
  return Validator(doc, known).run();
}

}  // namespace qingling::domain
