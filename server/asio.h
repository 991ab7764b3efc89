// The one place Asio and Beast are included. Boost 1.74's awaitable.hpp uses std::exchange without including
// <utility> (STACK.md pitfall 2), so <utility> must come first.
#pragma once

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace qingling::server {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = boost::asio::ip::tcp;
}  // namespace qingling::server
