// The one place Asio and Beast are included. Boost 1.74's awaitable.hpp uses std::exchange without including
// <utility> (STACK.md pitfall 2), so <utility> must come first.
#pragma once

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <functional>
#include <memory>

namespace qingling::server {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = boost::asio::ip::tcp;

// A no-argument completion handler as a call any thread may make once: it posts the handler to the handler's own
// executor (for waits that other threads end: the head signal, the memory budget).
template <class Handler>
std::function<void()> postingTo(Handler handler) {
  auto executor = asio::get_associated_executor(handler);
  auto shared = std::make_shared<Handler>(std::move(handler));
  return [executor, shared]() { asio::post(executor, [shared]() { (*shared)(); }); };
}

}  // namespace qingling::server
