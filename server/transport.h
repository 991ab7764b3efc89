// A client connection's byte stream on the server: plain TCP, or TLS over it when the server has a certificate
// (tls-cert, tls-key). Timeouts and the socket belong to the TCP layer, stream(); reads and writes go through TLS
// when it is on. Not thread-safe: a session uses it from its strand only.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "server/asio.h"
#include "server/tls.h"

namespace qingling::server {

class Transport {
 public:
  // `tls` null: plain TCP. Else it must outlive the transport.
  Transport(tcp::socket socket, TlsContext* tls);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  beast::tcp_stream& stream();
  bool secure() const;

  // TLS: the server's side of the handshake, within the TCP layer's current timeout. Plain: nothing.
  asio::awaitable<void> handshake(beast::error_code& ec);
  asio::awaitable<size_t> readSome(asio::mutable_buffer buffer, beast::error_code& ec);
  asio::awaitable<size_t> read(asio::mutable_buffer buffer, beast::error_code& ec);
  asio::awaitable<void> write(const std::vector<asio::const_buffer>& buffers, beast::error_code& ec);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qingling::server
