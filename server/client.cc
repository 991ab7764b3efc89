#include "server/client.h"

#include <capnp/serialize.h>
#include <kj/io.h>

#include "server/asio.h"
#include "server/framing.h"

namespace qingling::server {
namespace {

constexpr uint64_t kMaxReplyWords = uint64_t{1} << 30;

// A reply read whole before it is handed out. capnp's stream reader may leave later segments of a large message
// unread until they are accessed; a caller that keeps a Reply while sending the next request would then read
// the next answer from the middle of the previous one.
struct FrameWords {
  kj::Array<capnp::word> words;
};
class WholeFrameReader : private FrameWords, public capnp::FlatArrayMessageReader {
 public:
  WholeFrameReader(kj::Array<capnp::word> words, capnp::ReaderOptions options)
      : FrameWords{kj::mv(words)}, capnp::FlatArrayMessageReader(FrameWords::words, options) {}
};

std::unique_ptr<capnp::MessageReader> readWholeFrame(int fd) {
  kj::FdInputStream in(fd);
  constexpr uint64_t maxBytes = kMaxReplyWords * sizeof(capnp::word);
  auto table = kj::heapArray<capnp::word>(1);
  in.read(table.begin(), sizeof(capnp::word));
  FrameLayout layout = frameLayout(reinterpret_cast<const uint8_t*>(table.begin()), sizeof(capnp::word), maxBytes);
  if (layout.error.empty() && layout.tableBytes > sizeof(capnp::word)) {
    auto whole = kj::heapArray<capnp::word>(layout.tableBytes / sizeof(capnp::word));
    whole[0] = table[0];
    in.read(whole.begin() + 1, layout.tableBytes - sizeof(capnp::word));
    table = kj::mv(whole);
    layout = frameLayout(reinterpret_cast<const uint8_t*>(table.begin()), layout.tableBytes, maxBytes);
  }
  if (!layout.error.empty()) KJ_FAIL_REQUIRE("malformed reply frame", layout.error);
  auto frame = kj::heapArray<capnp::word>((layout.tableBytes + layout.bodyBytes) / sizeof(capnp::word));
  std::copy(table.begin(), table.end(), frame.begin());
  in.read(frame.begin() + table.size(), layout.bodyBytes);
  capnp::ReaderOptions options;
  options.traversalLimitInWords = kMaxReplyWords;
  return std::make_unique<WholeFrameReader>(kj::mv(frame), options);
}

}  // namespace

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
  try {
    return Reply(readWholeFrame(fd()));
  } catch (const kj::Exception& e) {
    throw ClientError(std::string("qinglingd closed the connection: ") + e.getDescription().cStr());
  }
}

Reply Client::call(const std::function<void(schema::Request::Body::Builder)>& fill, const OnProgress& onProgress) {
  uint64_t id = send(fill);
  for (;;) {
    Reply reply = receive();
    if (reply->getRequestId() != id && reply->getRequestId() != 0) continue;
    if (!reply->getBody().isProgress()) return reply;
    if (onProgress) onProgress(reply->getBody().getProgress());
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
