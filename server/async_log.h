// Bridges the store's writer thread into Asio: an append whose completion resumes the caller on its own
// executor, and a HeadSignal that wakes subscriptions when new events commit.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "server/asio.h"
#include "store/event_log.h"

namespace qingling::server {

template <class Token>
auto asyncAppend(store::EventLog& log, store::AppendRequest request, Token&& token) {
  using Signature = void(store::Result<store::AppendResult>);
  return asio::async_initiate<Token, Signature>(
      [&log](auto handler, store::AppendRequest request) {
        auto executor = asio::get_associated_executor(handler);
        auto work = asio::make_work_guard(executor);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        log.appendAsync(std::move(request), [shared, work = std::move(work)](store::Result<store::AppendResult> r) {
          asio::post(work.get_executor(), [shared, r = std::move(r)]() mutable { (*shared)(std::move(r)); });
        });
      },
      token, std::move(request));
}

// Wakes every waiter once the log's head passes the position it waits beyond. Waiters registered after the
// head already moved are woken at once, so no commit is missed between a read and a wait.
class HeadSignal {
 public:
  explicit HeadSignal(store::EventLog& log);
  ~HeadSignal();

  template <class Token>
  auto asyncWaitBeyond(uint64_t position, Token&& token) {
    return asio::async_initiate<Token, void()>(
        [this, position](auto handler) { addWaiter(position, postingTo(std::move(handler))); }, token);
  }

  // At shutdown: subscriptions see the server closing and end. Waiters that register afterwards are woken at
  // once, so a subscription between its stop check and its wait cannot sleep through the shutdown.
  void stop();
  // Wakes every current waiter without a commit (a connection closed: its subscription must notice and end).
  void wakeAll();

 private:
  void addWaiter(uint64_t position, std::function<void()> wake);
  void onCommit(uint64_t head);

  store::EventLog& log_;
  std::mutex mutex_;
  uint64_t head_ = 0;                           // guarded by mutex_
  bool stopped_ = false;                        // guarded by mutex_
  std::vector<std::function<void()>> waiters_;  // guarded by mutex_
  std::unique_ptr<store::EventLog::Watch> watch_;
};

}  // namespace qingling::server
