// Escalation board (DOMAIN.md, Escalation; Reports and projections): the escalations still open — raised and not
// acknowledged — oldest deadline first, with their age and a count per action (remind … suspend). Every subject
// shows: dispatch steps, hazard steps (rectification and listing rounds) and tip steps (domain/agenda.h) alike;
// a hazard's escalation carries its campaign when the hazard names one, a tip's none.
//
// An escalation stays open until acknowledged even when its subject has since been done: doing the overdue thing
// stops further steps, but a raised step is a fact someone has to take note of.
//
// Contract: `apply` takes events in global position order, cut at asOf by the caller. `campaign` empty = every
// campaign; `unit` empty = no unit filter (the server passes the asker's unit when the query names none), else
// only addressees within that unit's subtree. `directory` is read only in `write` and must outlive this. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/directory.h"
#include "schemas/events.capnp.h"
#include "schemas/projections.capnp.h"

namespace qingling::domain::projections {

class EscalationBoard {
 public:
  EscalationBoard(std::string campaign, std::string unit, const Directory& directory)
      : campaign_(std::move(campaign)), unit_(std::move(unit)), directory_(directory) {}

  void apply(schema::EventEnvelope::Reader event);
  // Rows by dueAt, then escalation id; `levels` has one entry per action, in ladder order, zeros included.
  void write(schema::EscalationBoard::Builder out, int64_t asOf) const;

  static std::vector<uint16_t> eventTypes();

 private:
  // One raised escalation, copied out of its event.
  struct Raised {
    std::string id;
    schema::SubjectRef::Which subjectKind = schema::SubjectRef::DISPATCH;
    std::string subject;  // the id within its kind
    std::string campaign;
    uint32_t step = 0;
    schema::EscalationAction action = schema::EscalationAction::REMIND;
    std::string addressee;
    int64_t dueAt = 0;
    int64_t raisedAt = 0;
    bool late = false;
    bool manual = false;
  };

  std::string campaign_;
  std::string unit_;
  const Directory& directory_;
  std::map<std::string, Raised> open_;  // by escalation id; acknowledged ones are dropped
};

}  // namespace qingling::domain::projections
