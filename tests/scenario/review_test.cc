// ops/drills/review-planted-findings.jsonl against a real qinglingd: the accountability review (追责问责) finds every
// planted finding — and nothing else — with the evidence positions of the events that prove it; the HTML report
// (`qingling review --html`) is written self-contained with every finding and the log digest.
//
// Evidence is named by (event type, what it is about, n-th such event) and looked up in the server's own log, so
// the test states which events prove a finding without hard-coding where the drill happened to put them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include <unistd.h>

#include "domain/projections/review_evidence.h"
#include "server/cli/cli_common.h"
#include "server/cli/review_commands.h"
#include "server/cli/review_html.h"
#include "tests/scenario/scenario_support.h"
#include "tests/server/wire_helpers.h"

namespace qingling::server::testing {
namespace {

using K = schema::FindingKind;

const std::string kCampaign = "rv-2023-review";
std::string dispatch(const std::string& task, const std::string& unit) {
  return kCampaign + "." + task + "." + unit + ".1";
}

class ReviewScenario : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { scenario_ = new DrillScenario("review-planted-findings.jsonl"); }
  static void TearDownTestSuite() {
    delete scenario_;
    scenario_ = nullptr;
  }
  void SetUp() override {
    const DrillResult& r = scenario_->result();
    ASSERT_TRUE(r.ok()) << r.failures[0].message << "\n" << scenario_->server().serverOutput();
  }

  // "type subject" -> positions, in log order, for every event of the log.
  static std::map<std::string, std::vector<uint64_t>> logIndex() {
    std::map<std::string, std::vector<uint64_t>> index;
    for (uint64_t from = 1;;) {
      Reply page = readAll(scenario_->admin(), from);
      auto events = page->getBody().getEvents().getEvents();
      if (events.size() == 0) return index;
      for (auto e : events) {
        auto evidence = domain::projections::evidenceOf(e);
        index[evidence.type + " " + domain::projections::subjectOf(e.getPayload())].push_back(e.getPosition());
        from = e.getPosition() + 1;
      }
    }
  }

  static Reply review(int64_t asOf, const std::function<void(schema::AccountabilityReviewQuery::Builder)>& fill) {
    return scenario_->query(
        "audit", asOf, [&](auto q) { fill(q.initAccountabilityReview()); }, schema::Projection::ACCOUNTABILITY_REVIEW);
  }

  static DrillScenario* scenario_;
};
DrillScenario* ReviewScenario::scenario_ = nullptr;

// One finding as the test states it: evidence as "type subject#n" (n-th such event, from 0).
struct Expected {
  K kind;
  std::string subject, responsible, leader;
  std::vector<std::string> evidence;
};

struct Seen {
  K kind;
  std::string subject, responsible, leader;
  std::vector<uint64_t> positions;
  bool operator==(const Seen&) const = default;
};
std::ostream& operator<<(std::ostream& out, const Seen& s) {
  out << "{" << static_cast<int>(s.kind) << " " << s.subject << " by " << s.responsible << " / " << s.leader << " @";
  for (auto p : s.positions) out << " " << p;
  return out << "}";
}

Seen resolve(const Expected& e, const std::map<std::string, std::vector<uint64_t>>& index) {
  Seen s{e.kind, e.subject, e.responsible, e.leader, {}};
  for (const auto& ref : e.evidence) {
    size_t hash = ref.rfind('#');
    std::string key = ref.substr(0, hash);
    size_t n = std::stoul(ref.substr(hash + 1));
    auto it = index.find(key);
    if (it == index.end() || it->second.size() <= n) {
      ADD_FAILURE() << "no event " << ref << " in the log";
      continue;
    }
    s.positions.push_back(it->second[n]);
  }
  return s;
}

std::vector<Seen> seen(schema::AccountabilityReview::Reader r) {
  std::vector<Seen> out;
  for (auto f : r.getFindings()) {
    Seen s{f.getKind(), f.getSubject(), f.getResponsibleUnit(), f.getCoveringLeader(), {}};
    for (auto e : f.getEvidence()) s.positions.push_back(e.getPosition());
    out.push_back(std::move(s));
  }
  return out;
}

// Every planted finding, in the review's order: by responsible unit, kind, subject. The covering leader (包联) of
// the park and of the enterprises below it is 分管负责人 rv-deputy.
std::vector<Expected> planted() {
  const std::string t2 = dispatch("T2", "rv-park"), t3 = dispatch("T3", "rv-ex-a");
  return {
      {K::OVERDUE_DISPATCH, t3, "rv-ex-a", "rv-deputy", {"taskDispatched " + t3 + "#0"}},
      {K::ESCALATION_IGNORED,
       t3,
       "rv-ex-a",
       "rv-deputy",
       {"escalationRaised " + t3 + "#0#0", "escalationRaised " + t3 + "#1#0"}},
      {K::HAZARD_OVERDUE, "rv-h1", "rv-ex-a", "rv-deputy", {"hazardRecorded rv-h1#0", "hazardVerified rv-h1#1"}},
      {K::VERIFICATION_FAILED, "rv-h1", "rv-ex-a", "rv-deputy", {"hazardRecorded rv-h1#0", "hazardVerified rv-h1#0"}},
      {K::HAZARD_REOPENED,
       "rv-h2",
       "rv-ex-a",
       "rv-deputy",
       {"hazardRecorded rv-h2#0", "hazardVerified rv-h2#0", "hazardReopened rv-h2#0"}},
      {K::LATE_ACKNOWLEDGEMENT,
       t2,
       "rv-park",
       "rv-deputy",
       {"taskDispatched " + t2 + "#0", "dispatchAcknowledged " + t2 + "#0"}},
      {K::LATE_COMPLETION,
       t2,
       "rv-park",
       "rv-deputy",
       {"taskDispatched " + t2 + "#0", "dispatchCompleted " + t2 + "#0"}},
      {K::BACKDATED, "rv-h3", "rv-park", "rv-deputy", {"hazardRecorded rv-h3#0"}},
      {K::MISSED_HAZARD, "rv-h4", "rv-park", "rv-deputy", {"inspectionRecorded rv-insp-1#0", "hazardRecorded rv-h4#0"}},
  };
}

TEST_F(ReviewScenario, FindsEveryPlantedFindingWithItsEvidenceAndNothingElse) {
  auto index = logIndex();
  std::vector<Seen> expected;
  for (const auto& e : planted()) expected.push_back(resolve(e, index));
  Reply reply = review(at("2023-06-16T12:00+08:00"), [](auto q) { q.setCampaignId(kCampaign); });
  auto r = reply->getBody().getProjection().getAccountabilityReview();
  EXPECT_EQ(seen(r), expected);
  EXPECT_EQ(std::string(r.getScope().cStr()), "campaign " + kCampaign);
}

TEST_F(ReviewScenario, StatesHowLateEachFindingIs) {
  Reply reply = review(at("2023-06-16T12:00+08:00"), [](auto q) { q.setCampaignId(kCampaign); });
  std::map<std::pair<K, std::string>, int64_t> lateBy;
  for (auto f : reply->getBody().getProjection().getAccountabilityReview().getFindings()) {
    lateBy[{f.getKind(), f.getSubject()}] = f.getLateBySeconds();
  }
  const int64_t hour = 3600, day = 24 * hour;
  // T2 was due by the end of 06-05: acknowledged 06-07 10:00, completed 11:00.
  EXPECT_EQ((lateBy[{K::LATE_ACKNOWLEDGEMENT, dispatch("T2", "rv-park")}]), day + 10 * hour);
  EXPECT_EQ((lateBy[{K::LATE_COMPLETION, dispatch("T2", "rv-park")}]), day + 11 * hour);
  // T3 was due by the end of 06-10; as of 06-16 12:00 it is 5 days 12 hours past.
  EXPECT_EQ((lateBy[{K::OVERDUE_DISPATCH, dispatch("T3", "rv-ex-a")}]), 5 * day + 12 * hour);
  // H1 was due by the end of 06-08 and verified 06-10 09:00; H3 found 06-05 10:00, recorded 06-12 10:00.
  EXPECT_EQ((lateBy[{K::HAZARD_OVERDUE, "rv-h1"}]), day + 9 * hour);
  EXPECT_EQ((lateBy[{K::BACKDATED, "rv-h3"}]), 7 * day);
}

TEST_F(ReviewScenario, AsOfEarlierShowsOnlyWhatWasKnownThen) {
  // On 06-07 at noon: T2 acknowledged and completed late, H1's verification failed; H1 not yet past its deadline,
  // T3 not yet due, nothing reopened, back-dated or missed yet.
  Reply reply = review(at("2023-06-07T12:00+08:00"), [](auto q) { q.setCampaignId(kCampaign); });
  std::vector<std::pair<K, std::string>> kinds;
  for (auto f : reply->getBody().getProjection().getAccountabilityReview().getFindings()) {
    kinds.emplace_back(f.getKind(), f.getSubject());
  }
  std::vector<std::pair<K, std::string>> expected = {{K::VERIFICATION_FAILED, "rv-h1"},
                                                     {K::LATE_ACKNOWLEDGEMENT, dispatch("T2", "rv-park")},
                                                     {K::LATE_COMPLETION, dispatch("T2", "rv-park")}};
  EXPECT_EQ(kinds, expected);
}

TEST_F(ReviewScenario, EnterpriseScopeKeepsWhatConcernsIt) {
  Reply reply = review(at("2023-06-16T12:00+08:00"), [](auto q) { q.setEnterprise("rv-ex-b"); });
  auto findings = reply->getBody().getProjection().getAccountabilityReview().getFindings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].getKind(), K::BACKDATED);
  EXPECT_EQ(std::string(findings[0].getSubject().cStr()), "rv-h3");
}

TEST_F(ReviewScenario, OutsideTheReachIsRefused) {
  Reply reply = scenario_->runner().as("chen").call(
      [](Body body) { body.initQuery().getBody().initAccountabilityReview().setUnit("rv-park"); });
  EXPECT_TRUE(isError(reply, schema::ErrorCode::FORBIDDEN)) << describe(reply);
}

TEST_F(ReviewScenario, HtmlReportIsSelfContainedWithEveryFindingAndTheDigest) {
  const auto file = std::filesystem::temp_directory_path() / ("review-" + std::to_string(::getpid()) + ".html");
  std::vector<std::string> words = {
      "qingling", "review", "--campaign", kCampaign, "--as-of", "2023-06-16T12:00+08:00", "--html", file.string()};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  cli::Args args(static_cast<int>(argv.size()), argv.data());
  std::ostringstream out, err;
  cli::CliContext ctx{args, scenario_->runner().as("audit"), false, out, err};
  ASSERT_EQ(cli::cmdReview(ctx), 0) << err.str();

  std::ifstream in(file);
  std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(file);
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_EQ(html.find("<td>…</td>"), std::string::npos) << "every evidence event shows its hash prefix";
  for (const auto& e : planted()) {
    EXPECT_NE(html.find(cli::findingName(e.kind)), std::string::npos) << cli::findingName(e.kind);
    EXPECT_NE(html.find(e.subject), std::string::npos) << e.subject;
  }
  store::Digest d = head(scenario_->admin());
  const std::string digest =
      std::to_string(d.position) + ":" + cli::hex(capnp::Data::Reader(d.hash.data(), d.hash.size()));
  EXPECT_NE(html.find(digest), std::string::npos) << "the page ends with the log digest " << digest;
  // The table also lists every finding.
  EXPECT_NE(out.str().find("9 findings"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace qingling::server::testing
