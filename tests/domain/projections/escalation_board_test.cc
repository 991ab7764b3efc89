// Escalation board: open escalations filtered by campaign and addressee subtree, oldest deadline first, with age
// and counts per action; acknowledging one takes it off the board.
#include "domain/projections/escalation_board.h"

#include <gtest/gtest.h>

#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;
using Action = schema::EscalationAction;

class EscalationBoardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    raise(kT0 + 1 * kDay, {.id = "e1",
                           .campaign = "c1",
                           .dispatch = "d1",
                           .action = Action::WARN,
                           .addressee = "town",
                           .dueAt = kT0 + 1 * kDay,
                           .step = 1});
    raise(kT0 + 2 * kDay, {.id = "e2",
                           .campaign = "c1",
                           .dispatch = "d2",
                           .action = Action::REMIND,
                           .addressee = "county",
                           .dueAt = kT0 + 2 * kDay});
    raise(kT0 + 2 * kDay, {.id = "e3",
                           .campaign = "c1",
                           .dispatch = "d3",
                           .action = Action::NOTIFY,
                           .addressee = "other",
                           .dueAt = kT0 + kDay / 2,
                           .step = 2});
    raise(kT0 + 3 * kDay, {.id = "e4",
                           .campaign = "c2",
                           .dispatch = "x1",
                           .action = Action::SUMMON,
                           .addressee = "town",
                           .dueAt = kT0 + 3 * kDay,
                           .step = 3});
    log_.escalationAcknowledged(kT0 + 4 * kDay, "e2");
  }

  void raise(int64_t at, const EscalationSpec& spec) { log_.escalationRaised(at, spec); }

  Answer<schema::EscalationBoard>* boardOf(const std::string& campaign, const std::string& unit, int64_t asOf) {
    answer_ = std::make_unique<Answer<schema::EscalationBoard>>(log_, EscalationBoard(campaign, unit, dir_), asOf);
    return answer_.get();
  }

  static std::vector<std::string> ids(schema::EscalationBoard::Reader board) {
    std::vector<std::string> out;
    for (auto row : board.getRows()) out.push_back(row.getEscalationId());
    return out;
  }

  static std::vector<uint32_t> levels(schema::EscalationBoard::Reader board) {
    std::vector<uint32_t> out;
    for (auto level : board.getLevels()) out.push_back(level.getOpen());
    return out;
  }

  Directory dir_ = directoryOf({{"city", ""}, {"county", "city"}, {"town", "county"}, {"other", "city"}});
  TestLog log_;
  std::unique_ptr<Answer<schema::EscalationBoard>> answer_;
};

TEST_F(EscalationBoardTest, OpenEscalationsOfACampaignWithinAUnitOldestFirst) {
  auto board = boardOf("c1", "county", kT0 + 3 * kDay)->get();
  EXPECT_EQ(board.getAsOf(), kT0 + 3 * kDay);
  EXPECT_EQ(ids(board), (std::vector<std::string>{"e1", "e2"}));  // not e3 (other subtree) nor e4 (c2)

  auto e1 = board.getRows()[0];
  ASSERT_TRUE(e1.getSubject().isDispatch());
  EXPECT_EQ(e1.getSubject().getDispatch(), "d1");
  EXPECT_EQ(e1.getCampaignId(), "c1");
  EXPECT_EQ(e1.getStep(), 1u);
  EXPECT_EQ(e1.getAction(), Action::WARN);
  EXPECT_EQ(e1.getAddressee(), "town");
  EXPECT_EQ(e1.getDueAt(), kT0 + kDay);
  EXPECT_EQ(e1.getRaisedAt(), kT0 + kDay);
  EXPECT_FALSE(e1.getAcknowledged());
  EXPECT_FALSE(e1.getLate());
  EXPECT_FALSE(e1.getManual());
  EXPECT_EQ(e1.getAgeSeconds(), 2 * 86'400);
  EXPECT_EQ(board.getRows()[1].getAgeSeconds(), 86'400);

  // One count per action in ladder order: remind, warn, notify, summon, list, suspend.
  ASSERT_EQ(board.getLevels().size(), 6u);
  EXPECT_EQ(board.getLevels()[0].getAction(), Action::REMIND);
  EXPECT_EQ(board.getLevels()[5].getAction(), Action::SUSPEND);
  EXPECT_EQ(levels(board), (std::vector<uint32_t>{1, 1, 0, 0, 0, 0}));
}

TEST_F(EscalationBoardTest, AcknowledgedEscalationsLeaveTheBoard) {
  auto board = boardOf("c1", "county", kT0 + 4 * kDay)->get();
  EXPECT_EQ(ids(board), (std::vector<std::string>{"e1"}));
  EXPECT_EQ(levels(board), (std::vector<uint32_t>{0, 1, 0, 0, 0, 0}));
}

TEST_F(EscalationBoardTest, WithoutFiltersEveryOpenEscalationShows) {
  auto board = boardOf("", "", kT0 + 3 * kDay)->get();
  EXPECT_EQ(ids(board), (std::vector<std::string>{"e3", "e1", "e2", "e4"}));
  EXPECT_EQ(levels(board), (std::vector<uint32_t>{1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(board.getRows()[0].getAgeSeconds(), 5 * 86'400 / 2);
}

TEST_F(EscalationBoardTest, EveryCampaignWithinAUnit) {
  EXPECT_EQ(ids(boardOf("", "town", kT0 + 3 * kDay)->get()), (std::vector<std::string>{"e1", "e4"}));
  EXPECT_EQ(ids(boardOf("c2", "county", kT0 + 3 * kDay)->get()), (std::vector<std::string>{"e4"}));
  EXPECT_EQ(ids(boardOf("c1", "other", kT0 + 3 * kDay)->get()), (std::vector<std::string>{"e3"}));
  EXPECT_TRUE(ids(boardOf("c1", "county", kT0)->get()).empty());  // nothing raised yet
}

}  // namespace
}  // namespace qingling::domain::projections
