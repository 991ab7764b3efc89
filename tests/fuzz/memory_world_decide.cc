// MemoryWorld::decide: each command of the Command union to its domain decision, on the folded in-memory state.
// Mirrors server/decide_command.cc case by case; only where the state comes from differs.
#include <capnp/compat/json.h>

#include "domain/directory_commands.h"
#include "domain/duty.h"
#include "domain/extension.h"
#include "domain/fact.h"
#include "domain/inspection.h"
#include "server/plan_header.h"
#include "tests/fuzz/memory_world.h"

namespace qingling::fuzz {
namespace {

using W = schema::Command::Body::Which;

}  // namespace

template <class State>
const State& MemoryWorld::stateOf(const std::map<std::string, State>& states, const std::string& stream) const {
  static const State kNone;
  auto it = states.find(stream);
  return it == states.end() ? kNone : it->second;
}

std::optional<domain::Decision> MemoryWorld::decide(const domain::Principal& actor, schema::Command::Reader command,
                                                    int64_t now) {
  using namespace domain;
  auto body = command.getBody();
  auto campaign = [&](const std::string& id) -> const CampaignState& {
    return stateOf(campaigns_, campaignStream(id));
  };
  auto dispatch = [&](const std::string& id) -> const DispatchState& {
    return stateOf(dispatches_, dispatchStream(id));
  };
  auto hazard = [&](const std::string& id) -> const HazardState& { return stateOf(hazards_, hazardStream(id)); };
  auto tip = [&](const std::string& id) -> const TipState& { return stateOf(tips_, tipStream(id)); };
  auto onSubject = [&](schema::SubjectRef::Reader subject, auto decideOn) -> Decision {
    switch (subject.which()) {
      case schema::SubjectRef::HAZARD:
        return decideOn(hazard(subject.getHazard()));
      case schema::SubjectRef::DISPATCH:
        return decideOn(dispatch(subject.getDispatch()));
      default:
        return extensionSubjectRefused(subject);
    }
  };
  switch (body.which()) {
    case W::REGISTER_UNIT:
      return decideRegisterUnit(dir_, actor, body.getRegisterUnit());
    case W::AMEND_UNIT:
      return decideAmendUnit(dir_, actor, body.getAmendUnit());
    case W::REGISTER_USER:
      return decideRegisterUser(dir_, actor, body.getRegisterUser());
    case W::DEACTIVATE_USER:
      return decideDeactivateUser(dir_, actor, body.getDeactivateUser());
    case W::ISSUE_TOKEN: {
      std::string n = std::to_string(++tokensIssued_);
      TokenMaterial material{"fuzz-token-" + n, "salt-" + n, std::string(32, 'h')};
      return decideIssueToken(dir_, actor, body.getIssueToken(), material, now);
    }
    case W::REVOKE_TOKEN:
      return decideRevokeToken(dir_, actor, body.getRevokeToken());

    case W::IMPORT_PLAN: {
      auto cmd = body.getImportPlan();
      // The server passes the SHA-256 of the document; the domain only records it.
      return decideImportPlan(campaign(server::planCampaignId(cmd.getPlanJson())), dir_, actor, cmd, "fuzz-digest");
    }
    case W::ISSUE_CAMPAIGN:
      return decideIssueCampaign(campaign(body.getIssueCampaign().getCampaignId()), dir_, actor,
                                 body.getIssueCampaign());
    case W::START_PHASE:
      return decideStartPhase(campaign(body.getStartPhase().getCampaignId()), dir_, actor, body.getStartPhase());
    case W::CLOSE_PHASE:
      return decideClosePhase(campaign(body.getClosePhase().getCampaignId()), dir_, actor, body.getClosePhase());
    case W::CLOSE_CAMPAIGN:
      return decideCloseCampaign(campaign(body.getCloseCampaign().getCampaignId()), dir_, actor,
                                 body.getCloseCampaign());
    case W::ADD_TASK:
      return decideAddTask(campaign(body.getAddTask().getCampaignId()), dir_, actor, body.getAddTask());
    case W::LOG_DUTY_ACTIVITY:
      return decideLogDutyActivity(campaign(body.getLogDutyActivity().getCampaignId()), dir_, actor,
                                   body.getLogDutyActivity());

    case W::ACKNOWLEDGE_DISPATCH:
      return decideAcknowledge(dispatch(body.getAcknowledgeDispatch().getDispatchId()), dir_, actor,
                               body.getAcknowledgeDispatch());
    case W::REPORT_PROGRESS:
      return decideReportProgress(dispatch(body.getReportProgress().getDispatchId()), dir_, actor,
                                  body.getReportProgress());
    case W::COMPLETE_DISPATCH: {
      const DispatchState& d = dispatch(body.getCompleteDispatch().getDispatchId());
      std::vector<DispatchState> children;
      for (const auto& child : d.children) children.push_back(dispatch(child));
      return decideComplete(d, children, dir_, actor, body.getCompleteDispatch());
    }
    case W::DELEGATE_DISPATCH:
      return decideDelegate(dispatch(body.getDelegateDispatch().getDispatchId()), dir_, actor,
                            body.getDelegateDispatch());
    case W::ACCEPT_DISPATCH:
      return decideAccept(dispatch(body.getAcceptDispatch().getDispatchId()), dir_, actor, body.getAcceptDispatch());
    case W::RETURN_DISPATCH:
      return decideReturn(dispatch(body.getReturnDispatch().getDispatchId()), dir_, actor, body.getReturnDispatch());

    case W::RECORD_INSPECTION:
      return decideRecordInspection(dir_, actor, body.getRecordInspection());
#define QL_HAZARD(TAG, getter, fn) \
  case W::TAG:                     \
    return fn(hazard(body.getter().getHazardId()), dir_, actor, body.getter());
      QL_HAZARD(RECORD_HAZARD, getRecordHazard, decideRecordHazard)
      QL_HAZARD(PLAN_RECTIFICATION, getPlanRectification, decidePlanRectification)
      QL_HAZARD(REPORT_RECTIFIED, getReportRectified, decideReportRectified)
      QL_HAZARD(VERIFY_RECTIFICATION, getVerifyRectification, decideVerifyRectification)
      QL_HAZARD(CLOSE_HAZARD, getCloseHazard, decideCloseHazard)
      QL_HAZARD(FIX_ON_SPOT, getFixOnSpot, decideFixOnSpot)
      QL_HAZARD(REGRADE_HAZARD, getRegradeHazard, decideRegradeHazard)
      QL_HAZARD(DUAL_REPORT, getDualReport, decideDualReport)
      QL_HAZARD(LIST_HAZARD, getListHazard, decideListHazard)
      QL_HAZARD(DELIST_HAZARD, getDelistHazard, decideDelistHazard)
      QL_HAZARD(REOPEN_HAZARD, getReopenHazard, decideReopenHazard)
      QL_HAZARD(ASSESS_HAZARD, getAssessHazard, decideAssessHazard)
      QL_HAZARD(APPLY_RESUMPTION, getApplyResumption, decideApplyResumption)
      QL_HAZARD(REVIEW_RESUMPTION, getReviewResumption, decideReviewResumption)
#undef QL_HAZARD

    case W::REQUEST_EXTENSION: {
      auto cmd = body.getRequestExtension();
      return onSubject(cmd.getSubject(),
                       [&](const auto& state) { return decideRequestExtension(state, dir_, actor, cmd, now); });
    }
    case W::DECIDE_EXTENSION: {
      auto cmd = body.getDecideExtension();
      return onSubject(cmd.getSubject(),
                       [&](const auto& state) { return decideDecideExtension(state, dir_, actor, cmd); });
    }
    case W::RECORD_FACT: {
      auto cmd = body.getRecordFact();
      static const CampaignState kNone;
      const CampaignState& c = cmd.getCampaignId().size() > 0 ? campaign(cmd.getCampaignId()) : kNone;
      return decideRecordFact(c, dir_, actor, cmd);
    }

    case W::RECEIVE_TIP: {
      auto cmd = body.getReceiveTip();
      // The server seals the reporter with AES-256-GCM; the domain only keeps the sealed text.
      std::string sealed = cmd.getReporter().size() == 0 ? "" : "sealed";
      return decideReceiveTip(tip(cmd.getTipId()), dir_, actor, cmd, sealed, now);
    }
    case W::VERIFY_TIP: {
      auto cmd = body.getVerifyTip();
      static const HazardState kNone;
      bool named = cmd.getSubstantiated() && cmd.hasHazard() && cmd.getHazard().getHazardId().size() > 0;
      return decideVerifyTip(tip(cmd.getTipId()), named ? hazard(cmd.getHazard().getHazardId()) : kNone, dir_, actor,
                             cmd);
    }
    case W::EXTEND_TIP_VERIFICATION:
      return decideExtendTipVerification(tip(body.getExtendTipVerification().getTipId()), dir_, actor,
                                         body.getExtendTipVerification(), now);
    case W::GIVE_TIP_FEEDBACK:
      return decideGiveTipFeedback(tip(body.getGiveTipFeedback().getTipId()), dir_, actor, body.getGiveTipFeedback(),
                                   now);
    case W::REWARD_TIP:
      return decideRewardTip(tip(body.getRewardTip().getTipId()), dir_, actor, body.getRewardTip());

    case W::IMPOSE_MEASURE:
      return decideImposeMeasure(stateOf(measures_, measureStream(body.getImposeMeasure().getMeasureId())), dir_, actor,
                                 body.getImposeMeasure());
    case W::LIFT_MEASURE:
      return decideLiftMeasure(stateOf(measures_, measureStream(body.getLiftMeasure().getMeasureId())), dir_, actor,
                               body.getLiftMeasure());
    case W::ACKNOWLEDGE_ESCALATION:
      return decideAcknowledgeEscalation(
          stateOf(escalations_, escalationStream(body.getAcknowledgeEscalation().getEscalationId())), dir_, actor,
          body.getAcknowledgeEscalation());

    default:
      return std::nullopt;  // clock moves (the server's), and commands the server answers as unavailable
  }
}

}  // namespace qingling::fuzz
