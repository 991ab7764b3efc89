// ops/drills/zy-2023-hazards-august.jsonl against a real qinglingd: the hazard ledger and the monthly dispatch
// table (月度调度表, seed 003 附件2) it leaves, cell by cell, each figure derived from the drill with the reasoning
// next to it.
//
// The drill's hazards (all of 正阳工业园区's campaign; deadlines are local dates, due at the end of that day, so a
// deadline "2023-08-22" is the instant 2023-08-23T00:00+08:00; the latest stated deadline — recorded, planned or
// listed — is the one that counts):
//   H01 示例化工 self-inspection major: 双报告, planned (→08-18), rectified, verified, closed, REOPENED 08-27, planned
//       again (→09-08).
//   H02 示例机械 self-inspection general: fixed on the spot (即查即改).
//   H03 示例机械 enforcement major (INSP-01): planned (→08-22), rectified, verification FAILED 08-21, rectified
//       again, verified 08-30.
//   H04 示例化工 expert general (INSP-02): rectified, verified, closed.
//   H05 示例化工 expert major (INSP-02): listed by the committee (→09-15), 双报告, planned (→09-12); open.
//   H06 小微企业 cross-inspection general (INSP-03): never rectified (→08-16): overdue; 约谈 and a fine follow.
//   H07 示例机械 unannounced major (INSP-04): listed under suspension (停产停业治理, →08-30), planned (→08-29),
//       rectified, assessed, resumption applied for and reviewed by the committee (which counts as verified),
//       delisted and closed by the committee 08-31; the production suspension (a measure) lifted.
//   H08 示例化工 supervision major (INSP-05, the leader's): open (→09-10, extended on 09-01 to 09-20).
//   H09 示例机械 self-inspection general, regraded major 08-12, planned (→08-24), never rectified: overdue.
//   H10 小微企业 major from TIP-01 (substantiated 08-11): planned (→08-19), rectified, verified, closed.
//   H12 小微企业 enforcement major found 08-30 but recorded 09-02 (back-dated): unknown at the end of August.
// Spot checks: INSP-01 3, INSP-02 5, INSP-03 2, INSP-04 1, INSP-05 4, INSP-06 0 (示例化工's self-inspection, none
// found), INSP-07 2 (none found) = 17.
#include <gtest/gtest.h>

#include <capnp/compat/json.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "server/clock.h"
#include "server/sealing.h"
#include "tests/scenario/scenario_support.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using G = schema::HazardGrade;
using Src = schema::HazardSource;

const std::string kCampaign = "zy-2023-major-hazards";
const std::string kReporter = "举报人王某某 电话13800138000";  // TIP-01's named reporter, as the tip officer typed it

class ZyHazards : public ::testing::Test {
 protected:
  // Debug logging, so that the check that no log line holds the reporter covers the chattiest level.
  static void SetUpTestSuite() {
    scenario_ = new DrillScenario("zy-2023-hazards-august.jsonl", {"--log-level", "debug"});
  }
  static void TearDownTestSuite() {
    delete scenario_;
    scenario_ = nullptr;
  }
  void SetUp() override {
    const DrillResult& r = scenario_->result();
    ASSERT_TRUE(r.ok()) << r.failures[0].message << "\n" << scenario_->server().serverOutput();
  }
  static DrillScenario* scenario_;
};
DrillScenario* ZyHazards::scenario_ = nullptr;

// One ledger row, the cells a ledger reader relies on.
struct Row {
  std::string id, enterprise;
  Src source;
  G grade;
  std::string status;
  std::string foundAt, recordedAt, deadlineAt;  // instants as text, for readable failures
  bool overdue = false, listed = false;
  std::string authority;
  uint32_t verificationsFailed = 0, reopened = 0;
  bool operator==(const Row&) const = default;
};
std::ostream& operator<<(std::ostream& out, const Row& r) {
  return out << r.id << " " << r.enterprise << " source " << static_cast<int>(r.source) << " grade "
             << static_cast<int>(r.grade) << " " << r.status << " found " << r.foundAt << " recorded " << r.recordedAt
             << " deadline " << r.deadlineAt << (r.overdue ? " OVERDUE" : "") << (r.listed ? " listed by " : "")
             << r.authority << " failed " << r.verificationsFailed << " reopened " << r.reopened;
}

std::vector<Row> rowsOf(const Reply& reply) {
  std::vector<Row> rows;
  for (auto r : reply->getBody().getProjection().getHazardLedger().getRows()) {
    rows.push_back(Row{r.getHazardId(), r.getEnterprise(), r.getSource(), r.getGrade(), r.getStatus(),
                       formatInstant(r.getFoundAt()), formatInstant(r.getRecordedAt()),
                       formatInstant(r.getDeadlineAt()), r.getOverdue(), r.getListed(), r.getAuthority(),
                       r.getVerificationsFailed(), r.getReopened()});
  }
  return rows;
}

std::vector<std::string> idsOf(capnp::List<schema::HazardRow>::Reader rows) {
  std::vector<std::string> ids;
  for (auto r : rows) ids.push_back(r.getHazardId());
  return ids;
}
std::vector<std::string> idsOf(const Reply& reply) {
  return idsOf(reply->getBody().getProjection().getHazardLedger().getRows());
}

const std::string kChem = "zy-ex-chem", kMachinery = "zy-ex-machinery", kMicro = "zy-ex-micro";
// Instants as formatInstant prints them, from local minutes.
std::string t(const std::string& local) { return local + ":00+08:00"; }

// Every hazard as of the end of the drill (2023-09-02 12:00), by foundAt.
const std::vector<Row> kLedgerAtEnd = {
    // Reopened 08-27 and planned again 08-28: the new plan's deadline (09-08) is the one in force.
    {"zy-h01", kChem, Src::SELF_INSPECTION, G::MAJOR, "rectificationPlanned", t("2023-08-02T10:00"),
     t("2023-08-02T10:00"), t("2023-09-09T00:00"), false, false, "", 0, 1},
    {"zy-h02", kMachinery, Src::SELF_INSPECTION, G::GENERAL, "closed", t("2023-08-03T10:00"), t("2023-08-03T10:00"),
     t("2023-08-06T00:00"), false, false, "", 0, 0},
    // Its plan moved the deadline to 08-22; verified on 08-30 after one failed verification.
    {"zy-h03", kMachinery, Src::ENFORCEMENT, G::MAJOR, "verified", t("2023-08-04T09:30"), t("2023-08-04T09:30"),
     t("2023-08-23T00:00"), false, false, "", 1, 0},
    {"zy-h04", kChem, Src::EXPERT, G::GENERAL, "closed", t("2023-08-08T09:30"), t("2023-08-08T09:30"),
     t("2023-08-16T00:00"), false, false, "", 0, 0},
    // Recorded →09-30, listed →09-15, planned →09-12: the plan came last.
    {"zy-h05", kChem, Src::EXPERT, G::MAJOR, "rectificationPlanned", t("2023-08-08T09:40"), t("2023-08-08T09:40"),
     t("2023-09-13T00:00"), false, true, "zy-gwh", 0, 0},
    {"zy-h06", kMicro, Src::CROSS_INSPECTION, G::GENERAL, "open", t("2023-08-09T09:30"), t("2023-08-09T09:30"),
     t("2023-08-17T00:00"), true, false, "", 0, 0},
    // Regraded major 08-12; its plan's deadline 08-24 has passed unrectified.
    {"zy-h09", kMachinery, Src::SELF_INSPECTION, G::MAJOR, "rectificationPlanned", t("2023-08-10T11:00"),
     t("2023-08-10T11:00"), t("2023-08-25T00:00"), true, false, "", 0, 0},
    {"zy-h10", kMicro, Src::TIP, G::MAJOR, "closed", t("2023-08-11T10:00"), t("2023-08-11T10:00"),
     t("2023-08-20T00:00"), false, false, "", 0, 0},
    // Recorded →08-31, listed →08-30, planned →08-29; delisted, so no authority shown.
    {"zy-h07", kMachinery, Src::UNANNOUNCED, G::MAJOR, "closed", t("2023-08-16T09:30"), t("2023-08-16T09:30"),
     t("2023-08-30T00:00"), false, false, "", 0, 0},
    // Its deadline 09-10 was extended to 09-20 on 09-01 (延期, approved by the park).
    {"zy-h08", kChem, Src::SUPERVISION, G::MAJOR, "open", t("2023-08-22T09:30"), t("2023-08-22T09:30"),
     t("2023-09-21T00:00"), false, false, "", 0, 0},
    // Found on 08-30, recorded on 09-02: the ledger orders it by when it was found.
    {"zy-h12", kMicro, Src::ENFORCEMENT, G::MAJOR, "open", t("2023-08-30T15:00"), t("2023-09-02T10:00"),
     t("2023-09-16T00:00"), false, false, "", 0, 0},
};

TEST_F(ZyHazards, RunsToTheEndAsWritten) {
  const DrillResult& r = scenario_->result();
  // Every refused line was also checked to have appended nothing (DrillRunner compares the log's head).
  EXPECT_EQ(r.refusedAsExpected, 20u);
  ASSERT_EQ(r.campaigns.size(), 1u);
  EXPECT_EQ(r.campaigns[0].id, kCampaign);
}

TEST_F(ZyHazards, LedgerAtTheEndCellByCell) {
  std::vector<Row> rows = rowsOf(scenario_->ledger("zhang"));
  ASSERT_EQ(rows.size(), kLedgerAtEnd.size());
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i], kLedgerAtEnd[i]) << "row " << i;
}

// As of 2023-08-20 12:00: H08 and H12 are not known yet; H01 stands closed (reopened only on 08-27); H03 is back
// in its plan (its first rectification came at 16:00); H10 was reported rectified on 08-19 but not yet verified,
// and its deadline (end of 08-19) has passed: overdue, since only verification ends the wait. H06 is overdue.
TEST_F(ZyHazards, LedgerAsOfMidAugust) {
  std::vector<Row> rows = rowsOf(scenario_->ledger("zhang", at("2023-08-20T12:00+08:00")));
  const std::vector<Row> expected = {
      {"zy-h01", kChem, Src::SELF_INSPECTION, G::MAJOR, "closed", t("2023-08-02T10:00"), t("2023-08-02T10:00"),
       t("2023-08-19T00:00"), false, false, "", 0, 0},
      kLedgerAtEnd[1],
      {"zy-h03", kMachinery, Src::ENFORCEMENT, G::MAJOR, "rectificationPlanned", t("2023-08-04T09:30"),
       t("2023-08-04T09:30"), t("2023-08-23T00:00"), false, false, "", 0, 0},
      kLedgerAtEnd[3],
      kLedgerAtEnd[4],
      kLedgerAtEnd[5],
      {"zy-h09", kMachinery, Src::SELF_INSPECTION, G::MAJOR, "rectificationPlanned", t("2023-08-10T11:00"),
       t("2023-08-10T11:00"), t("2023-08-25T00:00"), false, false, "", 0, 0},
      {"zy-h10", kMicro, Src::TIP, G::MAJOR, "rectified", t("2023-08-11T10:00"), t("2023-08-11T10:00"),
       t("2023-08-20T00:00"), true, false, "", 0, 0},
      {"zy-h07", kMachinery, Src::UNANNOUNCED, G::MAJOR, "rectificationPlanned", t("2023-08-16T09:30"),
       t("2023-08-16T09:30"), t("2023-08-30T00:00"), false, true, "zy-gwh", 0, 0},
  };
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i], expected[i]) << "row " << i;
}

TEST_F(ZyHazards, LedgerFilters) {
  using Q = schema::HazardLedgerQuery::Builder;
  using Ids = std::vector<std::string>;
  EXPECT_EQ(idsOf(scenario_->ledger("zhang", 0, [](Q q) { q.setStatus("open"); })),
            (Ids{"zy-h06", "zy-h08", "zy-h12"}));
  EXPECT_EQ(idsOf(scenario_->ledger("zhang", 0, [](Q q) { q.setOverdueOnly(true); })), (Ids{"zy-h06", "zy-h09"}));
  EXPECT_EQ(idsOf(scenario_->ledger("zhang", 0,
                                    [](Q q) {
                                      q.setFilterGrade(true);
                                      q.setGrade(G::GENERAL);
                                    })),
            (Ids{"zy-h02", "zy-h04", "zy-h06"}));
  EXPECT_EQ(idsOf(scenario_->ledger("zhang", 0,
                                    [](Q q) {
                                      q.setFilterSource(true);
                                      q.setSource(Src::TIP);
                                    })),
            (Ids{"zy-h10"}));
  EXPECT_EQ(idsOf(scenario_->ledger("zhang", 0, [](Q q) { q.setUnit("zy-ex-micro"); })),
            (Ids{"zy-h06", "zy-h10", "zy-h12"}));
  EXPECT_EQ(idsOf(scenario_->ledger("zhang", 0, [](Q q) { q.setCampaignId("zy-2023-major-hazards"); })).size(),
            kLedgerAtEnd.size());
  // An enterprise user sees its own hazards only; the park's department sees all three enterprises.
  EXPECT_EQ(idsOf(scenario_->ledger("chen")), (Ids{"zy-h01", "zy-h04", "zy-h05", "zy-h08"}));
  EXPECT_EQ(idsOf(scenario_->ledger("zhao")).size(), kLedgerAtEnd.size());
}

// The cells of seed 003 附件2, in its column order.
struct Table {
  uint32_t selfFound, selfRectified, govFound, govRectified, listedFound, listedRectified, spotChecks;
  double rate;
  uint32_t overdue, majorFound, majorRectified;
  bool operator==(const Table& o) const {
    return selfFound == o.selfFound && selfRectified == o.selfRectified && govFound == o.govFound &&
           govRectified == o.govRectified && listedFound == o.listedFound && listedRectified == o.listedRectified &&
           spotChecks == o.spotChecks && std::abs(rate - o.rate) < 1e-9 && overdue == o.overdue &&
           majorFound == o.majorFound && majorRectified == o.majorRectified;
  }
};
std::ostream& operator<<(std::ostream& out, const Table& t) {
  return out << "{self " << t.selfFound << "/" << t.selfRectified << ", government " << t.govFound << "/"
             << t.govRectified << ", listed " << t.listedFound << "/" << t.listedRectified << ", spot checks "
             << t.spotChecks << ", rate " << t.rate << ", overdue " << t.overdue << ", majors " << t.majorFound << "/"
             << t.majorRectified << "}";
}

Table tableOf(const Reply& reply) {
  auto d = reply->getBody().getProjection().getDispatchTable();
  return Table{d.getSelfInspectionMajorFound(),
               d.getSelfInspectionMajorRectified(),
               d.getGovernmentMajorFound(),
               d.getGovernmentMajorRectified(),
               d.getListedFound(),
               d.getListedRectified(),
               d.getSpotChecks(),
               d.getRectificationRate(),
               d.getOverdueNotRectified(),
               d.getMajorFound(),
               d.getMajorRectified()};
}

// August, for the whole park, as of the end. Majors: self-inspection H01 and H09 (regraded) — neither rectified
// (H01 was reopened, H09 never rectified); government H03 (enforcement), H05 (expert), H07 (unannounced), H08
// (supervision) — H03 and H07 verified; listed H05 and H07 (delisted, still counted as listed) — H07 rectified;
// tip H10, verified. All majors 7, rectified 3 (H03, H07, H10): 3/7. Overdue at the cutoff: H09 only (H01's new
// plan runs to 09-08, H05's to 09-12, H08's to 09-10). H12 was recorded after August ended: left out.
TEST_F(ZyHazards, AugustDispatchTableCellByCell) {
  Reply reply = scenario_->dispatchTable("zhang", "", "2023-08", kCampaign);
  auto d = reply->getBody().getProjection().getDispatchTable();
  EXPECT_EQ(std::string(d.getUnit().cStr()), "zy-gwh");
  EXPECT_EQ(std::string(d.getMonth().cStr()), "2023-08");
  EXPECT_EQ(formatInstant(d.getCutoff()), "2023-09-01T00:00:00+08:00");
  EXPECT_EQ(tableOf(reply), (Table{2, 0, 4, 2, 2, 1, 17, 3.0 / 7, 1, 7, 3}));
}

// 规上企业 (zy-above-scale: 示例化工 and 示例机械) leaves out 小微企业: its tip hazard H10 and INSP-03's 2 spot checks.
// 小微企业 alone: H10 found and rectified, INSP-03.
TEST_F(ZyHazards, AugustDispatchTableBySubtree) {
  EXPECT_EQ(tableOf(scenario_->dispatchTable("zhang", "zy-above-scale", "2023-08", kCampaign)),
            (Table{2, 0, 4, 2, 2, 1, 15, 2.0 / 6, 1, 6, 2}));
  EXPECT_EQ(tableOf(scenario_->dispatchTable("zhang", "zy-ex-micro", "2023-08", kCampaign)),
            (Table{0, 0, 0, 0, 0, 0, 2, 1.0, 0, 1, 1}));
  // The enterprise's own user asks for its own unit by default.
  EXPECT_EQ(tableOf(scenario_->dispatchTable("wu", "", "2023-08", kCampaign)),
            (Table{0, 0, 0, 0, 0, 0, 2, 1.0, 0, 1, 1}));
}

// The same table asked on 2023-08-20 at noon: what was known then. Self-inspection H01 (verified 08-17) and H09;
// government H03 (back in its plan), H05, H07; listed H05, H07; tip H10 (reported rectified, not yet verified).
// Majors 6, rectified 1 (H01). Spot checks of INSP-01..04: 11. Overdue by then: H10, whose deadline (end of
// 08-19) passed without verification.
TEST_F(ZyHazards, AugustDispatchTableAsOfMidMonth) {
  EXPECT_EQ(tableOf(scenario_->dispatchTable("zhang", "", "2023-08", kCampaign, at("2023-08-20T12:00+08:00"))),
            (Table{2, 1, 3, 0, 2, 0, 11, 1.0 / 6, 1, 6, 1}));
}

// July: nothing had been found yet. September (as of 09-02 noon) adds H12, found on 08-30 and known by then; its
// deadline has not passed.
TEST_F(ZyHazards, OtherMonths) {
  EXPECT_EQ(tableOf(scenario_->dispatchTable("zhang", "", "2023-07", kCampaign)),
            (Table{0, 0, 0, 0, 0, 0, 0, 0.0, 0, 0, 0}));
  EXPECT_EQ(tableOf(scenario_->dispatchTable("zhang", "", "2023-09", kCampaign)),
            (Table{2, 0, 5, 2, 2, 1, 17, 3.0 / 8, 1, 8, 3}));
}

// Hazard deadlines on the escalation ladder (the plan names none: the server's default, -P1D remind the
// enterprise, P3D warn its head — zy-park, groups head nobody — P7D notify the issuer zy-gwh, P15D summon the
// covering leader, nobody covers the park so the issuer), each step at deadline + offset unless the hazard was
// reported rectified by then:
//   H06 (→ end of 08-16), never rectified: all four steps, the last on 09-01.
//   H10 (→ end of 08-19, its plan's): reminded at 08-19 00:00; rectified that afternoon, so no warning.
//   H03 (→ end of 08-22): reported rectified 08-20, so nothing yet; the failed verification (08-21) put it back,
//       so remind at 08-22 00:00 and warn at 08-26 00:00; rectified again 08-28, before the notice on 08-30.
//   H09 (→ end of 08-24): remind 08-24, warn 08-28, notify 09-01.
//   H01 (→ end of 08-18) was rectified on 08-15 and closed; reopened on 08-27 09:00, the three steps it had
//       passed fall due at that instant; its new plan (→ 09-08) puts the summons beyond the drill.
//   H07, listed 08-17 with its own deadline (→ end of 08-29 after the plan): a fresh round of the ladder against
//       the listing; reminded 08-29 00:00, reported rectified that afternoon.
//   H02, H04 rectified in time; H05, H08, H12 not due by 09-02; both tips verified well within their 60 days.
TEST_F(ZyHazards, HazardDeadlinesEscalateOnTheLadder) {
  Reply reply = scenario_->board("zhang", kCampaign);
  std::vector<Escalation> hazards;
  for (const Escalation& e : boardRows(reply->getBody().getProjection().getEscalationBoard())) {
    if (e.id.rfind(kCampaign + ".", 0) != 0) hazards.push_back(e);  // dispatch steps carry the dispatch id
  }
  using A = schema::EscalationAction;
  const std::string chem = kChem, mach = kMachinery, micro = kMicro;
  std::vector<Escalation> expected = sortedById({
      {"hazard:zy-h06#0", A::REMIND, micro, at("2023-08-16T00:00+08:00")},
      {"hazard:zy-h06#1", A::WARN, "zy-park", at("2023-08-20T00:00+08:00")},
      {"hazard:zy-h06#2", A::NOTIFY, "zy-gwh", at("2023-08-24T00:00+08:00")},
      {"hazard:zy-h06#3", A::SUMMON, "zy-gwh", at("2023-09-01T00:00+08:00")},
      {"hazard:zy-h10#0", A::REMIND, micro, at("2023-08-19T00:00+08:00")},
      {"hazard:zy-h03#0", A::REMIND, mach, at("2023-08-22T00:00+08:00")},
      {"hazard:zy-h03#1", A::WARN, "zy-park", at("2023-08-26T00:00+08:00")},
      {"hazard:zy-h09#0", A::REMIND, mach, at("2023-08-24T00:00+08:00")},
      {"hazard:zy-h09#1", A::WARN, "zy-park", at("2023-08-28T00:00+08:00")},
      {"hazard:zy-h09#2", A::NOTIFY, "zy-gwh", at("2023-09-01T00:00+08:00")},
      {"hazard:zy-h01#0", A::REMIND, chem, at("2023-08-27T09:00+08:00")},
      {"hazard:zy-h01#1", A::WARN, "zy-park", at("2023-08-27T09:00+08:00")},
      {"hazard:zy-h01#2", A::NOTIFY, "zy-gwh", at("2023-08-27T09:00+08:00")},
      {"hazard-listed:zy-h07#0", A::REMIND, mach, at("2023-08-29T00:00+08:00")},
  });
  EXPECT_EQ(hazards, expected);
}

// 企业档案 of 小微企业 as the committee sees it: its three hazards (H06 overdue), the 约谈 and the fine for H06,
// INSP-03, and TIP-01 counted (substantiated) without anything of its reporter. Its own user gets no tip figures.
TEST_F(ZyHazards, EnterpriseProfile) {
  auto profileOf = [&](const std::string& user) {
    return scenario_->query(
        user, 0, [](auto q) { q.setEnterpriseProfile("zy-ex-micro"); }, schema::Projection::ENTERPRISE_PROFILE);
  };
  Reply reply = profileOf("zhang");
  auto p = reply->getBody().getProjection().getEnterpriseProfile();
  EXPECT_EQ(idsOf(p.getHazards().getRows()), (std::vector<std::string>{"zy-h06", "zy-h10", "zy-h12"}));
  EXPECT_EQ(p.getOverdueHazards(), 1u);
  ASSERT_EQ(p.getMeasures().size(), 2u);
  EXPECT_EQ(p.getMeasures()[0].getKind(), schema::MeasureKind::WARNING_TALK);
  EXPECT_EQ(p.getMeasures()[1].getKind(), schema::MeasureKind::FINE);
  EXPECT_EQ(p.getMeasures()[1].getAmountFen(), 2000000);
  EXPECT_FALSE(p.getMeasures()[1].getLifted());
  ASSERT_EQ(p.getInspections().size(), 1u);
  EXPECT_EQ(std::string(p.getInspections()[0].getInspectionId().cStr()), "zy-insp-03");
  EXPECT_EQ(p.getInspections()[0].getSpotChecks(), 2u);
  EXPECT_EQ(p.getTipsReceived(), 1u);
  EXPECT_EQ(p.getTipsSubstantiated(), 1u);
  EXPECT_EQ(p.getTipsUnfounded(), 0u);

  Reply own = profileOf("wu");
  EXPECT_TRUE(own->getBody().getProjection().getEnterpriseProfile().getTipsWithheld());
  EXPECT_EQ(own->getBody().getProjection().getEnterpriseProfile().getTipsReceived(), 0u);
}

// Quantitative targets counted from what was recorded, not from anyone's word: 示例化工's drill meets T26; 示例机械
// recorded none; its training came after T25's period; 安全生产部 recorded no inspection in August, whatever T42
// asks of it (the park's inspections are the park's).
TEST_F(ZyHazards, TaskTargetsCountRecordedFacts) {
  Reply reply = scenario_->query(
      "zhang", 0, [](auto q) { q.initTaskTargets().setCampaignId(kCampaign); }, schema::Projection::TASK_TARGETS);
  auto targetOf = [&](const std::string& dispatch) -> std::tuple<std::string, uint32_t, uint32_t, bool> {
    for (auto d : reply->getBody().getProjection().getTaskTargets().getDispatches()) {
      if (d.getDispatchId() != dispatch) continue;
      EXPECT_EQ(d.getTargets().size(), 1u) << dispatch;
      auto t = d.getTargets()[0];
      return {t.getMetric().cStr(), t.getAtLeast(), t.getCounted(), t.getMet()};
    }
    ADD_FAILURE() << "no targets for " << dispatch;
    return {};
  };
  using T = std::tuple<std::string, uint32_t, uint32_t, bool>;
  EXPECT_EQ(targetOf(kCampaign + ".T26.zy-ex-chem.1"), (T{"drills", 1, 1, true}));
  EXPECT_EQ(targetOf(kCampaign + ".T26.zy-ex-machinery.1"), (T{"drills", 1, 0, false}));
  EXPECT_EQ(targetOf(kCampaign + ".T25.zy-ex-machinery.1"), (T{"trainings", 1, 0, false}));
  EXPECT_EQ(targetOf(kCampaign + ".T42.zy-aqscb.4"), (T{"inspections", 4, 0, false}));
}

// What a reader could see of TIP-01's reporter: the plaintext in any of these would be a leak.
bool leaks(const std::string& text) {
  return text.find("13800138000") != std::string::npos || text.find("王某某") != std::string::npos;
}

std::string jsonOf(const Reply& reply) {
  capnp::JsonCodec codec;
  return codec.encode(reply->getBody().getProjection()).cStr();
}

// DOMAIN.md: the reporter's identity is sealed so that only tipOfficer can read it — not in projections,
// exports or logs. The positive control first: the tip carries the identity sealed under the server's key, so
// the checks below are not passing because it was dropped.
TEST_F(ZyHazards, SealedReporterAppearsInNoProjectionExportOrLogLine) {
  ServerProcess& server = scenario_->server();
  Client admin = server.admin();

  // The tip's event holds the sealed bytes, and the server's key opens them to exactly what was typed.
  Reply tips = readAll(admin, 1, 0, "tipReceived");
  auto events = tips->getBody().getEvents().getEvents();
  ASSERT_EQ(events.size(), 2u);  // TIP-01 (named) and TIP-02 (anonymous)
  auto named = events[0].getPayload().getTipReceived();
  ASSERT_EQ(std::string(named.getTipId().cStr()), "zy-tip-01");
  auto sealedBytes = named.getSealedReporter();
  std::string sealed(reinterpret_cast<const char*>(sealedBytes.begin()), sealedBytes.size());
  auto sealer = Sealer::openKeyFile(server.dataDir() + "/seal.key");
  ASSERT_TRUE(std::holds_alternative<Sealer>(sealer)) << std::get<std::string>(sealer);
  EXPECT_EQ(std::get<Sealer>(sealer).unseal(sealed).value_or("<does not open>"), kReporter);
  EXPECT_EQ(events[1].getPayload().getTipReceived().getSealedReporter().size(), 0u);

  // Every projection, as every kind of user that can ask for it, the tip officer included.
  for (const std::string user : {"zhang", "zhao", "zhou", "wu"}) {
    std::vector<Reply> answers;
    answers.push_back(scenario_->ledger(user));
    answers.push_back(scenario_->ledger(user, at("2023-08-11T12:00+08:00")));
    answers.push_back(scenario_->dispatchTable(user, "", "2023-08", kCampaign));
    answers.push_back(scenario_->board(user, kCampaign));
    answers.push_back(scenario_->query(
        user, 0, [](auto q) { q.setEnterpriseProfile("zy-ex-micro"); }, schema::Projection::ENTERPRISE_PROFILE));
    for (const Reply& answer : answers) EXPECT_FALSE(leaks(jsonOf(answer))) << user << ": " << jsonOf(answer);
  }

  // The whole log as `qingling read --all --json` exports it.
  CliResult exported = runCli(server, {"--json", "read", "--all", "--limit", "1000000"});
  ASSERT_EQ(exported.exitCode, 0) << exported.output.substr(0, 2000);
  EXPECT_NE(exported.output.find("zy-tip-01"), std::string::npos);  // the export did cover the tip
  EXPECT_FALSE(leaks(exported.output));

  // Every line the server logged, at debug level.
  std::string logged = server.serverOutput();
  EXPECT_NE(logged.find("receiveTip"), std::string::npos) << "debug logging did not cover the tip's command";
  EXPECT_FALSE(leaks(logged));

  // And at rest: no file of the data directory (RocksDB's WAL, SST files, manifest) holds the plaintext.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(server.dataDir())) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_FALSE(leaks(bytes)) << entry.path();
  }
}

}  // namespace
}  // namespace qingling::server::testing
