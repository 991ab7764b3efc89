// Helpers shared by the `qingling` subcommands: enum names, printing answers, sending commands.
#pragma once

#include <functional>
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
// Prints the answer (human() for people, capnp-json with --json) or the refusal; returns the exit code.
int finish(CliContext& ctx, const server::Reply& reply, const std::function<void()>& human);
std::vector<std::string> eventRow(schema::EventEnvelope::Reader e);
void printEvents(CliContext& ctx, schema::EventPage::Reader page);
void printAppended(CliContext& ctx, schema::Appended::Reader a);
// Sends one command whose body `fill` sets (with --command-id when given) and prints the outcome.
int sendCommand(CliContext& ctx, const std::function<void(schema::Command::Builder)>& fill);
std::string hex(capnp::Data::Reader data);

extern const std::vector<std::string> kEventHeader;

}  // namespace qingling::cli
