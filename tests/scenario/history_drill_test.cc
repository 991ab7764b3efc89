// `history` over a drill's campaign (the zy hazards drill on a real qinglingd): a campaign's history holds its
// issue and its dispatches' events through the campaign index; a dispatch's history holds its own stream and the
// escalations raised against it, in global order; nothing outside the entity slips in.
#include <gtest/gtest.h>

#include <set>

#include "tests/scenario/scenario_support.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

Reply history(Client& client, const std::string& kind, const std::string& id) {
  return client.call([&](Body body) {
    auto h = body.initHistory();
    h.setKind(kind);
    h.setId(id);
  });
}

std::vector<std::string> typesOf(const Reply& reply) {
  std::vector<std::string> types;
  for (auto e : reply->getBody().getHistory().getEntries()) types.push_back(e.getEventType());
  return types;
}

bool has(const std::vector<std::string>& types, const std::string& type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

TEST(HistoryDrill, ACampaignAndADispatchWithItsEscalations) {
  DrillScenario drill("zy-2023-hazards-august.jsonl");
  Client& leader = drill.runner().as("zhang");

  Reply campaign = history(leader, "campaign", "zy-2023-major-hazards");
  ASSERT_TRUE(campaign->getBody().isHistory()) << describe(campaign);
  const auto campaignTypes = typesOf(campaign);
  EXPECT_TRUE(has(campaignTypes, "campaignIssued"));
  EXPECT_TRUE(has(campaignTypes, "taskDispatched"));

  // The dispatch with the most escalation steps raised, found through the log itself.
  std::map<std::string, int> raised;
  for (auto e : campaign->getBody().getHistory().getEntries()) {
    std::string stream = e.getStreamId();
    if (e.getEventType() == "escalationRaised" && stream.starts_with("escalation-zy-2023-major-hazards.")) {
      ++raised[stream.substr(11, stream.rfind('-') - 11)];
    }
  }
  ASSERT_FALSE(raised.empty()) << "the drill raises escalations against dispatches";
  const std::string dispatch = raised.begin()->first;

  Reply own = history(leader, "dispatch", dispatch);
  ASSERT_TRUE(own->getBody().isHistory()) << describe(own);
  auto entries = own->getBody().getHistory().getEntries();
  ASSERT_GT(entries.size(), 0u);
  EXPECT_EQ(std::string(entries[0].getEventType().cStr()), "taskDispatched");
  int escalations = 0;
  uint64_t previous = 0;
  for (auto e : entries) {
    EXPECT_GT(e.getPosition(), previous) << "global order";
    previous = e.getPosition();
    const std::string stream = e.getStreamId();
    EXPECT_TRUE(stream.starts_with("dispatch-" + dispatch) || stream.starts_with("escalation-" + dispatch))
        << stream << " is not about " << dispatch;
    EXPECT_EQ(e.getHash().size(), 32u);
    if (e.getEventType() == "escalationRaised") ++escalations;
  }
  EXPECT_EQ(escalations, raised.begin()->second);
}

}  // namespace
}  // namespace qingling::server::testing
