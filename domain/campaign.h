// A campaign (专项行动) as folded from its stream "campaign-<id>": the plan it was imported from, its lifecycle
// (drafted → issued → closed), its phases (pending → active → closed) and its ad-hoc tasks. Decisions on the
// leader's campaign commands. Dispatching itself is the agenda's work (domain/agenda.h): issuing or starting a
// phase opens tasks for dispatch, and the server's scheduler dispatches every occurrence as its period begins.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <capnp/message.h>

#include "domain/decision.h"
#include "domain/directory.h"
#include "domain/principal.h"
#include "schemas/commands.capnp.h"
#include "schemas/events.capnp.h"

namespace qingling::domain {

enum class CampaignStatus { none, drafted, issued, closed };
enum class PhaseStatus { pending, active, closed };

struct PhaseState {
  PhaseStatus status = PhaseStatus::pending;
  int64_t startedAt = 0;  // recordedAt of phaseStarted
  int64_t closedAt = 0;
};

struct CampaignState {
  uint64_t version = 0;  // the stream version folded so far
  CampaignStatus status = CampaignStatus::none;
  int64_t issuedAt = 0;
  std::map<std::string, PhaseState> phases;
  std::shared_ptr<capnp::MallocMessageBuilder> definition;          // root: schema::Campaign
  std::vector<std::shared_ptr<capnp::MallocMessageBuilder>> added;  // roots: schema::Task, in order

  schema::Campaign::Reader campaign() const;        // requires status != none
  std::vector<schema::Task::Reader> tasks() const;  // the plan's tasks, then the added ones
  int32_t timezoneOffset() const;                   // seconds east of UTC
};

std::string campaignStream(const std::string& campaignId);

// Folds one event of the campaign's stream.
void evolve(CampaignState& state, schema::EventEnvelope::Reader event);

// A leader imports a plan: new units are registered under units within the leader's reach, units already
// registered must match the plan, and the campaign is drafted. `planDigest` is the SHA-256 of the document.
Decision decideImportPlan(const CampaignState& existing, const Directory& dir, const Principal& actor,
                          schema::ImportPlan::Reader cmd, const std::string& planDigest);
Decision decideIssueCampaign(const CampaignState& state, const Directory& dir, const Principal& actor,
                             schema::CampaignRef::Reader cmd);
Decision decideStartPhase(const CampaignState& state, const Directory& dir, const Principal& actor,
                          schema::PhaseRef::Reader cmd);
Decision decideClosePhase(const CampaignState& state, const Directory& dir, const Principal& actor,
                          schema::ClosePhase::Reader cmd);
Decision decideCloseCampaign(const CampaignState& state, const Directory& dir, const Principal& actor,
                             schema::CloseCampaign::Reader cmd);
Decision decideAddTask(const CampaignState& state, const Directory& dir, const Principal& actor,
                       schema::AddTask::Reader cmd);

// Leaders act on campaigns whose issuing unit lies within their reach.
std::optional<Rejection> requireLeaderOver(const Directory& dir, const Principal& actor, const std::string& unit,
                                           const char* command);

}  // namespace qingling::domain
