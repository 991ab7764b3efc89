// The scheduler: the one mechanism that dispatches task occurrences and raises escalation steps — of dispatches,
// hazards and tips (DOMAIN.md, Escalation). It keeps a domain::Agenda folded from the log (through the type
// index, Agenda::eventTypes()) and runs the agenda's due jobs in order, each appended at its own instant, so an
// escalation is recorded when it fell due — never twice (every job opens its own stream with noStream, under a
// deterministic command id) and never lost (after a crash, whatever fell due while the server was down runs at
// start).
//
// Who drives it (wired in server.cc through CommandService::onAgendaChange): in sim mode moveClock runs every
// job up to the new instant before the clock lands there; every command whose decision says it moves the agenda
// (a campaign's, a dispatch's; a hazard's or tip's, whose deadlines are watched too) runs the jobs due by now
// (issuing a campaign dispatches at once); the server runs what is due at start; in wall mode a timer on the
// server's io_context also wakes at the next job's instant. A job run more than 5 s after its instant on the wall
// clock is `late` and recorded at the actual time; the sim clock is never late.
//
// Thread-safety: every member may be called from any thread; runs are serialised. runUpTo() blocks on store
// appends, so never call it on the store's writer thread (an io thread is fine). The Scheduler must outlive the
// io_context's run() once startTimer() was called; stop() before the io_context is expected to drain.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "domain/agenda.h"
#include "server/asio.h"
#include "server/clock.h"
#include "server/directory_view.h"
#include "store/event_log.h"

namespace qingling::server {

struct SchedulerRun {
  size_t jobs = 0;  // jobs this run appended
  bool ok = true;   // false: the log refused or could not be read; what is left stays due for the next run
  std::string error;
};

class Scheduler {
 public:
  Scheduler(store::EventLog& log, DirectoryView& directory, Clock& clock);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs every job due at or before t, in the agenda's order, including the escalation steps of dispatches
  // it makes on the way; then re-arms the timer (if started).
  SchedulerRun runUpTo(int64_t t);

  // The earliest instant after t at which a job falls due, as of what the log holds now.
  std::optional<int64_t> nextAfter(int64_t t);

  // Wall mode: from now on a timer on `executor` runs runUpTo(now) when the next job falls due.
  void startTimer(const asio::any_io_executor& executor);
  // Cancels the timer for good (shutdown).
  void stop();

 private:
  bool catchUp(std::string& error);  // requires runMutex_ or mutex_ free; takes mutex_
  bool runJob(const domain::Job& job, std::string& error);
  void rearm(bool failed);

  store::EventLog& log_;
  DirectoryView& directory_;
  Clock& clock_;
  std::mutex runMutex_;  // serialises runs: one job list at a time
  std::mutex mutex_;
  domain::Agenda agenda_;    // guarded by mutex_
  uint64_t foldedUpTo_ = 0;  // guarded by mutex_
  std::mutex timerMutex_;
  std::unique_ptr<asio::steady_timer> timer_;  // guarded by timerMutex_
  bool stopped_ = false;                       // guarded by timerMutex_
};

}  // namespace qingling::server
