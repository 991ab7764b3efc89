// An in-memory event log for projection tests: envelopes built with Cap'n Proto in position order, folded into a
// projection as of an instant the way the server does (recordedAt <= asOf), plus shorthands for the events the
// projection tests use and a directory built from (unit, parent) pairs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <capnp/message.h>

#include "domain/directory.h"
#include "schemas/events.capnp.h"

namespace qingling::domain::projections::fixture {

inline constexpr int64_t kSecond = 1'000'000;
inline constexpr int64_t kHour = 3600 * kSecond;
inline constexpr int64_t kDay = 24 * kHour;
inline constexpr int64_t kT0 = 1'688'169'600 * kSecond;  // 2023-07-01T00:00:00Z

struct TaskSpec {
  std::string key{}, title{}, phase{};
};

struct DutyItemSpec {
  std::string text{};
  schema::DutyActivity activity = schema::DutyActivity::INSPECTION;
  schema::Period every = schema::Period::MONTH;
  uint32_t interval = 1;
  uint32_t atLeast = 0;
  bool standing = false;
};

struct DutySpec {
  std::string holder{}, position{};
  std::vector<DutyItemSpec> items{};
};

struct CampaignSpec {
  std::string id{}, title{}, start{}, end{}, timezone{};
  std::vector<std::pair<std::string, std::string>> phases{};  // key, name
  std::vector<TaskSpec> tasks{};
  std::vector<DutySpec> duties{};
};

struct DispatchSpec {
  std::string id{}, campaign{}, task{}, assignee{};
  int64_t dueAt = 0;
  std::string parent{};
  uint32_t occurrence = 1;
  std::string periodStart{}, periodEnd{};
  std::string title{};
};

struct EscalationSpec {
  std::string id{}, campaign{}, dispatch{};
  schema::EscalationAction action = schema::EscalationAction::REMIND;
  std::string addressee{};
  int64_t dueAt = 0;
  uint32_t step = 0;
};

class TestLog {
 public:
  // Appends an event recorded at `recordedAt` and occurred at `occurredAt` (0 = the same); fill in its payload.
  schema::Event::Builder add(int64_t recordedAt, int64_t occurredAt = 0);

  // Folds every event recorded by asOf into `projection`, in position order, and returns it.
  template <class Projection>
  Projection& fold(Projection& projection, int64_t asOf) const {
    for (const auto& m : messages_) {
      auto e = m->getRoot<schema::EventEnvelope>().asReader();
      if (e.getRecordedAt() <= asOf) projection.apply(e);
    }
    return projection;
  }

  void campaignDrafted(int64_t at, const CampaignSpec& spec);
  void campaignIssued(int64_t at, const std::string& campaign);
  void campaignClosed(int64_t at, const std::string& campaign);
  void phaseStarted(int64_t at, const std::string& campaign, const std::string& phase);
  void phaseClosed(int64_t at, const std::string& campaign, const std::string& phase);
  void taskAdded(int64_t at, const std::string& campaign, const TaskSpec& task);
  void dispatched(int64_t at, const DispatchSpec& spec);
  void acknowledged(int64_t at, const std::string& dispatch);
  void progress(int64_t at, const std::string& dispatch);
  void completed(int64_t at, const std::string& dispatch);
  void accepted(int64_t at, const std::string& dispatch);
  void returned(int64_t at, const std::string& dispatch);
  void delegated(int64_t at, const std::string& dispatch, const std::vector<std::string>& children);
  void escalationRaised(int64_t at, const EscalationSpec& spec);
  void escalationAcknowledged(int64_t at, const std::string& escalation);
  void dutyActivity(int64_t recordedAt, int64_t occurredAt, const std::string& holder, const std::string& campaign,
                    schema::DutyActivity activity);

 private:
  std::vector<std::unique_ptr<capnp::MallocMessageBuilder>> messages_;
};

// A projection's answer as of asOf, folded from `log` into a message of its own.
template <class Result>
class Answer {
 public:
  template <class Projection>
  Answer(const TestLog& log, Projection&& projection, int64_t asOf) {
    log.fold(projection, asOf).write(message_.initRoot<Result>(), asOf);
  }
  typename Result::Reader get() { return message_.getRoot<Result>().asReader(); }

 private:
  capnp::MallocMessageBuilder message_;
};

// A directory holding the units given as (id, parent) pairs, parents first.
Directory directoryOf(const std::vector<std::pair<std::string, std::string>>& units);

}  // namespace qingling::domain::projections::fixture
