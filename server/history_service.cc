// The entity → events mapping of history_service.h. Stream and index reads collect the entity's events keyed by
// position (a map, so an event reached twice is listed once and the order is global); a user's history scans
// the log page by page instead, since no index holds actors.
#include "server/history_service.h"

#include <capnp/dynamic.h>

#include <functional>
#include <limits>
#include <map>
#include <set>

#include "domain/campaign_keys.h"
#include "server/history_summary.h"
#include "store/hash_chain.h"

namespace qingling::server {
namespace {

using schema::ErrorCode;
using Collected = std::map<uint64_t, store::RecordedEvent>;

Failure storeFailure(const store::StoreError& error) { return Failure{errorCodeFor(error.code), error.message, {}}; }

// "-<digits>": an escalation stream's step suffix (domain/agenda.h).
bool stepSuffix(std::string_view rest) {
  return rest.size() >= 2 && rest[0] == '-' && rest.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

// The escalation streams of a subject: a fixed prefix, then a rest the subject kind accepts.
struct StreamFamily {
  std::string prefix;
  std::function<bool(std::string_view rest)> accepts;
};

std::optional<Failure> addStream(const store::EventLog& log, const std::string& stream, uint64_t from,
                                 Collected& into) {
  for (uint64_t version = 1;;) {
    auto page = log.readStream(stream, version, false, 0);
    if (!page.ok()) return storeFailure(page.error());
    if (page->empty()) return std::nullopt;
    version = page->back().envelope().getStreamVersion() + 1;
    for (auto& event : page.value()) {
      if (event.position() >= from) into.emplace(event.position(), std::move(event));
    }
  }
}

std::optional<Failure> addFamily(const store::EventLog& log, const StreamFamily& family, uint64_t from,
                                 Collected& into) {
  auto streams = log.streamsWithPrefix(family.prefix, std::numeric_limits<size_t>::max());
  if (!streams.ok()) return storeFailure(streams.error());
  for (const auto& stream : streams.value()) {
    if (!family.accepts(std::string_view(stream).substr(family.prefix.size()))) continue;
    if (auto failure = addStream(log, stream, from, into)) return failure;
  }
  return std::nullopt;
}

// The streams about a dispatch, hazard or tip: its own stream first (its first event decides the reach).
std::vector<StreamFamily> familiesOf(const std::string& kind, const std::string& id) {
  auto exactly = [](std::string_view rest) { return rest.empty(); };
  if (kind == "dispatch") {
    return {{"dispatch-" + id, exactly},
            {"dispatch-" + id + "/", [](std::string_view rest) { return !rest.empty(); }},
            {"escalation-" + id, [](std::string_view rest) {
               if (stepSuffix(rest)) return true;    // the dispatch's own ladder
               const size_t dash = rest.rfind('-');  // a child dispatch's: "/<unit>-<step>"
               return rest.starts_with('/') && dash != std::string_view::npos && stepSuffix(rest.substr(dash));
             }}};
  }
  if (kind == "hazard") {
    return {{"hazard-" + id, exactly},
            {"escalation-hazard:" + id, stepSuffix},
            {"escalation-hazard-listed", [id](std::string_view rest) {
               const size_t colon = rest.find(':');  // "<n>:<id>-<step>", n empty for the first listing
               if (colon == std::string_view::npos) return false;
               if (rest.substr(0, colon).find_first_not_of("0123456789") != std::string_view::npos) return false;
               std::string_view after = rest.substr(colon + 1);
               return after.starts_with(id) && stepSuffix(after.substr(id.size()));
             }}};
  }
  return {{"tip-" + id, exactly}, {"escalation-tip:" + id, stepSuffix}};
}

// Index reads (campaign, unit) return one page from `from`.
std::optional<Failure> addIndexed(const store::EventLog& log, const std::string& key, uint64_t from, Collected& into,
                                  uint64_t& next) {
  store::EventFilter filter;
  filter.units.push_back(key);
  auto page = log.readAll(from, kHistoryPage, filter);
  if (!page.ok()) return storeFailure(page.error());
  if (page->size() == kHistoryPage) next = page->back().position() + 1;
  for (auto& event : page.value()) into.emplace(event.position(), std::move(event));
  return std::nullopt;
}

// A user's history: positions [from, from + kHistoryScanPage) of the log, kept where the actor is the user.
std::optional<Failure> addActedBy(const store::EventLog& log, const std::string& user, uint64_t from, Collected& into,
                                  uint64_t& next, uint64_t& scanned) {
  const uint64_t head = log.head().position;
  const uint64_t end = std::min(head, from + kHistoryScanPage - 1);
  for (uint64_t position = from; position <= end;) {
    auto page = log.readAll(position, end - position + 1);
    if (!page.ok()) return storeFailure(page.error());
    if (page->empty()) break;
    position = page->back().position() + 1;
    scanned += page->size();
    for (auto& event : page.value()) {
      if (event.envelope().getActor().getUser() == user) into.emplace(event.position(), std::move(event));
    }
  }
  if (end < head) next = end + 1;
  return std::nullopt;
}

// True if the event names a unit of `root`'s subtree (index keys such as "campaign:…" are not units).
bool touches(const domain::Directory& d, const store::RecordedEvent& event, const std::string& root) {
  auto envelope = event.envelope();
  if (d.isWithin(envelope.getActor().getUnit().cStr(), root)) return true;
  for (auto unit : envelope.getUnits()) {
    if (d.isWithin(unit.cStr(), root)) return true;
  }
  return false;
}

std::optional<Failure> forbidden(const std::string& kind, const std::string& id) {
  return Failure{ErrorCode::FORBIDDEN,
                 "the " + kind + " '" + id + "' lies outside your unit's subtree; ask an auditor of a unit above it",
                 "history.id"};
}

void fillEntry(schema::HistoryEntry::Builder row, const store::RecordedEvent& event) {
  auto envelope = event.envelope();
  row.setPosition(event.position());
  row.setRecordedAt(envelope.getRecordedAt());
  row.setOccurredAt(envelope.getOccurredAt());
  row.setActor(envelope.getActor());
  row.setCommandId(envelope.getCommandId());
  row.setStreamId(envelope.getStreamId());
  auto payload = envelope.getPayload();
  KJ_IF_MAYBE (member, capnp::DynamicStruct::Reader(payload).which()) {
    row.setEventType(member->getProto().getName());
  }
  row.setSummary(summarizeEvent(payload));
  row.setHash(capnp::Data::Reader(event.hash().data(), event.hash().size()));
}

}  // namespace

std::optional<Failure> answerHistory(const store::EventLog& log, DirectoryView& directory, const domain::Principal& who,
                                     schema::HistoryRequest::Reader request, schema::HistoryPage::Builder out) {
  const std::string kind = request.getKind();
  const std::string id = request.getId();
  const uint64_t from = std::max<uint64_t>(request.getFromPosition(), 1);
  static const std::set<std::string> kKinds{"campaign", "dispatch", "hazard", "tip", "unit", "user"};
  if (!kKinds.contains(kind)) {
    return Failure{ErrorCode::BAD_REQUEST,
                   "unknown history kind '" + kind + "': use campaign, dispatch, hazard, tip, unit or user",
                   "history.kind"};
  }
  if (id.empty() || id.find('\0') != std::string::npos) {
    return Failure{ErrorCode::BAD_REQUEST, "a history needs the entity's id", "history.id"};
  }
  const bool admin = who.has(schema::Role::ADMIN);

  Collected events;
  uint64_t next = 0;
  uint64_t scanned = 0;
  std::optional<Failure> failure;
  if (kind == "unit" || kind == "user") {
    const bool known = directory.read([&](const domain::Directory& d) {
      const std::string unit = kind == "unit" ? id : (d.user(id) ? d.user(id)->unit : std::string());
      if (kind == "unit" ? d.unit(id) == nullptr : d.user(id) == nullptr) return false;
      if (!admin && !d.isWithin(unit, who.unit)) failure = forbidden(kind, id);
      return true;
    });
    if (!known) return Failure{ErrorCode::NOT_FOUND, "no " + kind + " '" + id + "' is registered", "history.id"};
    if (failure) return failure;
    failure =
        kind == "unit" ? addIndexed(log, id, from, events, next) : addActedBy(log, id, from, events, next, scanned);
  } else {
    // The reach is decided on the entity's first event, whatever page is asked for.
    Collected first;
    if (kind == "campaign") {
      uint64_t ignored = 0;
      failure = addIndexed(log, domain::campaignKey(id), 1, first, ignored);
    } else {
      failure = addStream(log, familiesOf(kind, id).front().prefix, 1, first);
    }
    if (failure) return failure;
    if (first.empty()) return Failure{ErrorCode::NOT_FOUND, "the log holds no " + kind + " '" + id + "'", "history.id"};
    if (!admin && !directory.read([&](const auto& d) { return touches(d, first.begin()->second, who.unit); })) {
      return forbidden(kind, id);
    }
    if (kind == "campaign") {
      failure = addIndexed(log, domain::campaignKey(id), from, events, next);
    } else {
      for (const auto& family : familiesOf(kind, id)) {
        if ((failure = addFamily(log, family, from, events))) break;
      }
    }
  }
  if (failure) return failure;

  // Streams are read whole; keep one page and continue after it.
  if (events.size() > kHistoryPage) {
    auto cut = std::next(events.begin(), kHistoryPage);
    next = cut->first;
    events.erase(cut, events.end());
  }
  auto rows = out.initEntries(static_cast<unsigned>(events.size()));
  unsigned i = 0;
  for (const auto& [position, event] : events) fillEntry(rows[i++], event);
  out.setNext(next);
  out.setScanned(scanned);
  return std::nullopt;
}

}  // namespace qingling::server
