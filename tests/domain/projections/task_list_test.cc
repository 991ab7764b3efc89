// Task list: a unit sees its own dispatches and those delegated below it, never another subtree's; statuses follow
// the dispatch lifecycle including a return; overdue is past the deadline and not done.
#include "domain/projections/task_list.h"

#include <gtest/gtest.h>

#include "tests/domain/projections/test_log.h"

namespace qingling::domain::projections {
namespace {

using namespace fixture;
using Status = schema::DispatchStatus;

class TaskListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.campaignDrafted(kT0, {.id = "c1",
                               .title = "三大战役",
                               .phases = {{"p1", "集中排查"}},
                               .tasks = {{"t1", "开展隐患排查", "p1"}, {"t2", "常态化宣传", ""}}});
    log_.dispatched(kT0 + kHour, {.id = "d1", .campaign = "c1", .task = "t1", .assignee = "county", .dueAt = kDue});
    log_.dispatched(kT0 + kHour, {.id = "d2", .campaign = "c1", .task = "t1", .assignee = "other", .dueAt = kDue});
    log_.dispatched(kT0 + kHour, {.id = "d3", .campaign = "c1", .task = "t2", .assignee = "county"});
  }

  Answer<schema::TaskList>* listOf(const std::string& unit, int64_t asOf) {
    answer_ = std::make_unique<Answer<schema::TaskList>>(log_, TaskList(unit, dir_), asOf);
    return answer_.get();
  }

  static constexpr int64_t kDue = kT0 + 10 * kDay;
  Directory dir_ =
      directoryOf({{"city", ""}, {"county", "city"}, {"town", "county"}, {"ent", "town"}, {"other", "city"}});
  TestLog log_;
  std::unique_ptr<Answer<schema::TaskList>> answer_;
};

TEST_F(TaskListTest, UnitSeesItsOwnAndDelegatedDispatchesButNotAnotherSubtree) {
  log_.acknowledged(kT0 + 2 * kDay, "d1");
  log_.delegated(kT0 + 3 * kDay, "d1", {"d1-town"});
  log_.dispatched(
      kT0 + 3 * kDay,
      {.id = "d1-town", .campaign = "c1", .task = "t1", .assignee = "town", .dueAt = kDue - 2 * kDay, .parent = "d1"});
  log_.escalationRaised(kT0 + 9 * kDay, {.id = "e1",
                                         .campaign = "c1",
                                         .dispatch = "d1-town",
                                         .action = schema::EscalationAction::WARN,
                                         .addressee = "town"});
  log_.escalationRaised(kT0 + 9 * kDay, {.id = "e2",
                                         .campaign = "c1",
                                         .dispatch = "d1-town",
                                         .action = schema::EscalationAction::REMIND,
                                         .addressee = "town"});

  auto county = listOf("county", kT0 + 9 * kDay)->get();
  EXPECT_EQ(county.getUnit(), "county");
  EXPECT_EQ(county.getAsOf(), kT0 + 9 * kDay);
  auto rows = county.getRows();
  ASSERT_EQ(rows.size(), 3u);
  // Earliest deadline first, continuous work last.
  EXPECT_EQ(rows[0].getDispatchId(), "d1-town");
  EXPECT_EQ(rows[1].getDispatchId(), "d1");
  EXPECT_EQ(rows[2].getDispatchId(), "d3");

  EXPECT_EQ(rows[0].getAssignee(), "town");
  EXPECT_EQ(rows[0].getParentDispatch(), "d1");
  EXPECT_EQ(rows[0].getTitle(), "开展隐患排查");
  EXPECT_EQ(rows[0].getStatus(), Status::DISPATCHED);
  EXPECT_TRUE(rows[0].getOverdue());
  EXPECT_TRUE(rows[0].getEscalated());
  EXPECT_EQ(rows[0].getEscalationLevel(), schema::EscalationAction::WARN);  // the highest raised, not the last

  EXPECT_EQ(rows[1].getCampaignId(), "c1");
  EXPECT_EQ(rows[1].getTaskKey(), "t1");
  EXPECT_EQ(rows[1].getAssignee(), "county");
  EXPECT_EQ(rows[1].getDueAt(), kDue);
  EXPECT_EQ(rows[1].getStatus(), Status::ACKNOWLEDGED);
  EXPECT_EQ(rows[1].getAcknowledgedAt(), kT0 + 2 * kDay);
  ASSERT_EQ(rows[1].getChildren().size(), 1u);
  EXPECT_EQ(rows[1].getChildren()[0], "d1-town");
  EXPECT_FALSE(rows[1].getOverdue());
  EXPECT_FALSE(rows[1].getEscalated());

  EXPECT_EQ(rows[2].getTitle(), "常态化宣传");
  EXPECT_EQ(rows[2].getDueAt(), 0);
  EXPECT_FALSE(rows[2].getOverdue());

  auto town = listOf("town", kT0 + 9 * kDay)->get().getRows();
  ASSERT_EQ(town.size(), 1u);
  EXPECT_EQ(town[0].getDispatchId(), "d1-town");

  EXPECT_EQ(listOf("ent", kT0 + 9 * kDay)->get().getRows().size(), 0u);
  auto city = listOf("city", kT0 + 9 * kDay)->get().getRows();
  ASSERT_EQ(city.size(), 4u);
  EXPECT_EQ(city[1].getDispatchId(), "d1");
  EXPECT_EQ(city[2].getDispatchId(), "d2");
}

TEST_F(TaskListTest, StatusFollowsTheLifecycleThroughAReturn) {
  log_.acknowledged(kT0 + 1 * kDay, "d1");
  log_.progress(kT0 + 2 * kDay, "d1");
  log_.completed(kT0 + 3 * kDay, "d1");
  log_.returned(kT0 + 4 * kDay, "d1");
  log_.progress(kT0 + 5 * kDay, "d1");
  log_.completed(kT0 + 6 * kDay, "d1");
  log_.accepted(kT0 + 7 * kDay, "d1");

  struct Expected {
    int64_t asOf;
    Status status;
    int64_t acknowledgedAt, completedAt;
    uint32_t returns;
  };
  const Expected steps[] = {
      {kT0 + kHour, Status::DISPATCHED, 0, 0, 0},
      {kT0 + 1 * kDay, Status::ACKNOWLEDGED, kT0 + 1 * kDay, 0, 0},
      {kT0 + 2 * kDay, Status::IN_PROGRESS, kT0 + 1 * kDay, 0, 0},
      {kT0 + 3 * kDay, Status::COMPLETED, kT0 + 1 * kDay, kT0 + 3 * kDay, 0},
      {kT0 + 4 * kDay, Status::IN_PROGRESS, kT0 + 1 * kDay, 0, 1},
      {kT0 + 5 * kDay, Status::IN_PROGRESS, kT0 + 1 * kDay, 0, 1},
      {kT0 + 6 * kDay, Status::COMPLETED, kT0 + 1 * kDay, kT0 + 6 * kDay, 1},
      {kT0 + 7 * kDay, Status::ACCEPTED, kT0 + 1 * kDay, kT0 + 6 * kDay, 1},
  };
  for (const Expected& e : steps) {
    SCOPED_TRACE((e.asOf - kT0) / kHour);
    auto rows = listOf("county", e.asOf)->get().getRows();
    ASSERT_EQ(rows.size(), 2u);
    ASSERT_EQ(rows[0].getDispatchId(), "d1");
    EXPECT_EQ(rows[0].getStatus(), e.status);
    EXPECT_EQ(rows[0].getAcknowledgedAt(), e.acknowledgedAt);
    EXPECT_EQ(rows[0].getCompletedAt(), e.completedAt);
    EXPECT_EQ(rows[0].getReturns(), e.returns);
  }
}

TEST_F(TaskListTest, OverdueFromTheDeadlineUntilCompleted) {
  log_.acknowledged(kT0 + kDay, "d1");
  log_.completed(kDue + 2 * kDay, "d1");
  log_.returned(kDue + 3 * kDay, "d1");

  auto overdue = [&](int64_t asOf) { return listOf("county", asOf)->get().getRows()[0].getOverdue(); };
  EXPECT_FALSE(overdue(kDue - 1));
  EXPECT_TRUE(overdue(kDue));  // the deadline is the first instant after the due day
  EXPECT_TRUE(overdue(kDue + kDay));
  EXPECT_FALSE(overdue(kDue + 2 * kDay));  // completed, if late
  EXPECT_TRUE(overdue(kDue + 3 * kDay));   // returned: the work is not done after all

  // Continuous work has no deadline and is never overdue.
  EXPECT_FALSE(listOf("county", kDue + 100 * kDay)->get().getRows()[1].getOverdue());
}

// 延期: an approved extension moves the deadline the row is measured against; a refused one changes nothing.
TEST_F(TaskListTest, AnApprovedExtensionMovesTheDeadline) {
  auto decide = [&](int64_t at, bool approved, int64_t deadlineAt) {
    auto e = log_.add(at).initExtensionDecided();
    e.initSubject().setDispatch("d1");
    e.setApproved(approved);
    e.setDeadlineAt(deadlineAt);
  };
  decide(kT0 + kDay, false, kDue + 9 * kDay);
  decide(kT0 + 2 * kDay, true, kDue + 5 * kDay);
  auto row = [&](int64_t asOf) { return listOf("county", asOf)->get().getRows()[0]; };
  EXPECT_EQ(row(kT0 + kDay).getDueAt(), kDue);
  EXPECT_EQ(row(kT0 + 2 * kDay).getDueAt(), kDue + 5 * kDay);
  EXPECT_FALSE(row(kDue + kDay).getOverdue());
  EXPECT_TRUE(row(kDue + 5 * kDay).getOverdue());
}

TEST_F(TaskListTest, ChildrenAreLinkedWhicheverOfDispatchAndDelegationComesFirst) {
  log_.dispatched(kT0 + kDay, {.id = "d1-a", .campaign = "c1", .task = "t1", .assignee = "town", .parent = "d1"});
  log_.delegated(kT0 + kDay, "d1", {"d1-a", "d1-b"});
  log_.dispatched(kT0 + kDay, {.id = "d1-b", .campaign = "c1", .task = "t1", .assignee = "ent", .parent = "d1"});
  auto rows = listOf("county", kT0 + kDay)->get().getRows();
  ASSERT_EQ(rows[0].getDispatchId(), "d1");
  auto children = rows[0].getChildren();
  ASSERT_EQ(children.size(), 2u);
  EXPECT_EQ(children[0], "d1-a");
  EXPECT_EQ(children[1], "d1-b");
}

TEST_F(TaskListTest, TheTitleTheDispatchCarriesWinsOverThePlans) {
  log_.dispatched(kT0 + kDay, {.id = "d4", .campaign = "c1", .task = "t1", .assignee = "ent", .title = "企业自查"});
  log_.dispatched(kT0 + kDay, {.id = "d5", .campaign = "c9", .task = "x", .assignee = "ent", .title = "未知行动任务"});
  auto rows = listOf("ent", kT0 + kDay)->get().getRows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].getTitle(), "企业自查");
  EXPECT_EQ(rows[1].getTitle(), "未知行动任务");  // a campaign this log never drafted
}

TEST_F(TaskListTest, ReadsOnlyTheDispatchEventTypes) {
  auto types = TaskList::eventTypes();
  EXPECT_NE(std::find(types.begin(), types.end(), static_cast<uint16_t>(schema::Event::TASK_DISPATCHED)), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), static_cast<uint16_t>(schema::Event::DISPATCH_RETURNED)),
            types.end());
  EXPECT_EQ(std::find(types.begin(), types.end(), static_cast<uint16_t>(schema::Event::HAZARD_RECORDED)), types.end());
}

}  // namespace
}  // namespace qingling::domain::projections
