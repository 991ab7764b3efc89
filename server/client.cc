#include "server/client.h"

#include <kj/io.h>

#include "server/asio.h"

namespace qingling::server {

struct Client::Impl {
  asio::io_context io;
  tcp::socket socket{io};
  std::string token;
  uint64_t nextId = 1;
};

Client::Client(const std::string& host, uint16_t port, std::string token) : impl_(std::make_unique<Impl>()) {
  impl_->token = std::move(token);
  beast::error_code ec;
  tcp::resolver resolver(impl_->io);
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (!ec) asio::connect(impl_->socket, endpoints, ec);
  if (ec) {
    throw ClientError("cannot connect to qinglingd at " + host + ":" + std::to_string(port) + ": " + ec.message() +
                      " (is it running? start it with scripts/run)");
  }
  impl_->socket.set_option(tcp::no_delay(true));
}

Client::~Client() = default;

int Client::fd() const { return impl_->socket.native_handle(); }

uint64_t Client::send(const std::function<void(schema::Request::Body::Builder)>& fill) {
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<schema::Request>();
  uint64_t id = impl_->nextId++;
  request.setRequestId(id);
  request.setToken(impl_->token);
  fill(request.getBody());
  try {
    capnp::writeMessageToFd(fd(), message);
  } catch (const kj::Exception& e) {
    throw ClientError(std::string("sending to qinglingd failed: ") + e.getDescription().cStr());
  }
  return id;
}

Reply Client::receive() {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = uint64_t{1} << 30;
  try {
    return Reply(std::make_unique<capnp::StreamFdMessageReader>(fd(), options));
  } catch (const kj::Exception& e) {
    throw ClientError(std::string("qinglingd closed the connection: ") + e.getDescription().cStr());
  }
}

Reply Client::call(const std::function<void(schema::Request::Body::Builder)>& fill) {
  uint64_t id = send(fill);
  for (;;) {
    Reply reply = receive();
    if (reply->getRequestId() == id || reply->getRequestId() == 0) return reply;
  }
}

void Client::sendRaw(const void* data, size_t size) { asio::write(impl_->socket, asio::buffer(data, size)); }

void parseEndpoint(const std::string& text, std::string& host, uint16_t& port) {
  size_t colon = text.rfind(':');
  host = colon == std::string::npos ? text : text.substr(0, colon);
  port = 7420;
  if (colon != std::string::npos) {
    try {
      int p = std::stoi(text.substr(colon + 1));
      if (p <= 0 || p > 65535) throw std::out_of_range("port");
      port = static_cast<uint16_t>(p);
    } catch (const std::exception&) {
      throw ClientError("'" + text + "' is not host:port");
    }
  }
  if (host.empty()) throw ClientError("'" + text + "' has no host");
}

}  // namespace qingling::server
