// Extensions (延期申请) of hazard and dispatch deadlines: requested by the party that owes the work before the
// deadline, at most one pending, decided by the supervising side; approved, the new deadline replaces the old in
// the folded state. Every refusal asserts its code, and a refusal emits nothing.
#include <gtest/gtest.h>

#include "tests/domain/hazard_fixture.h"

#include "domain/extension.h"
#include "domain/local_date.h"

namespace qingling::domain {
namespace {

using schema::HazardGrade;
using schema::Role;

constexpr int64_t kDay = int64_t{86400} * 1000000;

int64_t endOf(const char* date) { return endOfLocalDay(*LocalDate::parse(date), kExtensionOffsetSeconds); }

class ExtensionTest : public testing::HazardFixture {
 protected:
  Decision requestHazard(const Principal& who, const std::string& date, int64_t now,
                         const std::string& reason = "设备到货延迟") {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::RequestExtension>();
    c.initSubject().setHazard("h1");
    c.setDeadline(date);
    c.setReason(reason);
    return decideRequestExtension(h_, dir_, who, c.asReader(), now);
  }
  Decision decideHazard(const Principal& who, bool approved, const std::string& date = "",
                        const std::string& note = "") {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::DecideExtension>();
    c.initSubject().setHazard("h1");
    c.setApproved(approved);
    c.setDeadline(date);
    c.setNote(note);
    return decideDecideExtension(h_, dir_, who, c.asReader());
  }
  Decision requestDispatch(const Principal& who, const std::string& date, int64_t now) {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::RequestExtension>();
    c.initSubject().setDispatch("d1");
    c.setDeadline(date);
    c.setReason("汛期");
    return decideRequestExtension(d_, dir_, who, c.asReader(), now);
  }
  Decision decideDispatch(const Principal& who, bool approved, const std::string& date = "") {
    capnp::MallocMessageBuilder m;
    auto c = m.initRoot<schema::DecideExtension>();
    c.initSubject().setDispatch("d1");
    c.setApproved(approved);
    c.setDeadline(date);
    c.setNote(approved ? "" : "不予延期");
    return decideDecideExtension(d_, dir_, who, c.asReader());
  }
  // Folds a payload built by `fill` into the dispatch d1, as the next event of its stream.
  template <class Fill>
  void onDispatch(Fill fill) {
    capnp::MallocMessageBuilder m;
    auto env = m.initRoot<schema::EventEnvelope>();
    env.setStreamVersion(d_.version + 1);
    fill(env.initPayload());
    evolve(d_, env.asReader());
  }
  // d1: dispatched to the town by the county (a leader reviews it), due at the end of 2026-12-01.
  void dispatchD1() {
    onDispatch([](schema::Event::Builder p) {
      auto t = p.initTaskDispatched();
      t.setDispatchId("d1");
      t.setCampaignId("c1");
      t.setAssignee("town");
      t.setReviewer("county");
      t.setDueAt(endOf("2026-12-01"));
    });
  }
  bool okDispatch(const Decision& d) { return apply(d, d_, "dispatch-d1"); }

  DispatchState d_;
  const int64_t before_ = endOf("2026-12-01") - kDay;  // during the last day before the recorded deadline
};

TEST_F(ExtensionTest, HazardDeadlineIsExtendedOnApproval) {
  ASSERT_TRUE(ok(record(townDept_)));  // deadline 2026-12-01
  Decision requested = requestHazard(entUser_, "2026-12-20", before_);
  ASSERT_TRUE(std::holds_alternative<Emitted>(requested));
  const auto& stream = std::get<Emitted>(requested).streams.at(0);
  EXPECT_EQ(stream.streamId, "hazard-h1");
  EXPECT_EQ(stream.expect, StreamExpectation::exactLoaded);
  ASSERT_TRUE(ok(requested));
  EXPECT_EQ(h_.extensionRequested, "2026-12-20");
  EXPECT_EQ(h_.deadlineAt, endOf("2026-12-01"));  // unchanged until decided

  Decision approved = decideHazard(countyDept_, true);  // no date: the requested one
  ASSERT_TRUE(std::holds_alternative<Emitted>(approved));
  auto e = std::get<Emitted>(approved).streams.at(0).events.at(0).envelope().getPayload().getExtensionDecided();
  EXPECT_TRUE(e.getSubject().isHazard());
  EXPECT_EQ(std::string(e.getDeadline().cStr()), "2026-12-20");
  EXPECT_EQ(e.getDeadlineAt(), endOf("2026-12-20"));
  ASSERT_TRUE(ok(approved));
  EXPECT_EQ(h_.deadlineAt, endOf("2026-12-20"));
  EXPECT_EQ(h_.extensions, 1u);
  EXPECT_TRUE(h_.extensionRequested.empty());

  // A second request, before the new deadline; refused with a reason, the deadline stays.
  ASSERT_TRUE(ok(requestHazard(entUser_, "2027-01-10", endOf("2026-12-10"))));
  ASSERT_TRUE(ok(decideHazard(countyLeader_, false, "", "理由不充分")));
  EXPECT_EQ(h_.deadlineAt, endOf("2026-12-20"));
  EXPECT_EQ(h_.extensions, 1u);

  // The decider may grant another date than asked.
  ASSERT_TRUE(ok(requestHazard(entUser_, "2027-01-31", endOf("2026-12-10"))));
  ASSERT_TRUE(ok(decideHazard(countyDept_, true, "2027-01-05")));
  EXPECT_EQ(h_.deadlineAt, endOf("2027-01-05"));
}

TEST_F(ExtensionTest, HazardExtensionRefusesIllegalSteps) {
  EXPECT_EQ(refused(requestHazard(entUser_, "2026-12-20", before_)).code, RejectionCode::notFound);
  ASSERT_TRUE(ok(record(townDept_)));
  EXPECT_EQ(refused(decideHazard(countyDept_, true, "2026-12-20")).code, RejectionCode::conflict);  // none pending
  EXPECT_EQ(refused(requestHazard(entUser_, "2026-12-20", endOf("2026-12-01"))).code,
            RejectionCode::conflict);  // at the deadline: too late
  EXPECT_EQ(refused(requestHazard(entUser_, "2026-12-01", before_)).code, RejectionCode::invalid);  // not later
  EXPECT_EQ(refused(requestHazard(entUser_, "2026-11-30", before_)).path, "deadline");
  EXPECT_EQ(refused(requestHazard(entUser_, "soon", before_)).path, "deadline");
  EXPECT_EQ(refused(requestHazard(entUser_, "2026-12-20", before_, "")).path, "reason");
  ASSERT_TRUE(ok(requestHazard(entUser_, "2026-12-20", before_)));
  EXPECT_EQ(refused(requestHazard(entUser_, "2026-12-25", before_)).code, RejectionCode::conflict);  // one pending
  EXPECT_EQ(refused(decideHazard(countyDept_, true, "2026-11-01")).code, RejectionCode::invalid);
  EXPECT_EQ(refused(decideHazard(countyDept_, false)).path, "note");  // a refusal says why
  ASSERT_TRUE(ok(decideHazard(countyDept_, true)));
  EXPECT_EQ(refused(decideHazard(countyDept_, true)).code, RejectionCode::conflict);  // decided once
  ASSERT_TRUE(ok(evidence(entUser_, false)));
  EXPECT_EQ(refused(requestHazard(entUser_, "2027-01-20", before_)).code, RejectionCode::conflict);  // rectified

  h_ = HazardState{};
  capnp::MallocMessageBuilder m;
  auto c = m.initRoot<schema::RecordHazard>();
  c.setHazardId("h1");
  c.setEnterprise("ent");
  c.setSource(schema::HazardSource::ENFORCEMENT);
  c.setDescription("无期限");
  ASSERT_TRUE(ok(decideRecordHazard(h_, dir_, townDept_, c.asReader())));
  EXPECT_EQ(refused(requestHazard(entUser_, "2026-12-20", before_)).code, RejectionCode::conflict);  // no deadline
}

TEST_F(ExtensionTest, HazardExtensionRefusesUnauthorisedActors) {
  ASSERT_TRUE(ok(record(countyDept_, HazardGrade::MAJOR)));
  ASSERT_TRUE(ok(list(cityLeader_)));  // deadline 2027-01-31, the city is the authority
  EXPECT_EQ(refused(requestHazard(ent2User_, "2027-02-20", before_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(requestHazard(sibling_, "2027-02-20", before_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(requestHazard(countyLeader_, "2027-02-20", before_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(requestHazard(auditor_, "2027-02-20", before_)).code, RejectionCode::forbidden);
  ASSERT_TRUE(ok(requestHazard(townDept_, "2027-02-20", before_)));  // a department reaching it asks for it
  EXPECT_EQ(refused(decideHazard(entUser_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(decideHazard(sibling_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(decideHazard(auditor_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(decideHazard(tipOfficer_, true)).code, RejectionCode::forbidden);
  const Principal deptInEnterprise{"x", "ent", {Role::DEPARTMENT}, "t"};
  EXPECT_EQ(refused(decideHazard(deptInEnterprise, true)).code, RejectionCode::forbidden);  // not its own
  EXPECT_EQ(refused(decideHazard(countyDept_, true)).code, RejectionCode::forbidden);       // listed: the authority's
  EXPECT_EQ(refused(decideHazard(countyLeader_, true)).code, RejectionCode::forbidden);
  EXPECT_EQ(h_.extensionRequested, "2027-02-20");
  ASSERT_TRUE(ok(decideHazard(cityDept_, true)));
  EXPECT_EQ(h_.deadlineAt, endOf("2027-02-20"));
}

TEST_F(ExtensionTest, DispatchDueAtIsReplacedOnApproval) {
  dispatchD1();
  Decision requested = requestDispatch(townDept_, "2026-12-15", before_);
  ASSERT_TRUE(std::holds_alternative<Emitted>(requested));
  EXPECT_EQ(std::get<Emitted>(requested).streams.at(0).streamId, "dispatch-d1");
  ASSERT_TRUE(okDispatch(requested));
  EXPECT_EQ(d_.extensionRequested, "2026-12-15");
  ASSERT_TRUE(okDispatch(decideDispatch(countyLeader_, true)));
  EXPECT_EQ(d_.dueAt, endOf("2026-12-15"));
  EXPECT_EQ(d_.extensions, 1u);
  ASSERT_TRUE(okDispatch(requestDispatch(townDept_, "2026-12-31", before_)));
  ASSERT_TRUE(okDispatch(decideDispatch(cityLeader_, false)));
  EXPECT_EQ(d_.dueAt, endOf("2026-12-15"));
  EXPECT_TRUE(d_.extensionRequested.empty());
}

TEST_F(ExtensionTest, DispatchExtensionRefusesIllegalStepsAndUnauthorisedActors) {
  EXPECT_EQ(refused(requestDispatch(townDept_, "2026-12-15", before_)).code, RejectionCode::notFound);
  dispatchD1();
  EXPECT_EQ(refused(requestDispatch(entUser_, "2026-12-15", before_)).code, RejectionCode::forbidden);  // below
  EXPECT_EQ(refused(requestDispatch(sibling_, "2026-12-15", before_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(requestDispatch(countyLeader_, "2026-12-15", before_)).code, RejectionCode::forbidden);
  EXPECT_EQ(refused(requestDispatch(townDept_, "2026-12-15", endOf("2026-12-02"))).code, RejectionCode::conflict);
  EXPECT_EQ(refused(decideDispatch(countyLeader_, true, "2026-12-15")).code, RejectionCode::conflict);
  ASSERT_TRUE(okDispatch(requestDispatch(countyDept_, "2026-12-15", before_)));  // a department above the town
  EXPECT_EQ(refused(requestDispatch(townDept_, "2026-12-16", before_)).code, RejectionCode::conflict);
  EXPECT_EQ(refused(decideDispatch(countyDept_, true)).code, RejectionCode::forbidden);  // a leader reviews
  EXPECT_EQ(refused(decideDispatch(townDept_, true)).code, RejectionCode::forbidden);
  const Principal otherLeader{"qin", "sec-b", {Role::LEADER}, "t"};
  EXPECT_EQ(refused(decideDispatch(otherLeader, true)).code, RejectionCode::forbidden);  // not the reviewer's reach
  ASSERT_TRUE(okDispatch(decideDispatch(countyLeader_, true)));
  onDispatch([](schema::Event::Builder p) { p.initDispatchAcknowledged().setDispatchId("d1"); });
  onDispatch([](schema::Event::Builder p) { p.initDispatchCompleted().setDispatchId("d1"); });
  EXPECT_EQ(refused(requestDispatch(townDept_, "2026-12-31", before_)).code, RejectionCode::conflict);  // done
}

TEST_F(ExtensionTest, TipAndReportSubjectsAreRefused) {
  capnp::MallocMessageBuilder m;
  auto subject = m.initRoot<schema::SubjectRef>();
  subject.setTip("t1");
  Rejection tip = extensionSubjectRefused(subject.asReader());
  EXPECT_EQ(tip.code, RejectionCode::invalid);
  EXPECT_NE(tip.message.find("extendTipVerification"), std::string::npos);
  subject.setReport("c1/monthly/town/1");
  EXPECT_EQ(extensionSubjectRefused(subject.asReader()).path, "subject.report");
}

}  // namespace
}  // namespace qingling::domain
