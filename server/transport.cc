#include "server/transport.h"

#include <optional>

#include "server/asio_ssl.h"

namespace qingling::server {

struct Transport::Impl {
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
};

Transport::Transport(tcp::socket socket, TlsContext* tls) : impl_(std::make_unique<Impl>()) {
  if (tls != nullptr) {
    impl_->tls.emplace(std::move(socket), *tls);
  } else {
    impl_->plain.emplace(std::move(socket));
  }
}

Transport::~Transport() = default;

beast::tcp_stream& Transport::stream() { return impl_->plain ? *impl_->plain : beast::get_lowest_layer(*impl_->tls); }

bool Transport::secure() const { return impl_->tls.has_value(); }

asio::awaitable<void> Transport::handshake(beast::error_code& ec) {
  if (!impl_->tls) co_return;
  co_await impl_->tls->async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<size_t> Transport::readSome(asio::mutable_buffer buffer, beast::error_code& ec) {
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  if (impl_->tls) co_return co_await impl_->tls->async_read_some(buffer, token);
  co_return co_await impl_->plain->async_read_some(buffer, token);
}

asio::awaitable<size_t> Transport::read(asio::mutable_buffer buffer, beast::error_code& ec) {
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  if (impl_->tls) co_return co_await asio::async_read(*impl_->tls, buffer, token);
  co_return co_await asio::async_read(*impl_->plain, buffer, token);
}

asio::awaitable<void> Transport::write(const std::vector<asio::const_buffer>& buffers, beast::error_code& ec) {
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  if (impl_->tls) {
    co_await asio::async_write(*impl_->tls, buffers, token);
  } else {
    co_await asio::async_write(*impl_->plain, buffers, token);
  }
}

}  // namespace qingling::server
