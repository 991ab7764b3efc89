#include "server/decide_command.h"

#include <capnp/compat/json.h>
#include <capnp/dynamic.h>
#include <openssl/sha.h>

#include "domain/campaign.h"
#include "domain/directory_commands.h"
#include "domain/dispatch.h"
#include "domain/duty.h"
#include "domain/escalation_ack.h"
#include "domain/extension.h"
#include "domain/fact.h"
#include "domain/hazard.h"
#include "domain/inspection.h"
#include "domain/measure.h"
#include "domain/tip.h"
#include "server/plan_header.h"
#include "server/tokens.h"

namespace qingling::server {
namespace {

using schema::ErrorCode;
using W = schema::Command::Body::Which;

// Folds a whole stream into State with domain::evolve; a store error becomes a Failure.
template <class State>
std::optional<Failure> load(store::EventLog& log, const std::string& streamId, State& state) {
  for (uint64_t from = 1;;) {
    auto page = log.readStream(streamId, from, false, 0);
    if (!page.ok()) return Failure{errorCodeFor(page.error().code), page.error().message, {}};
    if (page->empty()) return std::nullopt;
    for (const auto& event : page.value()) domain::evolve(state, event.envelope());
    from = page->back().envelope().getStreamVersion() + 1;
  }
}

std::string sha256Hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  return out;
}

std::string commandName(schema::Command::Body::Reader body) {
  KJ_IF_MAYBE (field, capnp::toDynamic(body).which()) {
    return field->getProto().getName().cStr();
  }
  return "?";
}

Decided decided(domain::Decision decision, bool movesAgenda = false) {
  Decided out;
  out.decision = std::move(decision);
  out.movesAgenda = movesAgenda;
  return out;
}

Decided failed(std::optional<Failure> failure) {
  Decided out;
  out.failure = std::move(failure);
  return out;
}

// Loads the stream `streamId` into a State and decides on it with the directory. `movesAgenda`: the decision can
// change what the scheduler owes (a campaign, a dispatch, a hazard's or tip's deadline).
template <class State, class Decide>
Decided onStream(store::EventLog& log, DirectoryView& directory, const std::string& streamId, Decide decide,
                 bool movesAgenda = false) {
  State state;
  if (auto f = load(log, streamId, state)) return failed(f);
  return decided(directory.read([&](const auto& dir) { return decide(state, dir); }), movesAgenda);
}

template <class Decide>
Decided onCampaign(store::EventLog& log, DirectoryView& directory, const std::string& campaignId, Decide decide) {
  return onStream<domain::CampaignState>(log, directory, domain::campaignStream(campaignId), decide, true);
}

template <class Decide>
Decided onDispatch(store::EventLog& log, DirectoryView& directory, const std::string& dispatchId, Decide decide) {
  return onStream<domain::DispatchState>(log, directory, domain::dispatchStream(dispatchId), decide, true);
}

// Hazard and tip commands move the agenda: the scheduler watches their deadlines.
template <class Decide>
Decided onHazard(store::EventLog& log, DirectoryView& directory, const std::string& hazardId, Decide decide) {
  return onStream<domain::HazardState>(log, directory, domain::hazardStream(hazardId), decide, true);
}

template <class Decide>
Decided onTip(store::EventLog& log, DirectoryView& directory, const std::string& tipId, Decide decide) {
  return onStream<domain::TipState>(log, directory, domain::tipStream(tipId), decide, true);
}

// Extension commands decide on their subject's own stream, a hazard's or a dispatch's; `decide` is generic over
// the two states. Other subjects are refused by the domain.
template <class Decide>
Decided onExtensionSubject(store::EventLog& log, DirectoryView& directory, schema::SubjectRef::Reader subject,
                           Decide decide) {
  switch (subject.which()) {
    case schema::SubjectRef::HAZARD:
      return onHazard(log, directory, subject.getHazard(), decide);
    case schema::SubjectRef::DISPATCH:
      return onDispatch(log, directory, subject.getDispatch(), decide);
    default:
      return decided(domain::extensionSubjectRefused(subject));
  }
}

// The hazard commands that name a hazard by id and decide on its folded state.
#define QL_HAZARD_CASE(TAG, getter, fn)                                                      \
  case W::TAG: {                                                                             \
    auto cmd = body.getter();                                                                \
    return onHazard(log, directory, cmd.getHazardId(),                                       \
                    [&](const auto& h, const auto& dir) { return fn(h, dir, actor, cmd); }); \
  }

// The tip follow-ups that name a tip by id and decide on its folded state at `now`.
#define QL_TIP_CASE(TAG, getter, fn)                                                           \
  case W::TAG: {                                                                               \
    auto cmd = body.getter();                                                                  \
    return onTip(log, directory, cmd.getTipId(),                                               \
                 [&](const auto& t, const auto& dir) { return fn(t, dir, actor, cmd, now); }); \
  }

}  // namespace

Decided decideCommand(store::EventLog& log, DirectoryView& directory, const domain::Principal& actor,
                      schema::Command::Reader command, int64_t now, const Sealer* sealer) {
  auto body = command.getBody();
  auto withDirectory = [&](auto decide) { return decided(directory.read(decide)); };
  switch (body.which()) {
    case W::REGISTER_UNIT:
      return withDirectory([&](const auto& d) { return domain::decideRegisterUnit(d, actor, body.getRegisterUnit()); });
    case W::AMEND_UNIT:
      return withDirectory([&](const auto& d) { return domain::decideAmendUnit(d, actor, body.getAmendUnit()); });
    case W::REGISTER_USER:
      return withDirectory([&](const auto& d) { return domain::decideRegisterUser(d, actor, body.getRegisterUser()); });
    case W::DEACTIVATE_USER:
      return withDirectory(
          [&](const auto& d) { return domain::decideDeactivateUser(d, actor, body.getDeactivateUser()); });
    case W::ISSUE_TOKEN: {
      NewToken token = generateToken();
      Decided out = withDirectory(
          [&](const auto& d) { return domain::decideIssueToken(d, actor, body.getIssueToken(), token.material, now); });
      out.secret = token.secretToken;
      return out;
    }
    case W::REVOKE_TOKEN:
      return withDirectory([&](const auto& d) { return domain::decideRevokeToken(d, actor, body.getRevokeToken()); });

    case W::IMPORT_PLAN: {
      auto cmd = body.getImportPlan();
      std::string json = cmd.getPlanJson();
      return onCampaign(log, directory, planCampaignId(json), [&](const auto& state, const auto& dir) {
        return domain::decideImportPlan(state, dir, actor, cmd, sha256Hex(json));
      });
    }
    case W::ISSUE_CAMPAIGN: {
      auto cmd = body.getIssueCampaign();
      return onCampaign(log, directory, cmd.getCampaignId(), [&](const auto& state, const auto& dir) {
        return domain::decideIssueCampaign(state, dir, actor, cmd);
      });
    }
    case W::START_PHASE: {
      auto cmd = body.getStartPhase();
      return onCampaign(log, directory, cmd.getCampaignId(), [&](const auto& state, const auto& dir) {
        return domain::decideStartPhase(state, dir, actor, cmd);
      });
    }
    case W::CLOSE_PHASE: {
      auto cmd = body.getClosePhase();
      return onCampaign(log, directory, cmd.getCampaignId(), [&](const auto& state, const auto& dir) {
        return domain::decideClosePhase(state, dir, actor, cmd);
      });
    }
    case W::CLOSE_CAMPAIGN: {
      auto cmd = body.getCloseCampaign();
      return onCampaign(log, directory, cmd.getCampaignId(), [&](const auto& state, const auto& dir) {
        return domain::decideCloseCampaign(state, dir, actor, cmd);
      });
    }
    case W::ADD_TASK: {
      auto cmd = body.getAddTask();
      return onCampaign(log, directory, cmd.getCampaignId(), [&](const auto& state, const auto& dir) {
        return domain::decideAddTask(state, dir, actor, cmd);
      });
    }
    case W::LOG_DUTY_ACTIVITY: {
      auto cmd = body.getLogDutyActivity();
      return onStream<domain::CampaignState>(
          log, directory, domain::campaignStream(cmd.getCampaignId()),
          [&](const auto& state, const auto& dir) { return domain::decideLogDutyActivity(state, dir, actor, cmd); });
    }

    case W::ACKNOWLEDGE_DISPATCH: {
      auto cmd = body.getAcknowledgeDispatch();
      return onDispatch(log, directory, cmd.getDispatchId(),
                        [&](const auto& d, const auto& dir) { return domain::decideAcknowledge(d, dir, actor, cmd); });
    }
    case W::REPORT_PROGRESS: {
      auto cmd = body.getReportProgress();
      return onDispatch(log, directory, cmd.getDispatchId(), [&](const auto& d, const auto& dir) {
        return domain::decideReportProgress(d, dir, actor, cmd);
      });
    }
    case W::COMPLETE_DISPATCH: {
      auto cmd = body.getCompleteDispatch();
      domain::DispatchState state;
      if (auto f = load(log, domain::dispatchStream(cmd.getDispatchId()), state)) return failed(f);
      std::vector<domain::DispatchState> children(state.children.size());
      for (size_t i = 0; i < children.size(); ++i) {
        if (auto f = load(log, domain::dispatchStream(state.children[i]), children[i])) return failed(f);
      }
      return decided(
          directory.read([&](const auto& dir) { return domain::decideComplete(state, children, dir, actor, cmd); }),
          true);
    }
    case W::DELEGATE_DISPATCH: {
      auto cmd = body.getDelegateDispatch();
      return onDispatch(log, directory, cmd.getDispatchId(),
                        [&](const auto& d, const auto& dir) { return domain::decideDelegate(d, dir, actor, cmd); });
    }
    case W::ACCEPT_DISPATCH: {
      auto cmd = body.getAcceptDispatch();
      return onDispatch(log, directory, cmd.getDispatchId(),
                        [&](const auto& d, const auto& dir) { return domain::decideAccept(d, dir, actor, cmd); });
    }
    case W::RETURN_DISPATCH: {
      auto cmd = body.getReturnDispatch();
      return onDispatch(log, directory, cmd.getDispatchId(),
                        [&](const auto& d, const auto& dir) { return domain::decideReturn(d, dir, actor, cmd); });
    }

    case W::RECORD_INSPECTION:
      return withDirectory(
          [&](const auto& d) { return domain::decideRecordInspection(d, actor, body.getRecordInspection()); });
      QL_HAZARD_CASE(RECORD_HAZARD, getRecordHazard, domain::decideRecordHazard)
      QL_HAZARD_CASE(PLAN_RECTIFICATION, getPlanRectification, domain::decidePlanRectification)
      QL_HAZARD_CASE(REPORT_RECTIFIED, getReportRectified, domain::decideReportRectified)
      QL_HAZARD_CASE(VERIFY_RECTIFICATION, getVerifyRectification, domain::decideVerifyRectification)
      QL_HAZARD_CASE(CLOSE_HAZARD, getCloseHazard, domain::decideCloseHazard)
      QL_HAZARD_CASE(FIX_ON_SPOT, getFixOnSpot, domain::decideFixOnSpot)
      QL_HAZARD_CASE(REGRADE_HAZARD, getRegradeHazard, domain::decideRegradeHazard)
      QL_HAZARD_CASE(DUAL_REPORT, getDualReport, domain::decideDualReport)
      QL_HAZARD_CASE(LIST_HAZARD, getListHazard, domain::decideListHazard)
      QL_HAZARD_CASE(DELIST_HAZARD, getDelistHazard, domain::decideDelistHazard)
      QL_HAZARD_CASE(REOPEN_HAZARD, getReopenHazard, domain::decideReopenHazard)
      QL_HAZARD_CASE(ASSESS_HAZARD, getAssessHazard, domain::decideAssessHazard)
      QL_HAZARD_CASE(APPLY_RESUMPTION, getApplyResumption, domain::decideApplyResumption)
      QL_HAZARD_CASE(REVIEW_RESUMPTION, getReviewResumption, domain::decideReviewResumption)

    case W::REQUEST_EXTENSION: {
      auto cmd = body.getRequestExtension();
      return onExtensionSubject(log, directory, cmd.getSubject(), [&](const auto& state, const auto& dir) {
        return domain::decideRequestExtension(state, dir, actor, cmd, now);
      });
    }
    case W::DECIDE_EXTENSION: {
      auto cmd = body.getDecideExtension();
      return onExtensionSubject(log, directory, cmd.getSubject(), [&](const auto& state, const auto& dir) {
        return domain::decideDecideExtension(state, dir, actor, cmd);
      });
    }

    case W::RECORD_FACT: {
      auto cmd = body.getRecordFact();
      domain::CampaignState campaign;
      if (cmd.getCampaignId().size() > 0) {
        if (auto f = load(log, domain::campaignStream(cmd.getCampaignId()), campaign)) return failed(f);
      }
      return withDirectory([&](const auto& d) { return domain::decideRecordFact(campaign, d, actor, cmd); });
    }

    case W::RECEIVE_TIP: {
      auto cmd = body.getReceiveTip();
      if (sealer == nullptr) {
        return failed(Failure{ErrorCode::UNAVAILABLE, "tips cannot be received: no seal key; nothing was recorded",
                              "body.receiveTip"});
      }
      std::string sealed = cmd.getReporter().size() == 0 ? "" : sealer->seal(cmd.getReporter().cStr());
      return onTip(log, directory, cmd.getTipId(), [&](const auto& t, const auto& dir) {
        return domain::decideReceiveTip(t, dir, actor, cmd, sealed, now);
      });
    }
    case W::VERIFY_TIP: {
      auto cmd = body.getVerifyTip();
      domain::TipState tip;
      if (auto f = load(log, domain::tipStream(cmd.getTipId()), tip)) return failed(f);
      domain::HazardState hazard;
      if (cmd.getSubstantiated() && cmd.hasHazard() && cmd.getHazard().getHazardId().size() > 0) {
        if (auto f = load(log, domain::hazardStream(cmd.getHazard().getHazardId()), hazard)) return failed(f);
      }
      return decided(
          directory.read([&](const auto& dir) { return domain::decideVerifyTip(tip, hazard, dir, actor, cmd); }), true);
    }
      QL_TIP_CASE(EXTEND_TIP_VERIFICATION, getExtendTipVerification, domain::decideExtendTipVerification)
      QL_TIP_CASE(GIVE_TIP_FEEDBACK, getGiveTipFeedback, domain::decideGiveTipFeedback)
    case W::REWARD_TIP: {
      auto cmd = body.getRewardTip();
      return onTip(log, directory, cmd.getTipId(),
                   [&](const auto& t, const auto& dir) { return domain::decideRewardTip(t, dir, actor, cmd); });
    }

    case W::IMPOSE_MEASURE: {
      auto cmd = body.getImposeMeasure();
      return onStream<domain::MeasureState>(
          log, directory, domain::measureStream(cmd.getMeasureId()),
          [&](const auto& m, const auto& dir) { return domain::decideImposeMeasure(m, dir, actor, cmd); });
    }
    case W::LIFT_MEASURE: {
      auto cmd = body.getLiftMeasure();
      return onStream<domain::MeasureState>(
          log, directory, domain::measureStream(cmd.getMeasureId()),
          [&](const auto& m, const auto& dir) { return domain::decideLiftMeasure(m, dir, actor, cmd); });
    }

    case W::ACKNOWLEDGE_ESCALATION: {
      auto cmd = body.getAcknowledgeEscalation();
      return onStream<domain::EscalationState>(
          log, directory, domain::escalationStream(cmd.getEscalationId()),
          [&](const auto& e, const auto& dir) { return domain::decideAcknowledgeEscalation(e, dir, actor, cmd); });
    }

    default: {
      std::string name = commandName(body);
      return failed(Failure{ErrorCode::UNAVAILABLE,
                            "command '" + name + "' is not available in this server version yet; nothing was recorded",
                            "body." + name});
    }
  }
}

}  // namespace qingling::server
