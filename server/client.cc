#include "server/client.h"

#include <capnp/serialize.h>
#include <openssl/ssl.h>

#include "server/asio_ssl.h"
#include "server/framing.h"
#include "server/tls.h"

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

}  // namespace

struct Client::Impl {
  asio::io_context io;
  tcp::socket socket{io};
  std::unique_ptr<TlsContext> tlsContext;
  std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls;  // set when the connection is TLS
  std::string token;
  uint64_t nextId = 1;

  void readExactly(void* data, size_t size) {
    if (tls) {
      asio::read(*tls, asio::buffer(data, size));
    } else {
      asio::read(socket, asio::buffer(data, size));
    }
  }
  void writeAll(const void* data, size_t size) {
    if (tls) {
      asio::write(*tls, asio::buffer(data, size));
    } else {
      asio::write(socket, asio::buffer(data, size));
    }
  }
  std::unique_ptr<capnp::MessageReader> readWholeFrame();
};

std::unique_ptr<capnp::MessageReader> Client::Impl::readWholeFrame() {
  constexpr uint64_t maxBytes = kMaxReplyWords * sizeof(capnp::word);
  auto table = kj::heapArray<capnp::word>(1);
  readExactly(table.begin(), sizeof(capnp::word));
  FrameLayout layout = frameLayout(reinterpret_cast<const uint8_t*>(table.begin()), sizeof(capnp::word), maxBytes);
  if (layout.error.empty() && layout.tableBytes > sizeof(capnp::word)) {
    auto whole = kj::heapArray<capnp::word>(layout.tableBytes / sizeof(capnp::word));
    whole[0] = table[0];
    readExactly(whole.begin() + 1, layout.tableBytes - sizeof(capnp::word));
    table = kj::mv(whole);
    layout = frameLayout(reinterpret_cast<const uint8_t*>(table.begin()), layout.tableBytes, maxBytes);
  }
  if (!layout.error.empty()) KJ_FAIL_REQUIRE("malformed reply frame", layout.error);
  auto frame = kj::heapArray<capnp::word>((layout.tableBytes + layout.bodyBytes) / sizeof(capnp::word));
  std::copy(table.begin(), table.end(), frame.begin());
  readExactly(frame.begin() + table.size(), layout.bodyBytes);
  capnp::ReaderOptions options;
  options.traversalLimitInWords = kMaxReplyWords;
  return std::make_unique<WholeFrameReader>(kj::mv(frame), options);
}

Client::Client(const std::string& host, uint16_t port, std::string token, const ClientTls& tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->token = std::move(token);
  const std::string where = host + ":" + std::to_string(port);
  beast::error_code ec;
  tcp::resolver resolver(impl_->io);
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (!ec) asio::connect(impl_->socket, endpoints, ec);
  if (ec) {
    throw ClientError("cannot connect to qinglingd at " + where + ": " + ec.message() +
                      " (is it running? start it with scripts/run)");
  }
  impl_->socket.set_option(tcp::no_delay(true));
  if (!tls.enabled) return;
  auto context = clientTlsContext(tls.caFile);
  if (auto* error = std::get_if<std::string>(&context)) throw ClientError(*error);
  impl_->tlsContext = std::move(std::get<std::unique_ptr<TlsContext>>(context));
  impl_->tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(impl_->socket, *impl_->tlsContext);
  impl_->tls->set_verify_callback(asio::ssl::host_name_verification(host));
  // SNI, for a server behind a TLS proxy that serves several names; never for an address.
  asio::ip::make_address(host, ec);
  if (ec) SSL_set_tlsext_host_name(impl_->tls->native_handle(), host.c_str());
  impl_->tls->handshake(asio::ssl::stream_base::client, ec);
  if (ec) {
    throw ClientError("TLS handshake with qinglingd at " + where + " failed: " + ec.message() +
                      " (does it serve TLS (tls-cert)? is its certificate for '" + host + "' and signed by " +
                      (tls.caFile.empty() ? std::string("a CA the system trusts; else pass --tls-ca") : tls.caFile) +
                      "?)");
  }
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
  auto frame = capnp::messageToFlatArray(message);
  try {
    impl_->writeAll(frame.asBytes().begin(), frame.asBytes().size());
  } catch (const boost::system::system_error& e) {
    throw ClientError(std::string("sending to qinglingd failed: ") + e.what());
  }
  return id;
}

Reply Client::receive() {
  std::string why;
  try {
    return Reply(impl_->readWholeFrame());
  } catch (const kj::Exception& e) {
    why = e.getDescription().cStr();
  } catch (const boost::system::system_error& e) {
    why = e.code() == asio::error::eof ? "end of stream" : e.what();
  }
  throw ClientError("qinglingd closed the connection: " + why +
                    (impl_->tls ? "" : " (if it serves TLS, connect with --tls-ca FILE or --tls)"));
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

void Client::sendRaw(const void* data, size_t size) { impl_->writeAll(data, size); }

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
