#include "server/request_router.h"

#include <capnp/schema.h>
#include <spdlog/spdlog.h>

#include "server/archive_service.h"
#include "server/history_service.h"
#include "server/query_request.h"
#include "server/tokens.h"
#include "store/hash_chain.h"

namespace qingling::server {
namespace {

using schema::ErrorCode;
constexpr uint32_t kDefaultPage = 1000;

capnp::Data::Reader asData(const store::Hash& hash) { return capnp::Data::Reader(hash.data(), hash.size()); }

void setDigest(schema::Digest::Builder out, const store::Digest& digest) {
  out.setPosition(digest.position);
  out.setHash(asData(digest.hash));
}

void fillEvents(schema::EventPage::Builder page, const std::vector<store::RecordedEvent>& events) {
  auto list = page.initEvents(static_cast<unsigned>(events.size()));
  for (unsigned i = 0; i < events.size(); ++i) {
    list.setWithCaveats(i, events[i].envelope());
    list[i].setHash(asData(events[i].hash()));
  }
}

// Raw log access is for operators and auditors who see the whole tree; finer, jurisdiction-cut reads are the
// projections' job.
bool mayReadRawLog(ServerContext& context, const domain::Principal& who) {
  if (who.has(schema::Role::ADMIN)) return true;
  if (!who.has(schema::Role::AUDITOR)) return false;
  return context.directory.read([&](const auto& d) {
    const domain::Unit* unit = d.unit(who.unit);
    return unit != nullptr && unit->parent.empty();
  });
}

std::optional<uint16_t> eventTypeByName(const std::string& name) {
  KJ_IF_MAYBE (field, capnp::Schema::from<schema::Event>().findFieldByName(name)) {
    return field->getProto().getDiscriminantValue();
  }
  return std::nullopt;
}

class Reply {
 public:
  Reply(ResponseSink& sink, uint64_t requestId) : sink_(sink) { root().setRequestId(requestId); }
  schema::Response::Body::Builder body() { return root().getBody(); }
  void send() { sink_.send(message_); }

 private:
  schema::Response::Builder root() { return message_.getRoot<schema::Response>(); }
  ResponseSink& sink_;
  capnp::MallocMessageBuilder message_;
};

void sendOutcome(ResponseSink& sink, uint64_t id, const Outcome& outcome) {
  if (outcome.failure) {
    sendError(sink, id, outcome.failure->code, outcome.failure->message, outcome.failure->path);
    return;
  }
  Reply reply(sink, id);
  auto out = reply.body().initAppended();
  out.setStreamId(outcome.appended.streamId);
  out.setFirstPosition(outcome.appended.firstPosition);
  out.setLastPosition(outcome.appended.lastPosition);
  out.setStreamVersion(outcome.appended.streamVersion);
  out.setDuplicate(outcome.appended.duplicate);
  out.setSecret(outcome.secret);
  reply.send();
}

asio::awaitable<void> appendRaw(ServerContext& context, const domain::Principal& who, uint64_t id,
                                schema::AppendRaw::Reader raw, ResponseSink& sink) {
  if (!who.has(schema::Role::ADMIN)) {
    sendError(sink, id, ErrorCode::FORBIDDEN, "raw appends need the admin role");
    co_return;
  }
  if (raw.getStreamId().size() == 0 || raw.getEvents().size() == 0) {
    sendError(sink, id, ErrorCode::BAD_REQUEST, "a raw append needs a stream id and at least one event");
    co_return;
  }
  store::AppendRequest request;
  request.streamId = raw.getStreamId();
  request.commandId = raw.getCommandId();
  request.recordedAt = context.clock.now();
  auto expected = raw.getExpected();
  if (expected.isNoStream()) request.expected = store::ExpectedVersion::noStream();
  if (expected.isExact()) request.expected = store::ExpectedVersion::exact(expected.getExact());
  for (auto event : raw.getEvents()) {
    if (!event.isNote()) {
      sendError(sink, id, ErrorCode::FORBIDDEN,
                "raw appends may carry only `note` events; domain events come from commands", "events");
      co_return;
    }
    // Sized to the event: the default first segment (8 KiB) made a 2 MB append of 50,000 one-byte notes cost
    // ~450 MB (tests/server/hostile_frames_test.cc). The allowance covers the envelope's other fields.
    const auto texts = request.streamId.size() + request.commandId.size() * 2 + who.user.size() + who.unit.size();
    const auto words = event.totalSize().wordCount + 64 + texts / sizeof(capnp::word);
    store::NewEvent e{std::make_unique<capnp::MallocMessageBuilder>(static_cast<unsigned>(words))};
    auto envelope = e.message->initRoot<schema::EventEnvelope>();
    envelope.setPayload(event);
    envelope.setOccurredAt(request.recordedAt);
    envelope.setCommandId(request.commandId);
    envelope.setCorrelationId(request.commandId);
    auto actor = envelope.initActor();
    actor.setUser(who.user);
    actor.setUnit(who.unit);
    actor.setRole(schema::Role::ADMIN);
    request.events.push_back(std::move(e));
  }
  auto result = co_await asyncAppend(context.log, std::move(request), asio::use_awaitable);
  if (!result.ok()) {
    sendError(sink, id, errorCodeFor(result.error().code), result.error().message);
    co_return;
  }
  sendOutcome(sink, id, Outcome{std::nullopt, std::move(result.value()), {}});
}

std::optional<store::EventFilter> filterFor(schema::ReadAll::Reader read, std::string& error) {
  store::EventFilter filter;
  if (read.getEventType().size() > 0) {
    auto type = eventTypeByName(read.getEventType());
    if (!type) {
      error =
          "unknown event type '" + std::string(read.getEventType().cStr()) + "' (use a name such as hazardRecorded)";
      return std::nullopt;
    }
    filter.types.push_back(*type);
  }
  if (read.getUnit().size() > 0) filter.units.push_back(read.getUnit());
  return filter;
}

asio::awaitable<void> subscribe(ServerContext& context, uint64_t id, schema::ReadAll::Reader read, ResponseSink& sink) {
  std::string error;
  auto filter = filterFor(read, error);
  if (!filter) {
    sendError(sink, id, ErrorCode::BAD_REQUEST, error, "eventType");
    co_return;
  }
  uint64_t next = std::max<uint64_t>(read.getFromPosition(), 1);
  bool announcedLive = false;
  while (!sink.closed() && !context.stopping) {
    uint64_t head = context.log.head().position;
    auto page = context.log.readAll(next, kDefaultPage, *filter);
    if (!page.ok()) {
      sendError(sink, id, errorCodeFor(page.error().code), page.error().message);
      co_return;
    }
    if (!page->empty()) {
      Reply reply(sink, id);
      auto out = reply.body().initEvents();
      fillEvents(out, page.value());
      next = page->back().position() + 1;
      out.setNext(next);
      out.setLive(announcedLive);
      reply.send();
      co_await sink.waitForRoom();
      continue;
    }
    next = std::max(next, head + 1);
    if (!announcedLive) {
      announcedLive = true;
      Reply reply(sink, id);
      auto out = reply.body().initEvents();
      out.setNext(next);
      out.setLive(true);
      reply.send();
    }
    co_await context.heads.asyncWaitBeyond(next - 1, asio::use_awaitable);
  }
}

void readStream(ServerContext& context, uint64_t id, schema::ReadStream::Reader read, ResponseSink& sink) {
  uint32_t limit = read.getLimit() == 0 ? kDefaultPage : std::min(read.getLimit(), kDefaultPage);
  uint64_t from = read.getFromVersion();
  if (!read.getBackward() && from == 0) from = 1;
  auto events = context.log.readStream(read.getStreamId().cStr(), from, read.getBackward(), limit);
  if (!events.ok()) {
    sendError(sink, id, errorCodeFor(events.error().code), events.error().message);
    return;
  }
  Reply reply(sink, id);
  auto out = reply.body().initEvents();
  fillEvents(out, events.value());
  if (events->size() == limit) {
    uint64_t last = events->back().envelope().getStreamVersion();
    out.setNext(read.getBackward() ? (last > 1 ? last - 1 : 0) : last + 1);
  }
  reply.send();
}

void readAll(ServerContext& context, uint64_t id, schema::ReadAll::Reader read, ResponseSink& sink) {
  std::string error;
  auto filter = filterFor(read, error);
  if (!filter) {
    sendError(sink, id, ErrorCode::BAD_REQUEST, error, "eventType");
    return;
  }
  uint32_t limit = read.getLimit() == 0 ? kDefaultPage : std::min(read.getLimit(), kDefaultPage);
  auto events = context.log.readAll(std::max<uint64_t>(read.getFromPosition(), 1), limit, *filter);
  if (!events.ok()) {
    sendError(sink, id, errorCodeFor(events.error().code), events.error().message);
    return;
  }
  Reply reply(sink, id);
  auto out = reply.body().initEvents();
  fillEvents(out, events.value());
  if (events->size() == limit) out.setNext(events->back().position() + 1);
  reply.send();
}

void verify(ServerContext& context, uint64_t id, schema::Verify::Reader request, ResponseSink& sink) {
  store::VerifyOptions options;
  options.upTo = request.getUpTo();
  if (request.hasDigest() && request.getDigest().getPosition() > 0) {
    auto digest = request.getDigest();
    store::Digest expect;
    expect.position = digest.getPosition();
    if (digest.getHash().size() != expect.hash.size()) {
      sendError(sink, id, ErrorCode::BAD_REQUEST, "a digest hash is 32 bytes (64 hex digits)", "digest.hash");
      return;
    }
    std::copy(digest.getHash().begin(), digest.getHash().end(), expect.hash.begin());
    options.expect = expect;
  }
  auto report = context.log.verify(options);
  if (!report.ok()) {
    sendError(sink, id, errorCodeFor(report.error().code), report.error().message);
    return;
  }
  Reply reply(sink, id);
  auto out = reply.body().initVerified();
  out.setIntact(report->intact);
  out.setChecked(report->checked);
  setDigest(out.initHead(), report->head);
  out.setFirstBad(report->firstBad);
  out.setProblem(report->problem);
  reply.send();
  if (!report->intact) spdlog::error("verify: log broken at position {}: {}", report->firstBad, report->problem);
}

void status(ServerContext& context, uint64_t id, ResponseSink& sink) {
  Reply reply(sink, id);
  auto out = reply.body().initStatus();
  out.setVersion(QINGLING_VERSION);
  setDigest(out.initHead(), context.log.head());
  out.setClockMode(context.clock.simulated() ? "sim" : "wall");
  out.setNow(context.clock.now());
  out.setConnections(context.connections.load());
  auto up = std::chrono::steady_clock::now() - context.startedAt;
  out.setUptimeSeconds(static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(up).count()));
  out.setDataDir(context.config.dataDir);
  reply.send();
}

}  // namespace

void sendError(ResponseSink& sink, uint64_t requestId, ErrorCode code, const std::string& message,
               const std::string& path) {
  Reply reply(sink, requestId);
  auto error = reply.body().initError();
  error.setCode(code);
  error.setMessage(message);
  error.setPath(path);
  reply.send();
}

asio::awaitable<void> handleRequest(ServerContext& context, schema::Request::Reader request, ResponseSink& sink,
                                    const std::string& peer) {
  const uint64_t id = request.getRequestId();
  std::string error;
  if (!context.directory.catchUp(error)) {
    sendError(sink, id, ErrorCode::INTERNAL, "reading the directory failed: " + error);
    co_return;
  }
  const auto now = AuthThrottle::Clock::now();
  if (auto wait = context.authThrottle.blockedFor(peer, now); wait.count() > 0) {
    sendError(sink, id, ErrorCode::RATE_LIMITED,
              "too many failed authentications from " + peer + " (more than " +
                  std::to_string(context.authThrottle.limit()) + " in " +
                  std::to_string(context.authThrottle.window().count()) + " s); try again in " +
                  std::to_string(wait.count()) + " s",
              "token");
    co_return;
  }
  auto auth = context.directory.read(
      [&](const auto& d) { return authenticate(d, request.getToken().cStr(), context.clock.now()); });
  if (!auth.principal) {
    if (context.authThrottle.recordFailure(peer, now)) {
      spdlog::warn(
          "authentication from {} refused for up to {} s: {} failures (the last: {}); raise "
          "auth-failure-limit if these clients share one address",
          peer, context.authThrottle.window().count(), context.authThrottle.limit(), describe(auth.failure));
    }
    sendError(sink, id, ErrorCode::UNAUTHENTICATED,
              std::string(describe(auth.failure)) + " (pass --token or set QINGLING_TOKEN)", "token");
    co_return;
  }
  const domain::Principal& who = *auth.principal;
  auto body = request.getBody();
  using W = schema::Request::Body::Which;
  const W which = body.which();
  const bool rawRead = which == W::READ_STREAM || which == W::READ_ALL || which == W::SUBSCRIBE || which == W::VERIFY ||
                       which == W::DIGEST || which == W::STORED_RECORDS;
  if (rawRead && !mayReadRawLog(context, who)) {
    sendError(sink, id, ErrorCode::FORBIDDEN,
              "reading the raw log needs the admin role or an auditor of a top-level unit; use the projections");
    co_return;
  }
  switch (which) {
    case W::COMMAND:
      sendOutcome(sink, id, co_await context.commands.execute(who, body.getCommand()));
      break;
    case W::APPEND_RAW:
      co_await appendRaw(context, who, id, body.getAppendRaw(), sink);
      break;
    case W::READ_STREAM:
      readStream(context, id, body.getReadStream(), sink);
      break;
    case W::READ_ALL:
      readAll(context, id, body.getReadAll(), sink);
      break;
    case W::SUBSCRIBE:
      co_await subscribe(context, id, body.getSubscribe(), sink);
      break;
    case W::VERIFY:
      verify(context, id, body.getVerify(), sink);
      break;
    case W::STATUS:
      status(context, id, sink);
      break;
    case W::WHO_AM_I: {
      Reply reply(sink, id);
      auto out = reply.body().initPrincipal();
      out.setUser(who.user);
      out.setUnit(who.unit);
      auto roles = out.initRoles(static_cast<unsigned>(who.roles.size()));
      for (unsigned i = 0; i < who.roles.size(); ++i) roles.set(i, who.roles[i]);
      out.setTokenId(who.tokenId);
      reply.send();
      break;
    }
    case W::QUERY:
      co_await serveQuery(context, who, id, body.getQuery(), sink);
      break;
    case W::HISTORY: {
      Reply reply(sink, id);
      if (auto failure =
              answerHistory(context.log, context.directory, who, body.getHistory(), reply.body().initHistory())) {
        sendError(sink, id, failure->code, failure->message, failure->path);
      } else {
        reply.send();
      }
      break;
    }
    case W::STORED_RECORDS: {
      Reply reply(sink, id);
      if (auto failure = answerStoredRecords(context.log, body.getStoredRecords(), reply.body().initStoredRecords())) {
        sendError(sink, id, failure->code, failure->message, failure->path);
      } else {
        reply.send();
      }
      break;
    }
    case W::DIGEST: {
      Reply reply(sink, id);
      setDigest(reply.body().initDigest(), context.log.head());
      reply.send();
      break;
    }
    default:
      sendError(sink, id, ErrorCode::BAD_REQUEST, "unknown request kind: the client is newer than this server");
  }
}

}  // namespace qingling::server
