// Tamper evidence against a digest kept outside the system (issue 5): each kind of tampering an intruder with
// RocksDB access could do on a closed store — flip a byte of one event, delete an event, swap two events' stored
// values, cut the tail — is caught by verify() with the digest taken before, naming the first position that
// differs. Table-driven, so a new kind of tampering is one more row.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "store/key_format.h"
#include "tests/store/test_events.h"

namespace qingling::store::testing {
namespace {

constexpr uint64_t kEvents = 60;

struct Tampering {
  const char* name;
  std::function<void(RawDb&)> edit;
  uint64_t firstBad;    // the position verify must name
  const char* wording;  // a word the problem must contain, so the operator knows what happened
};

void PrintTo(const Tampering& tampering, std::ostream* out) { *out << tampering.name; }

void swapValues(RawDb& raw, uint64_t a, uint64_t b) {
  std::string first = raw.get(keys::kEvents, keys::position(a));
  std::string second = raw.get(keys::kEvents, keys::position(b));
  raw.put(keys::kEvents, keys::position(a), second);
  raw.put(keys::kEvents, keys::position(b), first);
}

const Tampering kTamperings[] = {
    {"flipByte",
     [](RawDb& raw) {
       std::string value = raw.get(keys::kEvents, keys::position(23));
       value[value.size() / 2] ^= 0x20;
       raw.put(keys::kEvents, keys::position(23), value);
     },
     23, "position 23"},
    {"deleteEvent", [](RawDb& raw) { raw.remove(keys::kEvents, keys::position(37)); }, 37, "missing"},
    {"reorderTwo", [](RawDb& raw) { swapValues(raw, 12, 13); }, 12, "swapped"},
    {"truncateTail",
     [](RawDb& raw) {
       for (uint64_t p = kEvents - 4; p <= kEvents; ++p) raw.remove(keys::kEvents, keys::position(p));
     },
     kEvents - 4, "truncated"},
};

class TamperDigestTest : public LogTest, public ::testing::WithParamInterface<Tampering> {};

TEST_P(TamperDigestTest, VerifyWithTheDigestNamesTheFirstPositionThatDiffers) {
  for (uint64_t i = 0; i < kEvents / 5; ++i) {
    ASSERT_TRUE(log_->append(noteAppend("s-" + std::to_string(i % 4), ExpectedVersion::anyVersion(), 5, "",
                                        {"unit-" + std::to_string(i % 3)}))
                    .ok());
  }
  const Digest digest = log_->head();
  ASSERT_EQ(digest.position, kEvents);
  auto before = log_->verify(expecting(digest));
  ASSERT_TRUE(before.ok() && before->intact) << "the untouched log must verify against its own digest";

  close();
  {
    RawDb raw(dir_.path());
    GetParam().edit(raw);
  }
  reopen();

  auto report = log_->verify(expecting(digest));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_FALSE(report->intact) << GetParam().name << " went unnoticed";
  EXPECT_EQ(report->firstBad, GetParam().firstBad) << report->problem;
  EXPECT_NE(report->problem.find(GetParam().wording), std::string::npos) << report->problem;
  EXPECT_NE(report->problem.find("position " + std::to_string(GetParam().firstBad)), std::string::npos)
      << report->problem;
}

INSTANTIATE_TEST_SUITE_P(EachKind, TamperDigestTest, ::testing::ValuesIn(kTamperings),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace qingling::store::testing
