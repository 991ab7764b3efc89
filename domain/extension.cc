// Extension requests and decisions on hazards and dispatches (extension.h). The rules both subjects share come
// first; each subject then adds its actors and lifecycle.
#include "domain/extension.h"

#include "domain/dispatch_detail.h"
#include "domain/hazard_detail.h"

namespace qingling::domain {
namespace {

using schema::Role;

std::string localDay(int64_t deadlineAt) {
  return localDateOf(deadlineAt - 1, kExtensionOffsetSeconds).str();  // the deadline is the end of that day
}

// Parses a requested or granted local date into its deadline instant, later than `currentAt`.
std::variant<int64_t, Rejection> laterDeadline(const std::string& text, int64_t currentAt, const char* path) {
  auto date = LocalDate::parse(text);
  if (!date) {
    return reject(RejectionCode::invalid,
                  text.empty() ? "name the new deadline (local date YYYY-MM-DD)"
                               : "deadline '" + text + "' is not a date (YYYY-MM-DD)",
                  path);
  }
  int64_t at = endOfLocalDay(*date, kExtensionOffsetSeconds);
  if (at <= currentAt) {
    return reject(RejectionCode::invalid,
                  "the new deadline " + text + " must be later than the current one, " + localDay(currentAt), path);
  }
  return at;
}

// The request rules both subjects share; `what` names the subject in messages.
std::optional<Rejection> checkRequest(const std::string& what, int64_t currentAt, const std::string& pending,
                                      schema::RequestExtension::Reader cmd, int64_t now) {
  if (currentAt == 0) return reject(RejectionCode::conflict, what + " has no deadline to extend", "subject");
  if (!pending.empty()) {
    return reject(RejectionCode::conflict,
                  what + " already has an extension request pending (to " + pending + "); wait for its decision",
                  "subject");
  }
  if (now >= currentAt) {
    return reject(RejectionCode::conflict,
                  what + "'s deadline " + localDay(currentAt) +
                      " has passed: an extension (延期申请) is requested before the deadline",
                  "subject");
  }
  auto at = laterDeadline(cmd.getDeadline(), currentAt, "deadline");
  if (auto* r = std::get_if<Rejection>(&at)) return *r;
  if (cmd.getReason().size() == 0) return reject(RejectionCode::invalid, "an extension request states why", "reason");
  return std::nullopt;
}

void fillRequested(EventDraft& event, schema::RequestExtension::Reader cmd) {
  auto e = event.envelope().initPayload().initExtensionRequested();
  e.setSubject(cmd.getSubject());
  e.setRequestedDeadline(cmd.getDeadline());
  e.setReason(cmd.getReason());
}

// The decision rules both subjects share: fills `event` with the extensionDecided payload, or refuses.
std::optional<Rejection> fillDecided(EventDraft& event, const std::string& what, int64_t currentAt,
                                     const std::string& pending, schema::DecideExtension::Reader cmd) {
  if (pending.empty()) {
    return reject(RejectionCode::conflict, what + " has no extension request pending to decide", "subject");
  }
  std::string date;
  int64_t at = 0;
  if (cmd.getApproved()) {
    date = cmd.getDeadline().size() == 0 ? pending : std::string(cmd.getDeadline().cStr());
    auto later = laterDeadline(date, currentAt, "deadline");
    if (auto* r = std::get_if<Rejection>(&later)) return *r;
    at = std::get<int64_t>(later);
  } else if (cmd.getNote().size() == 0) {
    return reject(RejectionCode::invalid, "a refused extension says why", "note");
  }
  auto e = event.envelope().initPayload().initExtensionDecided();
  e.setSubject(cmd.getSubject());
  e.setApproved(cmd.getApproved());
  e.setDeadline(date);
  e.setDeadlineAt(at);
  e.setNote(cmd.getNote());
  return std::nullopt;
}

}  // namespace

Rejection extensionSubjectRefused(schema::SubjectRef::Reader subject) {
  switch (subject.which()) {
    case schema::SubjectRef::TIP:
      return reject(RejectionCode::invalid,
                    "a tip's verification deadline is extended with extendTipVerification, not requestExtension",
                    "subject.tip");
    case schema::SubjectRef::REPORT:
      return reject(RejectionCode::invalid,
                    "report deadlines are not extended; extensions are for hazards and dispatches", "subject.report");
    default:
      return reject(RejectionCode::invalid, "name the hazard or dispatch whose deadline is extended", "subject");
  }
}

Decision decideRequestExtension(const HazardState& h, const Directory& dir, const Principal& actor,
                                schema::RequestExtension::Reader cmd, int64_t now) {
  using namespace hazard_detail;
  if (auto r = requireExists(h, cmd.getSubject().getHazard())) return Rejection{r->code, r->message, "subject.hazard"};
  if (auto r = enterpriseSide(h, dir, actor, "requestExtension")) return *r;
  if (h.status != HazardStatus::open && h.status != HazardStatus::rectificationPlanned) {
    return wrongStatus(h, "an extension is requested while the rectification is still owed");
  }
  if (auto r = checkRequest("hazard '" + h.id + "'", h.deadlineAt, h.extensionRequested, cmd, now)) return *r;
  EventDraft event = hazardDraft(h);
  fillRequested(event, cmd);
  return onHazard(h, std::move(event));
}

Decision decideRequestExtension(const DispatchState& d, const Directory& dir, const Principal& actor,
                                schema::RequestExtension::Reader cmd, int64_t now) {
  using namespace dispatch_detail;
  if (auto r = requireExists(d, cmd.getSubject().getDispatch())) {
    return Rejection{r->code, r->message, "subject.dispatch"};
  }
  if (auto r = requireAssignee(d, dir, actor, "requestExtension")) return *r;
  if (d.done()) {
    return reject(RejectionCode::conflict, "dispatch '" + d.id + "' is already completed; nothing to extend",
                  "subject");
  }
  if (auto r = checkRequest("dispatch '" + d.id + "'", d.dueAt, d.extensionRequested, cmd, now)) return *r;
  EventDraft event = dispatchDraft(d);
  fillRequested(event, cmd);
  return onDispatch(d, std::move(event));
}

Decision decideDecideExtension(const HazardState& h, const Directory& dir, const Principal& actor,
                               schema::DecideExtension::Reader cmd) {
  using namespace hazard_detail;
  if (auto r = requireExists(h, cmd.getSubject().getHazard())) return Rejection{r->code, r->message, "subject.hazard"};
  if (auto r = supervisorSide(h, dir, actor, "decideExtension")) return *r;
  if (actor.unit == h.enterprise) {
    return reject(RejectionCode::forbidden, "an enterprise does not decide its own extension request");
  }
  if (h.listed && !dir.isWithin(h.authority, actor.unit)) {
    return reject(RejectionCode::forbidden, "hazard '" + h.id + "' is listed (挂牌督办): its authority '" +
                                                h.authority + "' decides the extension, not " + actor.user);
  }
  EventDraft event = hazardDraft(h);
  if (auto r = fillDecided(event, "hazard '" + h.id + "'", h.deadlineAt, h.extensionRequested, cmd)) return *r;
  return onHazard(h, std::move(event));
}

Decision decideDecideExtension(const DispatchState& d, const Directory& dir, const Principal& actor,
                               schema::DecideExtension::Reader cmd) {
  using namespace dispatch_detail;
  if (auto r = requireExists(d, cmd.getSubject().getDispatch())) {
    return Rejection{r->code, r->message, "subject.dispatch"};
  }
  if (auto r = requireReviewer(d, dir, actor, "decideExtension")) return *r;
  EventDraft event = dispatchDraft(d);
  if (auto r = fillDecided(event, "dispatch '" + d.id + "'", d.dueAt, d.extensionRequested, cmd)) return *r;
  return onDispatch(d, std::move(event));
}

}  // namespace qingling::domain
