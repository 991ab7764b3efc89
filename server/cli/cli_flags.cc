#include "server/cli/cli_flags.h"

#include <charconv>

#include "domain/local_date.h"
#include "server/cli/cli_common.h"
#include "server/clock.h"

namespace qingling::cli {

std::string positional(const Args& args, size_t i, const std::string& usage) {
  std::string value = args.word(i);
  if (value.empty()) throw UsageError(usage);
  return value;
}

int64_t instantFlag(const Args& args, const std::string& name) {
  auto text = args.option(name);
  if (!text) return 0;
  int64_t t = 0;
  if (!server::parseInstant(*text, t)) {
    throw UsageError("--" + name + " takes an instant such as 2023-08-31T18:00+08:00, not '" + *text + "'");
  }
  return t;
}

std::string dateFlag(const Args& args, const std::string& name, bool required) {
  std::string text = required ? args.required(name) : args.option(name).value_or("");
  if (!text.empty() && !domain::LocalDate::parse(text)) {
    throw UsageError("--" + name + " takes a local date YYYY-MM-DD, not '" + text + "'");
  }
  return text;
}

int64_t yuanFlag(const Args& args, const std::string& name) {
  auto text = args.option(name);
  if (!text) return 0;
  auto bad = [&] {
    return UsageError("--" + name + " takes an amount in yuan such as 3000 or 1234.50, not '" + *text + "'");
  };
  size_t dot = text->find('.');
  std::string whole = text->substr(0, dot);
  std::string cents = dot == std::string::npos ? "" : text->substr(dot + 1);
  if (whole.empty() || cents.size() > 2) throw bad();
  cents.resize(2, '0');
  int64_t yuan = 0, fen = 0;
  for (auto [part, value] : {std::pair{&whole, &yuan}, std::pair{&cents, &fen}}) {
    auto [ptr, ec] = std::from_chars(part->data(), part->data() + part->size(), *value);
    if (ec != std::errc() || ptr != part->data() + part->size() || *value < 0) throw bad();
  }
  return yuan * 100 + fen;
}

bool eitherFlag(const Args& args, const std::string& yes, const std::string& no) {
  if (args.flag(yes) == args.flag(no)) throw UsageError("say either --" + yes + " or --" + no);
  return args.flag(yes);
}

void setCriterion(schema::MajorCriterion::Builder out, const Args& args) {
  auto standard = args.option("criterion-standard"), item = args.option("criterion-item");
  if (args.flag("other-regime")) {
    if (standard || item) throw UsageError("--other-regime names no --criterion-standard or --criterion-item");
    out.setOtherRegime(true);
    return;
  }
  if (standard.has_value() != item.has_value()) {
    throw UsageError("a 判定标准 criterion needs both --criterion-standard and --criterion-item");
  }
  if (standard) {
    out.setStandard(*standard);
    out.setItem(*item);
  }
}

void setSubject(schema::SubjectRef::Builder out, const Args& args) {
  int given = 0;
  for (const char* kind : {"hazard", "dispatch", "tip", "report"}) given += args.option(kind) ? 1 : 0;
  if (given != 1)
    throw UsageError("name what the deadline is about: exactly one of --hazard, --dispatch, --tip, --report");
  if (auto v = args.option("hazard")) out.setHazard(*v);
  if (auto v = args.option("dispatch")) out.setDispatch(*v);
  if (auto v = args.option("tip")) out.setTip(*v);
  if (auto v = args.option("report")) out.setReport(*v);
}

const std::set<std::string>& hazardRecordFlags() {
  static const std::set<std::string> flags = {
      "enterprise",         "campaign",       "inspection",   "source",   "grade",    "grade-name",  "nature",
      "criterion-standard", "criterion-item", "other-regime", "category", "location", "description", "deadline"};
  return flags;
}

void setHazardRecord(schema::RecordHazard::Builder out, const Args& args, const std::string& idFlag) {
  out.setHazardId(args.required(idFlag));
  out.setEnterprise(args.required("enterprise"));
  out.setCampaignId(args.option("campaign").value_or(""));
  out.setInspectionId(args.option("inspection").value_or(""));
  out.setGrade(enumByName<schema::HazardGrade>(args.required("grade"), "grade"));
  out.setGradeName(args.option("grade-name").value_or(""));
  setCriterion(out.initCriterion(), args);
  if (auto nature = args.option("nature")) out.setNature(enumByName<schema::HazardNature>(*nature, "nature"));
  out.setCategory(args.required("category"));
  out.setLocation(args.option("location").value_or(""));
  out.setDescription(args.required("description"));
  out.setDeadline(dateFlag(args, "deadline", true));
}

}  // namespace qingling::cli
