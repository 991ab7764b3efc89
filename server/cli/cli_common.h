// Helpers shared by the `qingling` subcommands: enum names, printing answers, sending commands.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <capnp/dynamic.h>
#include <capnp/schema.h>

#include "server/cli/cli_commands.h"

namespace qingling::cli {

using Body = schema::Request::Body::Builder;

template <class Enum>
Enum enumByName(const std::string& name, const char* what) {
  KJ_IF_MAYBE (e, capnp::Schema::from<Enum>().findEnumerantByName(name)) {
    return static_cast<Enum>(e->getOrdinal());
  }
  std::string known;
  for (auto e : capnp::Schema::from<Enum>().getEnumerants())
    known += std::string(known.empty() ? "" : ", ") + e.getProto().getName().cStr();
  throw UsageError(std::string("unknown ") + what + " '" + name + "' (one of: " + known + ")");
}

template <class Enum>
std::string enumName(Enum value) {
  auto all = capnp::Schema::from<Enum>().getEnumerants();
  auto index = static_cast<uint16_t>(value);
  return index < all.size() ? std::string(all[index].getProto().getName().cStr()) : std::to_string(index);
}

std::string unionName(capnp::DynamicStruct::Reader reader);
// Prints the answer (human() for people, capnp-json with --json) or the refusal; returns the exit code. A projection
// cut at a business instant is headed "as of T1, valid at T2".
int finish(CliContext& ctx, const server::Reply& reply, const std::function<void()>& human);
std::vector<std::string> eventRow(schema::EventEnvelope::Reader e);
void printEvents(CliContext& ctx, schema::EventPage::Reader page);
void printAppended(CliContext& ctx, schema::Appended::Reader a);
// Sends one command whose body `fill` sets (with --command-id and --occurred-at when given) and prints the outcome.
int sendCommand(CliContext& ctx, const std::function<void(schema::Command::Builder)>& fill);

// Sends one projection query whose body `fill` sets, cut at --as-of (default now) and, when given, --valid-at (the
// state of affairs at that business instant as known at --as-of), and returns the answer. When stderr is a
// terminal it asks for progress and shows "replaying: N events (position P of H)" on one stderr line, erased before
// it returns.
server::Reply callQuery(CliContext& ctx, const std::function<void(schema::Query::Builder)>& fill);
// callQuery, then prints the answer with `print` (or --json); finish() heads it with the cut.
int runQuery(CliContext& ctx, const std::function<void(schema::Query::Builder)>& fill,
             const std::function<void(schema::Projection::Reader)>& print);

// One verb of a command noun (`qingling hazard verify H --pass`): the flags it takes besides --command-id and
// --occurred-at, and how they fill the command.
struct CommandVerb {
  std::set<std::string> flags;
  std::function<void(const Args&, schema::Command::Builder)> fill;
};
using VerbTable = std::map<std::string, CommandVerb>;
// Runs the verb named by word(1): rejects unknown flags, fills and sends the command. UsageError(`usage`) for a
// missing or unknown verb.
int runVerb(CliContext& ctx, const VerbTable& verbs, const std::string& usage);
std::string hex(capnp::Data::Reader data);
// The local day (UTC+8) of an instant, "-" for 0.
std::string localDay(int64_t micros);
// A deadline is the instant its local day ends; people read it as that day. "-" for 0.
std::string deadlineDay(int64_t micros);

extern const std::vector<std::string> kEventHeader;

}  // namespace qingling::cli
