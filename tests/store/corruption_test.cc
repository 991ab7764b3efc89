// verify() on an intact log and on logs damaged directly through RocksDB: a flipped byte, a deleted event,
// two swapped events, a truncated tail (caught only against a digest), a digest that does not match, and an
// undecodable newest event (open refuses it).
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <iostream>

#include "store/hash_chain.h"
#include "store/key_format.h"
#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

class CorruptionTest : public LogTest {
 protected:
  static constexpr uint64_t kEvents = 100;

  void SetUp() override {
    LogTest::SetUp();
    for (uint64_t i = 0; i < kEvents / 4; ++i) {
      ASSERT_TRUE(log_->append(noteAppend("s-" + std::to_string(i % 3), ExpectedVersion::anyVersion(), 4, "",
                                          {"unit-" + std::to_string(i % 5)}))
                      .ok());
    }
    ASSERT_EQ(log_->head().position, kEvents);
  }

  Hash hashAt(uint64_t position) {
    auto event = log_->read(position);
    EXPECT_TRUE(event.ok() && event.value().has_value());
    return event.ok() && event.value() ? event.value()->hash() : Hash{};
  }

  // Closes the log, lets `damage` edit the database directly, and reopens.
  template <class F>
  void damage(F&& edit) {
    close();
    {
      RawDb raw(dir_.path());
      edit(raw);
    }
    reopen();
  }

  VerifyReport verify(VerifyOptions options = {}) {
    auto report = log_->verify(options);
    EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().message);
    return report.ok() ? report.value() : VerifyReport{};
  }
};

TEST_F(CorruptionTest, IntactLogOfThousandsOfEvents) {
  for (int i = 0; i < 290; ++i) {
    ASSERT_TRUE(log_->append(noteAppend("bulk-" + std::to_string(i % 17), ExpectedVersion::anyVersion(), 10)).ok());
  }
  const uint64_t total = kEvents + 2900;
  uint64_t lastChecked = 0;
  uint64_t lastTotal = 0;
  VerifyOptions options;
  options.expect = Digest{1234, hashAt(1234)};
  options.progress = [&](uint64_t checked, uint64_t all) {
    lastChecked = checked;
    lastTotal = all;
  };
  VerifyReport report = verify(options);
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.checked, total);
  EXPECT_EQ(report.firstBad, 0u);
  EXPECT_EQ(report.head.position, total);
  EXPECT_EQ(report.head.hash, log_->head().hash);
  EXPECT_EQ(lastChecked, total);
  EXPECT_EQ(lastTotal, total);

  VerifyReport partial = verify(upTo(500));
  EXPECT_TRUE(partial.intact);
  EXPECT_EQ(partial.checked, 500u);
  EXPECT_EQ(partial.head.hash, hashAt(500));
}

TEST_F(CorruptionTest, FlippedEnvelopeByteIsFoundAtItsPosition) {
  damage([](RawDb& raw) {
    std::string value = raw.get(keys::kEvents, keys::position(42));
    value[value.size() - 9] ^= 0x01;
    raw.put(keys::kEvents, keys::position(42), value);
  });
  VerifyReport report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.firstBad, 42u);
  EXPECT_EQ(report.checked, 41u);
  EXPECT_EQ(report.head.position, 41u);
  EXPECT_NE(report.problem.find("position 42"), std::string::npos) << report.problem;
  std::cout << "flipped envelope byte: " << report.problem << "\n";
}

TEST_F(CorruptionTest, FlippedHashByteIsFoundAtItsPosition) {
  damage([](RawDb& raw) {
    std::string value = raw.get(keys::kEvents, keys::position(17));
    value[3] ^= 0x80;
    raw.put(keys::kEvents, keys::position(17), value);
  });
  VerifyReport report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.firstBad, 17u);
  EXPECT_NE(report.problem.find("stored hash"), std::string::npos) << report.problem;
}

TEST_F(CorruptionTest, RewrittenEventWithRecomputedHashBreaksTheNextLink) {
  const Digest original{20, hashAt(20)};
  damage([](RawDb& raw) {
    RecordedEvent event(20, raw.get(keys::kEvents, keys::position(20)));
    capnp::MallocMessageBuilder message;
    message.setRoot(event.envelope());
    message.getRoot<schema::EventEnvelope>().getPayload().initNote().setText("history, improved");
    kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
    std::string_view bytes(reinterpret_cast<const char*>(words.asBytes().begin()), words.asBytes().size());
    Hash prev{};
    std::copy(event.envelope().getPrevHash().begin(), event.envelope().getPrevHash().end(), prev.begin());
    const Hash hash = chainHash(prev, bytes);
    raw.put(keys::kEvents, keys::position(20),
            std::string(reinterpret_cast<const char*>(hash.data()), hash.size()) + std::string(bytes));
  });
  VerifyReport report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.firstBad, 21u);
  EXPECT_NE(report.problem.find("prevHash"), std::string::npos) << report.problem;

  VerifyReport againstDigest = verify(expecting(original));
  EXPECT_FALSE(againstDigest.intact);
  EXPECT_EQ(againstDigest.firstBad, 20u);
  EXPECT_NE(againstDigest.problem.find("digest mismatch"), std::string::npos) << againstDigest.problem;
}

TEST_F(CorruptionTest, UndecodableValueIsFoundAtItsPosition) {
  damage([](RawDb& raw) { raw.put(keys::kEvents, keys::position(60), std::string(32, '\0') + "garbage!"); });
  VerifyReport report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.firstBad, 60u);
  EXPECT_NE(report.problem.find("decode"), std::string::npos) << report.problem;
  auto read = log_->read(60);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, StoreErrc::corruption);
}

TEST_F(CorruptionTest, DeletedEventIsReportedMissing) {
  damage([](RawDb& raw) { raw.remove(keys::kEvents, keys::position(50)); });
  VerifyReport report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.firstBad, 50u);
  EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;
}

TEST_F(CorruptionTest, DeletedFirstEventIsReportedMissing) {
  damage([](RawDb& raw) { raw.remove(keys::kEvents, keys::position(1)); });
  VerifyReport report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.firstBad, 1u);
  EXPECT_EQ(report.checked, 0u);
}

TEST_F(CorruptionTest, SwappedEventsAreFound) {
  damage([](RawDb& raw) {
    std::string a = raw.get(keys::kEvents, keys::position(30));
    std::string b = raw.get(keys::kEvents, keys::position(31));
    raw.put(keys::kEvents, keys::position(30), b);
    raw.put(keys::kEvents, keys::position(31), a);
  });
  VerifyReport report = verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.firstBad, 30u);
  EXPECT_NE(report.problem.find("swapped"), std::string::npos) << report.problem;
}

TEST_F(CorruptionTest, TruncationIsCaughtAgainstADigest) {
  const Digest digest = log_->head();
  damage([](RawDb& raw) {
    for (uint64_t p = kEvents - 2; p <= kEvents; ++p) raw.remove(keys::kEvents, keys::position(p));
  });
  EXPECT_EQ(log_->head().position, kEvents - 3);

  VerifyReport alone = verify();
  EXPECT_TRUE(alone.intact) << "a clean cut leaves a valid chain; only a digest kept elsewhere shows it";

  VerifyReport report = verify(expecting(digest));
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.firstBad, kEvents - 2);
  EXPECT_EQ(report.head.position, kEvents - 3);
  EXPECT_NE(report.problem.find("truncated"), std::string::npos) << report.problem;
}

TEST_F(CorruptionTest, DigestMismatchIsReportedAtTheDigestPosition) {
  VerifyReport good = verify(expecting(Digest{50, hashAt(50)}));
  EXPECT_TRUE(good.intact) << good.problem;

  VerifyReport report = verify(expecting(Digest{50, hashAt(49)}));
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.firstBad, 50u);
  EXPECT_NE(report.problem.find("digest mismatch"), std::string::npos) << report.problem;
}

TEST_F(CorruptionTest, OpenRefusesAnUndecodableNewestEvent) {
  close();
  {
    RawDb raw(dir_.path());
    raw.put(keys::kEvents, keys::position(kEvents), std::string(40, 'x') + "!");
  }
  auto opened = EventLog::open(options());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreErrc::corruption);
  EXPECT_NE(opened.error().message.find(std::to_string(kEvents)), std::string::npos) << opened.error().message;
}

}  // namespace
}  // namespace qingling::store::testing
