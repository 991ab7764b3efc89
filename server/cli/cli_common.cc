#include "server/cli/cli_common.h"

#include <unistd.h>

#include "schemas/json_codec.h"
#include "server/cli/cli_flags.h"
#include "server/cli/cli_output.h"
#include "server/clock.h"
#include "store/event_log.h"
#include "store/hash_chain.h"

namespace qingling::cli {

std::string hex(capnp::Data::Reader data) {
  store::Hash hash{};
  if (data.size() != hash.size()) return "";
  std::copy(data.begin(), data.end(), hash.begin());
  return store::toHex(hash);
}

std::string localDay(int64_t micros) { return micros == 0 ? "-" : server::formatInstant(micros).substr(0, 10); }

std::string deadlineDay(int64_t micros) { return micros == 0 ? "-" : localDay(micros - 1); }

std::string unionName(capnp::DynamicStruct::Reader reader) {
  KJ_IF_MAYBE (field, reader.which()) {
    return field->getProto().getName();
  }
  return "?";
}

namespace {

// "as of T1, valid at T2" for an answer cut at a business instant: T1 is the answer's own asOf (the recordedAt
// cut), or --as-of when the answer has none.
std::string cutHeader(const CliContext& ctx, schema::Projection::Reader projection) {
  int64_t asOf = cli::asOf(ctx.args);
  auto answer = capnp::toDynamic(projection);
  KJ_IF_MAYBE (member, answer.which()) {
    auto inner = answer.get(*member).as<capnp::DynamicStruct>();
    KJ_IF_MAYBE (field, inner.getSchema().findFieldByName("asOf")) {
      asOf = inner.get(*field).as<int64_t>();
    }
  }
  return "as of " + (asOf == 0 ? std::string("now") : server::formatInstant(asOf)) + ", valid at " +
         server::formatInstant(projection.getValidAt());
}

}  // namespace

int finish(CliContext& ctx, const server::Reply& reply, const std::function<void()>& human) {
  auto body = reply->getBody();
  if (body.isError()) {
    auto error = body.getError();
    if (ctx.json) {
      ctx.out << schema::toJson(body) << "\n";
    } else {
      ctx.err << "qingling: " << enumName(error.getCode()) << ": " << error.getMessage().cStr();
      if (error.getPath().size() > 0) ctx.err << " [at " << error.getPath().cStr() << "]";
      ctx.err << "\n";
    }
    return 1;
  }
  if (ctx.json) {
    ctx.out << schema::toJson(body) << "\n";
  } else {
    if (body.isProjection() && body.getProjection().getValidAt() != 0) {
      ctx.out << cutHeader(ctx, body.getProjection()) << "\n";
    }
    human();
  }
  return 0;
}

std::vector<std::string> eventRow(schema::EventEnvelope::Reader e) {
  auto payload = capnp::toDynamic(e.getPayload());
  std::string type = unionName(payload);
  std::string detail;
  KJ_IF_MAYBE (field, payload.which()) {
    auto value = payload.get(*field);
    if (value.getType() == capnp::DynamicValue::STRUCT) detail = schema::toJson(value.as<capnp::DynamicStruct>());
  }
  auto actor = e.getActor();
  return {std::to_string(e.getPosition()),
          std::string(e.getStreamId().cStr()) + "@" + std::to_string(e.getStreamVersion()),
          type,
          server::formatInstant(e.getRecordedAt()),
          std::string(actor.getUser().cStr()) + "@" + actor.getUnit().cStr(),
          truncate(detail, 72)};
}

const std::vector<std::string> kEventHeader = {"POS", "STREAM@VER", "TYPE", "RECORDED", "ACTOR", "PAYLOAD"};

void printEvents(CliContext& ctx, schema::EventPage::Reader page) {
  Table table(kEventHeader);
  for (auto e : page.getEvents()) table.add(eventRow(e));
  table.print(ctx.out);
  if (page.getNext() != 0) ctx.out << "(more: continue with --from " << page.getNext() << ")\n";
}

void printAppended(CliContext& ctx, schema::Appended::Reader a) {
  if (a.getDuplicate()) {
    ctx.out << "already done by this command id: " << a.getStreamId().cStr() << " version " << a.getStreamVersion()
            << " (nothing appended)\n";
  } else {
    ctx.out << "appended to " << a.getStreamId().cStr() << " at version " << a.getStreamVersion() << ", positions "
            << a.getFirstPosition() << "-" << a.getLastPosition() << "\n";
  }
  if (a.getSecret().size() > 0) {
    ctx.out << "token: " << a.getSecret().cStr() << "\n(shown once: hand it to its user; it cannot be shown again)\n";
  }
}

// Sends one command whose body `fill` sets.
int sendCommand(CliContext& ctx, const std::function<void(schema::Command::Builder)>& fill) {
  auto reply = ctx.client.call([&](Body body) {
    auto command = body.initCommand();
    if (auto id = ctx.args.option("command-id")) command.setCommandId(*id);
    command.setOccurredAt(instantFlag(ctx.args, "occurred-at"));
    fill(command);
  });
  return finish(ctx, reply, [&] { printAppended(ctx, reply->getBody().getAppended()); });
}

server::Reply callQuery(CliContext& ctx, const std::function<void(schema::Query::Builder)>& fill) {
  StatusLine status(ctx.err, &ctx.err == &std::cerr && ::isatty(STDERR_FILENO) == 1);
  return ctx.client.call(
      [&](Body body) {
        auto q = body.initQuery();
        q.setAsOf(asOf(ctx.args));
        q.setValidAt(instantFlag(ctx.args, "valid-at"));
        q.setWantProgress(status.active());
        fill(q);
      },
      [&](schema::ReplayProgress::Reader p) {
        status.show("replaying: " + std::to_string(p.getFolded()) + " events (position " +
                    std::to_string(p.getPosition()) + " of " + std::to_string(p.getHead()) + ")");
      });
}

int runQuery(CliContext& ctx, const std::function<void(schema::Query::Builder)>& fill,
             const std::function<void(schema::Projection::Reader)>& print) {
  auto reply = callQuery(ctx, fill);
  return finish(ctx, reply, [&] { print(reply->getBody().getProjection()); });
}

int runVerb(CliContext& ctx, const VerbTable& verbs, const std::string& usage) {
  auto verb = verbs.find(ctx.args.word(1));
  if (verb == verbs.end()) throw UsageError(usage);
  std::set<std::string> flags = verb->second.flags;
  flags.insert({"command-id", "occurred-at"});
  ctx.args.allowOnly(flags);
  // The request is built before anything is sent, so a usage error thrown by `fill` sends nothing.
  return sendCommand(ctx, [&](schema::Command::Builder c) { verb->second.fill(ctx.args, c); });
}

}  // namespace qingling::cli
