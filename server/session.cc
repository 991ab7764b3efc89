#include "server/session.h"

#include <vector>

#include <capnp/serialize.h>
#include <spdlog/spdlog.h>

#include "server/framing.h"

namespace qingling::server {
namespace {

constexpr size_t kWordBytes = sizeof(capnp::word);

}  // namespace

Session::Session(tcp::socket socket, ServerContext& context)
    : context_(context), transport_(std::move(socket), context.tls), writerWake_(executor()), roomWake_(executor()) {
  beast::error_code ec;
  auto endpoint = transport_.stream().socket().remote_endpoint(ec);
  peer_ = ec ? "unknown" : endpoint.address().to_string();
  writerWake_.expires_at(asio::steady_timer::time_point::max());
  roomWake_.expires_at(asio::steady_timer::time_point::max());
  ++context_.connections;
}

Session::~Session() {
  context_.budget.release(outgoingBytes_);  // 0 once closed
  --context_.connections;
}

void Session::start() {
  auto self = shared_from_this();
  asio::co_spawn(
      executor(), [self]() { return self->readLoop(); }, asio::detached);
  asio::co_spawn(
      executor(), [self]() { return self->writeLoop(); }, asio::detached);
}

void Session::drain() {
  asio::post(executor(), [self = shared_from_this()]() {
    self->reading_ = false;
    beast::error_code ignored;
    self->transport_.stream().socket().shutdown(tcp::socket::shutdown_receive, ignored);
    self->closeIfIdle();
  });
}

asio::awaitable<bool> Session::readExactly(void* data, size_t size) {
  beast::error_code ec;
  size_t n = co_await transport_.read(asio::buffer(data, size), ec);
  co_return !ec && n == size;
}

asio::awaitable<void> Session::readLoop() {
  const uint64_t maxFrame = context_.config.maxFrameBytes;
  if (transport_.secure()) {
    transport_.stream().expires_after(std::chrono::seconds(context_.config.frameTimeoutSeconds));
    beast::error_code ec;
    co_await transport_.handshake(ec);
    if (ec) {
      // A plaintext client, a scanner or an untrusting peer: nothing to answer on a channel that never was.
      spdlog::info("TLS handshake with {} failed: {}", peer_, ec.message());
      reading_ = false;
      close();
      co_return;
    }
  }
  while (reading_ && !closed_) {
    auto table = kj::heapArray<capnp::word>(1);
    transport_.stream().expires_never();  // idle connections may wait for their next request as long as they like
    // A frame begins with its first byte, and from then on the timeout runs: a client sending part of the prefix
    // and stalling would otherwise hold its connection with a frame begun and never cut off.
    beast::error_code ec;
    size_t got = co_await transport_.readSome(asio::buffer(table.begin(), kFramePrefixBytes), ec);
    if (ec) break;
    transport_.stream().expires_after(std::chrono::seconds(context_.config.frameTimeoutSeconds));
    if (got < kFramePrefixBytes &&
        !co_await readExactly(reinterpret_cast<uint8_t*>(table.begin()) + got, kFramePrefixBytes - got)) {
      break;
    }
    FrameLayout layout = frameLayout(reinterpret_cast<const uint8_t*>(table.begin()), kFramePrefixBytes, maxFrame);
    if (layout.error.empty() && layout.tableBytes > kFramePrefixBytes) {
      auto whole = kj::heapArray<capnp::word>(layout.tableBytes / kWordBytes);
      whole[0] = table[0];
      table = kj::mv(whole);
      if (!co_await readExactly(table.begin() + 1, layout.tableBytes - kFramePrefixBytes)) break;
      layout = frameLayout(reinterpret_cast<const uint8_t*>(table.begin()), layout.tableBytes, maxFrame);
    }
    if (!layout.error.empty()) {
      bool tooLarge = layout.error.find("exceeds") != std::string::npos;
      failConnection(tooLarge ? schema::ErrorCode::FRAME_TOO_LARGE : schema::ErrorCode::BAD_REQUEST, layout.error);
      break;
    }
    const uint64_t frameBytes = layout.tableBytes + layout.bodyBytes;
    co_await context_.budget.asyncTake(frameBytes, asio::use_awaitable);
    auto share = std::make_shared<BudgetShare>(context_.budget, frameBytes);  // until the request is answered
    transport_.stream().expires_after(std::chrono::seconds(context_.config.frameTimeoutSeconds));  // after the wait
    auto frame = std::make_shared<kj::Array<capnp::word>>(kj::heapArray<capnp::word>(frameBytes / kWordBytes));
    std::copy(table.begin(), table.end(), frame->begin());
    if (!co_await readExactly(frame->begin() + table.size(), layout.bodyBytes)) break;
    co_await waitForRoom();
    asio::co_spawn(
        executor(), [self = shared_from_this(), frame, share]() { return self->handle(frame); }, asio::detached);
  }
  if (reading_) {
    // The read failed while we still wanted requests: the peer is gone (or timed out mid-frame). Nobody is
    // left to answer, so close now and wake subscriptions parked on the head signal so they see it.
    reading_ = false;
    close();
    if (inFlight_ > 0) context_.heads.wakeAll();
    co_return;
  }
  closeIfIdle();
}

asio::awaitable<void> Session::handle(std::shared_ptr<kj::Array<capnp::word>> frame) {
  uint64_t requestId = 0;
  if (inFlight_ >= context_.config.maxInFlight) {
    try {
      capnp::FlatArrayMessageReader reader(*frame, frameReaderOptions(frame->size() * kWordBytes));
      requestId = reader.getRoot<schema::Request>().getRequestId();
    } catch (const kj::Exception&) {
    }
    sendError(*this, requestId, schema::ErrorCode::TOO_MANY_IN_FLIGHT,
              "more than " + std::to_string(context_.config.maxInFlight) +
                  " requests in flight on this connection (max-in-flight); wait for answers before sending more");
    co_return;
  }
  ++inFlight_;
  std::string failure;
  try {
    capnp::FlatArrayMessageReader reader(*frame, frameReaderOptions(frame->size() * kWordBytes));
    auto request = reader.getRoot<schema::Request>();
    requestId = request.getRequestId();
    co_await handleRequest(context_, request, *this, peer_);
  } catch (const kj::Exception& e) {
    failure = std::string("malformed request: ") + e.getDescription().cStr();
  } catch (const std::exception& e) {
    spdlog::error("request {} failed: {}", requestId, e.what());
    failure = std::string("internal error: ") + e.what() + "; the server log has details";
  }
  if (!failure.empty()) sendError(*this, requestId, schema::ErrorCode::BAD_REQUEST, failure);
  --inFlight_;
  closeIfIdle();
}

void Session::send(capnp::MallocMessageBuilder& response) {
  if (closed_) return;
  auto frame = capnp::messageToFlatArray(response);
  outgoingBytes_ += frame.size() * kWordBytes;
  context_.budget.charge(frame.size() * kWordBytes);
  outgoing_.push_back(std::move(frame));
  writerWake_.cancel();
}

asio::awaitable<void> Session::waitForRoom() {
  while (!closed_ && outgoingBytes_ > context_.config.maxOutgoingBytes) {
    beast::error_code cancelled;
    co_await roomWake_.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
  }
}

asio::awaitable<void> Session::writeLoop() {
  while (!closed_) {
    if (outgoing_.empty()) {
      writerWake_.expires_at(asio::steady_timer::time_point::max());
      beast::error_code cancelled;
      co_await writerWake_.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
      continue;
    }
    // Every frame queued so far in one write (pipelined answers, a query's progress); send() only appends, so
    // these stay in place while it runs.
    std::vector<asio::const_buffer> buffers;
    size_t bytes = 0;
    for (const auto& frame : outgoing_) {
      auto b = frame.asBytes();
      buffers.emplace_back(b.begin(), b.size());
      bytes += b.size();
    }
    transport_.stream().expires_after(std::chrono::seconds(context_.config.frameTimeoutSeconds * 4));
    beast::error_code ec;
    co_await transport_.write(buffers, ec);
    if (ec || closed_) {
      close();
      break;
    }
    outgoingBytes_ -= bytes;
    context_.budget.release(bytes);
    outgoing_.erase(outgoing_.begin(), outgoing_.begin() + static_cast<std::ptrdiff_t>(buffers.size()));
    roomWake_.cancel();
    closeIfIdle();
  }
  outgoing_.clear();  // never written: close() gave their bytes back to the budget
}

void Session::failConnection(schema::ErrorCode code, const std::string& message) {
  spdlog::warn("closing connection from {}: {}", peer_, message);
  sendError(*this, 0, code, message + "; the connection is closed");
  reading_ = false;
}

void Session::closeIfIdle() {
  if (!reading_ && inFlight_ == 0 && outgoing_.empty()) close();
}

void Session::close() {
  if (closed_) return;
  closed_ = true;
  // At once, not when the session goes: its reader may be queued for the budget these bytes would free.
  context_.budget.release(outgoingBytes_);
  outgoingBytes_ = 0;
  beast::error_code ignored;
  transport_.stream().socket().shutdown(tcp::socket::shutdown_both, ignored);
  transport_.stream().socket().close(ignored);
  writerWake_.cancel();
  roomWake_.cancel();
}

}  // namespace qingling::server
