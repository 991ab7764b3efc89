// Shared checks of the hazard decisions (hazard.cc, hazard_decide.cc); not part of the domain's interface.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <variant>

#include "domain/campaign_keys.h"
#include "domain/hazard.h"
#include "domain/local_date.h"

namespace qingling::domain::hazard_detail {

using schema::HazardGrade;
using schema::Role;

inline std::optional<Rejection> requireExists(const HazardState& h, const std::string& id) {
  if (h.version != 0) return std::nullopt;
  return reject(RejectionCode::notFound, "hazard '" + id + "' does not exist", "hazardId");
}

inline bool anyRole(const Principal& actor, std::initializer_list<Role> roles) {
  for (Role r : roles) {
    if (actor.has(r)) return true;
  }
  return false;
}

// The actor holds one of `roles` and the hazard's enterprise lies within its reach.
inline std::optional<Rejection> requireReach(const HazardState& h, const Directory& dir, const Principal& actor,
                                             std::initializer_list<Role> roles, const char* command, const char* who) {
  if (!anyRole(actor, roles)) return reject(RejectionCode::forbidden, std::string(command) + " needs " + who);
  if (!dir.isWithin(h.enterprise, actor.unit)) {
    return reject(RejectionCode::forbidden, std::string(command) + ": hazard '" + h.id + "' of '" + h.enterprise +
                                                "' is outside the reach of " + actor.user);
  }
  return std::nullopt;
}

inline std::optional<Rejection> enterpriseSide(const HazardState& h, const Directory& dir, const Principal& actor,
                                               const char* command) {
  return requireReach(h, dir, actor, {Role::ENTERPRISE, Role::DEPARTMENT}, command,
                      "the enterprise or a department reaching it");
}

inline std::optional<Rejection> supervisorSide(const HazardState& h, const Directory& dir, const Principal& actor,
                                               const char* command) {
  return requireReach(h, dir, actor, {Role::DEPARTMENT, Role::LEADER}, command, "the department or leader role");
}

inline const char* statusName(HazardStatus s) {
  switch (s) {
    case HazardStatus::open:
      return "open";
    case HazardStatus::rectificationPlanned:
      return "rectificationPlanned";
    case HazardStatus::rectified:
      return "rectified";
    case HazardStatus::verified:
      return "verified";
    case HazardStatus::closed:
      return "closed";
  }
  return "?";
}

inline Rejection wrongStatus(const HazardState& h, const std::string& what) {
  return reject(RejectionCode::conflict, "hazard '" + h.id + "' is " + statusName(h.status) + "; " + what, "hazardId");
}

inline EventDraft hazardDraft(const HazardState& h) {
  return draft({h.enterprise, h.campaignId.empty() ? "" : campaignKey(h.campaignId), h.authority});
}

inline Emitted onHazard(const HazardState& h, EventDraft event) {
  return emit(hazardStream(h.id), StreamExpectation::exactLoaded, std::move(event), h.version);
}

inline bool hasCriterion(schema::MajorCriterion::Reader c) {
  return c.getOtherRegime() || (c.getStandard().size() > 0 && c.getItem().size() > 0);
}

// A local date "YYYY-MM-DD" turned into the end of that day (UTC+8); empty → 0 when `required` is false.
inline std::variant<int64_t, Rejection> deadlineOf(capnp::Text::Reader text, bool required, const char* path) {
  if (text.size() == 0) {
    if (!required) return int64_t{0};
    return reject(RejectionCode::invalid, "a deadline (local date YYYY-MM-DD) is required", path);
  }
  auto date = LocalDate::parse(text.cStr());
  if (!date) return reject(RejectionCode::invalid, "deadline '" + std::string(text.cStr()) + "' is not a date", path);
  return endOfLocalDay(*date, kHazardOffsetSeconds);
}

}  // namespace qingling::domain::hazard_detail
