#include "server/command_service.h"

#include <capnp/dynamic.h>
#include <spdlog/spdlog.h>

#include "domain/directory_commands.h"
#include "domain/duration.h"
#include "server/append_stamp.h"
#include "server/async_log.h"
#include "server/decide_command.h"
#include "server/tokens.h"

namespace qingling::server {
namespace {

constexpr int kMaxAttempts = 4;
const std::string kClockStream = "clock";

using schema::ErrorCode;

// One debug line per command: who, which command, and what came of it — never the command's fields, which may
// carry what must stay sealed (a tip's reporter) or secret.
void logOutcome(const domain::Principal& actor, schema::Command::Reader command, const std::string& commandId,
                const Outcome& outcome) {
  if (!spdlog::should_log(spdlog::level::debug)) return;
  std::string name = "?";
  KJ_IF_MAYBE (member, capnp::toDynamic(command.getBody()).which()) {
    name = member->getProto().getName().cStr();
  }
  if (outcome.failure) {
    spdlog::debug("command {} id={} by {}@{}: refused ({}) {}", name, commandId, actor.user, actor.unit,
                  static_cast<int>(outcome.failure->code), outcome.failure->message);
  } else {
    spdlog::debug("command {} id={} by {}@{}: {} positions {}..{}", name, commandId, actor.user, actor.unit,
                  outcome.appended.duplicate ? "duplicate of" : "appended", outcome.appended.firstPosition,
                  outcome.appended.lastPosition);
  }
}

ErrorCode errorCodeForRejection(domain::RejectionCode code) {
  switch (code) {
    case domain::RejectionCode::forbidden:
      return ErrorCode::FORBIDDEN;
    case domain::RejectionCode::notFound:
      return ErrorCode::NOT_FOUND;
    case domain::RejectionCode::invalid:
      return ErrorCode::BAD_REQUEST;
    case domain::RejectionCode::conflict:
      return ErrorCode::REJECTED;
  }
  return ErrorCode::REJECTED;
}

std::string randomCommandId() { return "auto-" + randomHex(8); }

}  // namespace

ErrorCode errorCodeFor(store::StoreErrc code) {
  switch (code) {
    case store::StoreErrc::versionConflict:
      return ErrorCode::VERSION_CONFLICT;
    case store::StoreErrc::notFound:
      return ErrorCode::NOT_FOUND;
    case store::StoreErrc::corruption:
      return ErrorCode::CORRUPTION;
    case store::StoreErrc::storageFull:
      return ErrorCode::STORAGE_FULL;
    case store::StoreErrc::invalidArgument:
      return ErrorCode::BAD_REQUEST;
    case store::StoreErrc::closed:
      return ErrorCode::UNAVAILABLE;
    case store::StoreErrc::ioError:
      break;
  }
  return ErrorCode::INTERNAL;
}

asio::awaitable<Outcome> CommandService::execute(const domain::Principal& actor, schema::Command::Reader command) {
  std::string commandId = command.getCommandId();
  if (commandId.empty()) commandId = randomCommandId();
  if (commandId.size() > 128) co_return fail(ErrorCode::BAD_REQUEST, "commandId is longer than 128 bytes", "commandId");
  for (int i = 0; i < kMaxAttempts; ++i) {
    auto seen = log_.findCommand(commandId);
    if (!seen.ok()) co_return fail(errorCodeFor(seen.error().code), seen.error().message);
    if (seen->has_value()) {
      // A retry is answered only to whoever issued the command: another user reusing the id learns nothing of it.
      auto first = log_.read((*seen)->firstPosition);
      if (!first.ok()) co_return fail(errorCodeFor(first.error().code), first.error().message);
      if (!first->has_value() || std::string_view((*first)->envelope().getActor().getUser().cStr()) != actor.user) {
        co_return fail(ErrorCode::BAD_REQUEST,
                       "commandId " + commandId + " was already used by another command; give this one a new id",
                       "commandId");
      }
      Outcome outcome;
      outcome.appended = **seen;
      outcome.appended.duplicate = true;
      co_return outcome;
    }
    bool retry = false;
    Outcome outcome = co_await attempt(actor, command, commandId, retry);
    if (retry) continue;
    logOutcome(actor, command, commandId, outcome);
    co_return outcome;
  }
  co_return fail(ErrorCode::VERSION_CONFLICT,
                 "the command kept losing races with concurrent writers to the same stream; retry it");
}

asio::awaitable<Outcome> CommandService::attempt(const domain::Principal& actor, schema::Command::Reader command,
                                                 const std::string& commandId, bool& retry) {
  std::string error;
  if (!directory_.catchUp(error)) co_return fail(ErrorCode::INTERNAL, "reading the directory failed: " + error);
  auto body = command.getBody();
  if (body.isAdvanceClock() || body.isSetClock()) co_return co_await moveClock(actor, command, commandId, retry);
  const int64_t now = clock_.now();
  Decided decided = decideCommand(log_, directory_, actor, command, now, sealer_);
  if (decided.failure) co_return Outcome{decided.failure, {}, {}};
  domain::Decision& decision = *decided.decision;
  if (auto* rejection = std::get_if<domain::Rejection>(&decision)) {
    co_return fail(errorCodeForRejection(rejection->code), rejection->message, rejection->path);
  }
  int64_t occurredAt = command.getOccurredAt() == 0 ? now : command.getOccurredAt();
  if (occurredAt > now) {
    co_return fail(ErrorCode::BAD_REQUEST, "occurredAt lies in the future of the server clock", "occurredAt");
  }
  std::string correlation = command.getCorrelationId();
  Stamp stamp{actor, commandId, correlation.empty() ? commandId : correlation, occurredAt, now};
  auto request = toAppendRequest(std::move(std::get<domain::Emitted>(decision)), stamp);
  auto result = co_await asyncAppend(log_, std::move(request), asio::use_awaitable);
  if (!result.ok()) {
    if (result.error().code == store::StoreErrc::versionConflict) {
      retry = true;
      co_return Outcome{};
    }
    co_return fail(errorCodeFor(result.error().code), result.error().message);
  }
  directory_.catchUp(error);
  // Campaign and dispatch changes can make work due at once (dispatches of a phase just started): the scheduler
  // runs before the answer, so whoever issued the command sees its consequences.
  if (decided.movesAgenda && afterAgendaChange_) afterAgendaChange_(now);
  Outcome outcome;
  outcome.appended = std::move(result.value());
  outcome.secret = std::move(decided.secret);
  co_return outcome;
}

asio::awaitable<Outcome> CommandService::moveClock(const domain::Principal& actor, schema::Command::Reader command,
                                                   const std::string& commandId, bool& retry) {
  auto* sim = dynamic_cast<SimClock*>(&clock_);
  if (sim == nullptr) {
    co_return fail(ErrorCode::CLOCK_REFUSED,
                   "this server runs on the wall clock; clock commands work only with qinglingd --clock=sim");
  }
  if (!actor.has(schema::Role::ADMIN)) co_return fail(ErrorCode::FORBIDDEN, "moving the clock needs the admin role");
  const int64_t from = sim->now();
  int64_t to = from;
  auto body = command.getBody();
  if (body.isAdvanceClock()) {
    auto by = domain::parseDuration(body.getAdvanceClock().getBy().cStr());
    if (!by || *by <= 0) {
      co_return fail(ErrorCode::BAD_REQUEST, "advance takes a positive ISO 8601 duration such as P7D or PT6H", "by");
    }
    to = from + *by;
  } else {
    to = body.getSetClock().getTo();
    if (to < from) {
      co_return fail(ErrorCode::CLOCK_REFUSED,
                     "time never goes backwards: " + formatInstant(to) + " is before now, " + formatInstant(from),
                     "to");
    }
  }
  auto version = log_.streamVersion(kClockStream);
  if (!version.ok()) co_return fail(errorCodeFor(version.error().code), version.error().message);
  domain::Emitted emitted =
      domain::emit(kClockStream, domain::StreamExpectation::exactLoaded, domain::draft({}), *version);
  auto moved = emitted.streams[0].events[0].envelope().initPayload().initClockAdvanced();
  moved.setFrom(from);
  moved.setTo(to);
  std::string correlation = command.getCorrelationId();
  Stamp stamp{actor, commandId, correlation.empty() ? commandId : correlation, from, from};
  auto result = co_await asyncAppend(log_, toAppendRequest(std::move(emitted), stamp), asio::use_awaitable);
  if (!result.ok()) {
    retry = result.error().code == store::StoreErrc::versionConflict;
    co_return fail(errorCodeFor(result.error().code), result.error().message);
  }
  // Everything due on the way runs first, each job recorded at its own instant, then the clock lands on `to`.
  if (afterAgendaChange_) afterAgendaChange_(to);
  sim->set(to);
  spdlog::info("clock moved from {} to {} by {}", formatInstant(from), formatInstant(to), actor.user);
  Outcome outcome;
  outcome.appended = std::move(result.value());
  co_return outcome;
}

void CommandService::restoreSimClock() {
  auto* sim = dynamic_cast<SimClock*>(&clock_);
  if (sim == nullptr) return;
  int64_t latest = sim->now();
  if (auto last = log_.readStream(kClockStream, 0, true, 1); last.ok() && !last->empty()) {
    latest = std::max(latest, last->front().envelope().getPayload().getClockAdvanced().getTo());
  }
  if (auto head = log_.read(log_.head().position); head.ok() && head->has_value()) {
    latest = std::max(latest, (*head)->envelope().getRecordedAt());
  }
  sim->set(latest);
}

Outcome CommandService::bootstrapAdmin(const std::function<bool(const std::string&)>& keepSecret) {
  std::string error;
  if (!directory_.catchUp(error)) return fail(ErrorCode::INTERNAL, "reading the directory failed: " + error);
  // Done once any token was issued: only the bootstrap and admins holding a token issue them.
  const store::EventFilter tokens{{static_cast<uint16_t>(schema::Event::Which::TOKEN_ISSUED)}, {}};
  auto issued = log_.readAll(1, 1, tokens);
  if (!issued.ok()) return fail(errorCodeFor(issued.error().code), issued.error().message);
  if (!issued->empty()) return Outcome{};
  const domain::Principal system{"qingling", "qingling", {schema::Role::ADMIN}, {}};
  const int64_t now = clock_.now();
  capnp::MallocMessageBuilder message;
  NewToken token = generateToken();
  auto appendDecision = [&](domain::Decision decision, const std::string& id) -> std::optional<Failure> {
    if (auto* r = std::get_if<domain::Rejection>(&decision)) return Failure{ErrorCode::INTERNAL, r->message, r->path};
    auto result = log_.append(
        toAppendRequest(std::move(std::get<domain::Emitted>(decision)), Stamp{system, id, "bootstrap", now, now}));
    if (!result.ok()) return Failure{errorCodeFor(result.error().code), result.error().message, {}};
    directory_.catchUp(error);
    return std::nullopt;
  };
  auto unit = message.initRoot<schema::PlanUnit>();
  unit.setId("qingling");
  unit.setName("Qingling system");
  unit.setKind(schema::UnitKind::OTHER);
  // A crash during an earlier first start may have left some of these steps done: do the rest.
  if (directory_.read([](const auto& d) { return d.unit("qingling") == nullptr; })) {
    auto r1 = appendDecision(
        directory_.read([&](const auto& d) { return domain::decideRegisterUnit(d, system, unit); }), "bootstrap-unit");
    if (r1) return Outcome{r1, {}, {}};
  }
  auto user = message.initRoot<schema::RegisterUser>();
  user.setUserId("admin");
  user.setName("Administrator");
  user.setUnit("qingling");
  user.initRoles(1).set(0, schema::Role::ADMIN);
  if (directory_.read([](const auto& d) { return d.user("admin") == nullptr; })) {
    auto r2 = appendDecision(
        directory_.read([&](const auto& d) { return domain::decideRegisterUser(d, system, user); }), "bootstrap-user");
    if (r2) return Outcome{r2, {}, {}};
  }
  // The secret is kept before its token is recorded: a crash in between leaves no token, and the next start
  // issues (and keeps) another one.
  if (!keepSecret(token.secretToken)) {
    return fail(ErrorCode::INTERNAL, "cannot keep the admin token; check the data directory is writable");
  }
  auto issue = message.initRoot<schema::IssueToken>();
  issue.setUserId("admin");
  auto r3 = appendDecision(
      directory_.read([&](const auto& d) { return domain::decideIssueToken(d, system, issue, token.material, now); }),
      "bootstrap-token-" + token.material.tokenId);
  if (r3) return Outcome{r3, {}, {}};
  Outcome outcome;
  outcome.secret = token.secretToken;
  return outcome;
}

}  // namespace qingling::server
