#include "server/archive_service.h"

#include <string>
#include <vector>

namespace qingling::server {

std::optional<Failure> answerStoredRecords(const store::EventLog& log, schema::StoredRange::Reader range,
                                           schema::StoredRecords::Builder out) {
  const uint64_t head = log.head().position;
  const uint64_t from = std::max<uint64_t>(range.getFromPosition(), 1);
  const uint64_t to = range.getToPosition() == 0 ? head : range.getToPosition();
  if (to > head || from > to) {
    return Failure{schema::ErrorCode::BAD_REQUEST,
                   "the range " + std::to_string(from) + ".." + std::to_string(to) + " is not within the log (1.." +
                       std::to_string(head) + "); check --from and --to",
                   "storedRecords"};
  }
  auto page = log.readAll(from, std::min<uint64_t>(kRecordsPage, to - from + 1));
  if (!page.ok()) return Failure{errorCodeFor(page.error().code), page.error().message, {}};
  size_t count = 0, bytes = 0;
  while (count < page->size() && (count == 0 || bytes < kRecordsPageBytes)) {
    bytes += page.value()[count].bytes().asBytes().size() + 32;
    ++count;
  }
  auto records = out.initRecords(static_cast<unsigned>(count));
  for (unsigned i = 0; i < count; ++i) {
    const auto& event = page.value()[i];
    auto envelope = event.bytes().asBytes();
    auto value = records.init(i, static_cast<unsigned>(event.hash().size() + envelope.size()));
    std::copy(event.hash().begin(), event.hash().end(), value.begin());
    std::copy(envelope.begin(), envelope.end(), value.begin() + event.hash().size());
  }
  const uint64_t last = count == 0 ? from - 1 : page.value()[count - 1].position();
  out.setFromPosition(from);
  out.setToPosition(to);
  out.setNext(last < to ? last + 1 : 0);
  return std::nullopt;
}

}  // namespace qingling::server
