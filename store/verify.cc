// Walks the events family in position order and re-derives the hash chain, stopping at the first problem: a
// missing position, an envelope stored under the wrong position, a prevHash that is not the previous event's
// hash, a stored hash that does not match the bytes, or bytes that do not decode. A digest kept elsewhere
// (VerifyOptions::expect) also catches a consistently rewritten or truncated tail, which the chain alone
// cannot.
#include "store/verify.h"

#include <kj/exception.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "store/hash_chain.h"
#include "store/key_format.h"

namespace qingling::store {
namespace {

constexpr uint64_t kProgressEvery = 65536;

std::string at(uint64_t position) { return "position " + std::to_string(position); }

}  // namespace

std::string checkChainedEvent(uint64_t position, std::string_view value, const Hash& prev, Hash& hash) {
  try {
    RecordedEvent event(position, value);
    auto envelope = event.envelope();
    envelope.totalSize();  // walks every pointer, so a damaged envelope fails here and not later in a consumer
    if (envelope.getPosition() != position) {
      return "the envelope stored at " + at(position) + " says " + at(envelope.getPosition()) +
             ": events were moved or swapped";
    }
    // The event's own bytes name its predecessor's hash, so an altered event (bytes no longer match its
    // stored hash) is told apart from a replaced predecessor (event intact, but linked to a hash the chain
    // lacks).
    auto prevHash = envelope.getPrevHash();
    auto words = event.bytes().asBytes();
    std::string_view bytes(reinterpret_cast<const char*>(words.begin()), words.size());
    Hash linked{};
    if (prevHash.size() == linked.size()) std::memcpy(linked.data(), prevHash.begin(), linked.size());
    Hash computed = chainHash(linked, bytes);
    if (prevHash.size() != linked.size() || computed != event.hash()) {
      return "the stored hash at " + at(position) + " does not match its bytes: the event was altered after it " +
             "was written";
    }
    if (linked != prev) {
      return "the prevHash at " + at(position) + " is not the hash of " + at(position - 1) +
             ": an earlier event was replaced (with a recomputed hash) or events were reordered";
    }
    hash = computed;
    return "";
  } catch (const kj::Exception& e) {
    return "the bytes at " + at(position) + " do not decode (" + e.getDescription().cStr() +
           "): the stored value is damaged";
  }
}

Result<VerifyReport> verifyLog(const LogDb& db, uint64_t knownHead, const VerifyOptions& options) {
  if (options.expect && options.expect->position == 0 && options.expect->hash != kGenesisHash) {
    return StoreError{StoreErrc::invalidArgument,
                      "the digest names position 0 (the empty log) with a non-zero hash; "
                      "check where the digest came from"};
  }
  uint64_t end = options.upTo == 0 ? std::numeric_limits<uint64_t>::max() : options.upTo;
  if (options.expect) end = std::max(end, options.expect->position);
  const uint64_t total = std::min(end, knownHead);

  VerifyReport report;
  report.head = {0, kGenesisHash};
  auto broken = [&](uint64_t position, std::string problem) {
    report.intact = false;
    report.firstBad = position;
    report.problem = std::move(problem);
    return report;
  };

  ReadView view(db);
  auto it = view.iterate(db.events());
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const uint64_t expected = report.head.position + 1;
    if (it->key().size() != 8) {
      return broken(expected, "a key that is not a position follows " + at(expected - 1) + " in `events`");
    }
    const uint64_t position = keys::getU64(it->key().ToStringView());
    if (position > end) break;
    if (position != expected) {
      return broken(expected, at(expected) + " is missing: the next stored event is at " + at(position) +
                                  " (events were deleted)");
    }
    Hash hash{};
    std::string problem = checkChainedEvent(position, it->value().ToStringView(), report.head.hash, hash);
    if (!problem.empty()) return broken(position, std::move(problem));
    report.head = {position, hash};
    ++report.checked;
    if (options.expect && options.expect->position == position && options.expect->hash != hash) {
      return broken(position, "digest mismatch at " + at(position) + ": the log's hash is " + toHex(hash) +
                                  " but the digest says " + toHex(options.expect->hash) +
                                  ": the history up to here was rewritten");
    }
    if (options.progress && report.checked % kProgressEvery == 0) options.progress(report.checked, total);
  }
  if (!it->status().ok()) return statusError(it->status(), "verifying the event log", db.path());
  if (options.expect && options.expect->position > report.head.position) {
    return broken(report.head.position + 1, "truncated: " + at(report.head.position + 1) +
                                                " is missing; the log ends at " + at(report.head.position) +
                                                " but the digest names " + at(options.expect->position) +
                                                ": events at the end were removed");
  }
  if (options.progress) options.progress(report.checked, total);
  return report;
}

}  // namespace qingling::store
