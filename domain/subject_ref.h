// Common.SubjectRef (what a deadline, an extension or an escalation is about) to and from (kind, id) pairs, for
// the agenda and the projections that copy subjects around. Pure.
#pragma once

#include <string>

#include "schemas/common.capnp.h"

namespace qingling::domain {

// The id within its kind: a dispatch, hazard, tip or report submission id.
inline std::string subjectIdOf(schema::SubjectRef::Reader subject) {
  switch (subject.which()) {
    case schema::SubjectRef::DISPATCH:
      return subject.getDispatch();
    case schema::SubjectRef::HAZARD:
      return subject.getHazard();
    case schema::SubjectRef::TIP:
      return subject.getTip();
    case schema::SubjectRef::REPORT:
      return subject.getReport();
  }
  return {};
}

inline void setSubject(schema::SubjectRef::Builder out, schema::SubjectRef::Which kind, const std::string& id) {
  switch (kind) {
    case schema::SubjectRef::DISPATCH:
      out.setDispatch(id);
      break;
    case schema::SubjectRef::HAZARD:
      out.setHazard(id);
      break;
    case schema::SubjectRef::TIP:
      out.setTip(id);
      break;
    case schema::SubjectRef::REPORT:
      out.setReport(id);
      break;
  }
}

}  // namespace qingling::domain
