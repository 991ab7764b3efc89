// Loads the state a command needs (its aggregates' streams, the directory) and asks domain/ to decide it. The
// one place that maps each command of the Command union to its domain decision.
#pragma once

#include <optional>
#include <string>

#include "domain/decision.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "server/directory_view.h"
#include "server/outcome.h"
#include "server/sealing.h"
#include "store/event_log.h"

namespace qingling::server {

struct Decided {
  std::optional<domain::Decision> decision;  // empty when `failure` is set
  std::optional<Failure> failure;            // the command could not be decided (unknown kind, unreadable store)
  std::string secret;                        // issueToken: the token to hand back once
  bool movesAgenda = false;  // a campaign, dispatch, hazard or tip (or a deadline of one) changed: the scheduler
                             // has work to look at
};

// `sealer` seals tip reporters' identities; without one, receiveTip is refused as unavailable.
Decided decideCommand(store::EventLog& log, DirectoryView& directory, const domain::Principal& actor,
                      schema::Command::Reader command, int64_t now, const Sealer* sealer = nullptr);

}  // namespace qingling::server
