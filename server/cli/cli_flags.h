// Flag → field helpers shared by the `qingling` command verbs: each reads one kind of value from the arguments,
// checks it the way the server would only where a local check gives a clearer usage error (dates, instants,
// money, either-or flags), and throws UsageError naming the flag otherwise. Absent optional flags leave the
// field at its capnp default.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "schemas/commands.capnp.h"
#include "server/cli/cli_args.h"

namespace qingling::cli {

// The positional word `i`, or UsageError(`usage`) when it is missing.
std::string positional(const Args& args, size_t i, const std::string& usage);

// An instant such as 2023-08-31T18:00+08:00; 0 when the flag is absent.
int64_t instantFlag(const Args& args, const std::string& name);
// --as-of for projections: 0 = now.
inline int64_t asOf(const Args& args) { return instantFlag(args, "as-of"); }
// A local date YYYY-MM-DD; empty when absent and not required.
std::string dateFlag(const Args& args, const std::string& name, bool required);
// Money given in yuan (up to two decimals: 3000, 1234.5) as fen; 0 when absent.
int64_t yuanFlag(const Args& args, const std::string& name);
// Exactly one of --yes / --no (e.g. --pass / --fail): true for yes.
bool eitherFlag(const Args& args, const std::string& yes, const std::string& no);

// Copies `values` into a text list made by `init(n)`.
template <class Init>
void setTexts(Init init, const std::vector<std::string>& values) {
  auto list = init(static_cast<unsigned>(values.size()));
  for (unsigned i = 0; i < values.size(); ++i) list.set(i, values[i]);
}

// --evidence URI[#SHA256] (repeatable): a pointer to evidence kept outside the log, with its digest when the URI
// ends in '#' and 64 hex digits.
template <class Init>
void setEvidence(Init init, const Args& args) {
  auto refs = args.values("evidence");
  auto list = init(static_cast<unsigned>(refs.size()));
  for (unsigned i = 0; i < refs.size(); ++i) {
    const std::string& ref = refs[i];
    size_t hash = ref.rfind('#');
    bool digest = hash != std::string::npos && ref.size() - hash - 1 == 64 &&
                  ref.find_first_not_of("0123456789abcdefABCDEF", hash + 1) == std::string::npos;
    list[i].setUri(digest ? ref.substr(0, hash) : ref);
    if (digest) list[i].setSha256(ref.substr(hash + 1));
  }
}

// --criterion-standard S --criterion-item I, or --other-regime: the 判定标准 item a major hazard matches.
void setCriterion(schema::MajorCriterion::Builder out, const Args& args);
// Exactly one of --hazard H, --dispatch D, --tip T, --report R: what a deadline is about.
void setSubject(schema::SubjectRef::Builder out, const Args& args);
// The fields of a hazard record (hazard record, tip verify --substantiated) but its source, which the caller sets;
// the id comes from `idFlag`.
void setHazardRecord(schema::RecordHazard::Builder out, const Args& args, const std::string& idFlag);
// The flags setHazardRecord reads, besides the id flag.
const std::set<std::string>& hazardRecordFlags();

}  // namespace qingling::cli
