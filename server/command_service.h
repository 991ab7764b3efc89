// Executes commands: authorise and decide in domain/, append what was decided, answer. Idempotent by command
// id: a command seen before returns its first result and appends nothing. On a stale expected version (another
// writer got there first) the decision is made again against the fresh state, a few times at most.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "server/asio.h"
#include "server/clock.h"
#include "server/directory_view.h"
#include "server/outcome.h"
#include "server/sealing.h"
#include "store/event_log.h"

namespace qingling::server {

class CommandService {
 public:
  CommandService(store::EventLog& log, DirectoryView& directory, Clock& clock)
      : log_(log), directory_(directory), clock_(clock) {}

  asio::awaitable<Outcome> execute(const domain::Principal& actor, schema::Command::Reader command);

  // First start (no token issued yet): registers the system unit and an `admin` user unless an interrupted
  // earlier first start did, hands a new token's secret to `keepSecret` (false = could not keep it: fail),
  // then records the token and returns its secret. Returns an empty secret if a token was issued before.
  Outcome bootstrapAdmin(const std::function<bool(const std::string&)>& keepSecret);

  // Sim mode: moves the clock to the last instant the log recorded, so a restart never turns time back.
  void restoreSimClock();

  // Called with the decision instant after every command that changed a campaign or a dispatch (the scheduler
  // dispatches and escalates what has come due). Set once, before serving.
  void onAgendaChange(std::function<void(int64_t now)> hook) { afterAgendaChange_ = std::move(hook); }

  // Seals tip reporters' identities (receiveTip is unavailable without it). Set once, before serving; not owned.
  void setSealer(const Sealer* sealer) { sealer_ = sealer; }

 private:
  struct Attempt;
  asio::awaitable<Outcome> attempt(const domain::Principal& actor, schema::Command::Reader command,
                                   const std::string& commandId, bool& retry);
  asio::awaitable<Outcome> moveClock(const domain::Principal& actor, schema::Command::Reader command,
                                     const std::string& commandId, bool& retry);

  store::EventLog& log_;
  DirectoryView& directory_;
  Clock& clock_;
  std::function<void(int64_t now)> afterAgendaChange_;
  const Sealer* sealer_ = nullptr;
};

}  // namespace qingling::server
