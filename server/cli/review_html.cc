#include "server/cli/review_html.h"

#include <sstream>

#include "domain/projections/review_evidence.h"
#include "server/cli/cli_common.h"
#include "server/clock.h"

namespace qingling::cli {
namespace {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string instant(int64_t micros) { return micros == 0 ? "-" : server::formatInstant(micros); }

constexpr const char* kStyle =
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC',sans-serif;margin:2em;color:#111}"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:2px solid #333;margin-top:2em}"
    "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}"
    "th,td{border:1px solid #999;padding:3px 6px;font-size:.85em;vertical-align:top;text-align:left}"
    "th{background:#eee}.finding{page-break-inside:avoid;margin-bottom:1em}"
    ".kind{font-weight:bold}.digest{font-family:monospace;word-break:break-all;border:1px solid #333;padding:.5em}"
    "@media print{body{margin:0}}";

void writeFinding(std::ostringstream& out, schema::Finding::Reader f) {
  out << "<div class=\"finding\"><p><span class=\"kind\">" << escaped(findingName(f.getKind())) << "</span> · "
      << escaped(f.getSubject()) << " · " << escaped(f.getDescription()) << "<br>due " << instant(f.getDueAt())
      << " · at " << instant(f.getAt()) << " · late by "
      << domain::projections::spanText(f.getLateBySeconds() * 1'000'000)
      << (f.getCampaignId().size() > 0 ? " · campaign " + escaped(f.getCampaignId()) : std::string()) << "</p>\n"
      << "<table><tr><th>位置 position</th><th>recordedAt</th><th>occurredAt</th><th>actor</th><th>type</th>"
         "<th>hash</th></tr>\n";
  for (auto e : f.getEvidence()) {
    out << "<tr><td>" << e.getPosition() << "</td><td>" << instant(e.getRecordedAt()) << "</td><td>"
        << instant(e.getOccurredAt()) << "</td><td>" << escaped(e.getActor().getUser()) << " ("
        << escaped(e.getActor().getUnit()) << ", " << enumName(e.getActor().getRole()) << ")</td><td>"
        << escaped(e.getType()) << "</td><td>" << hex(e.getHash()).substr(0, 16) << "…</td></tr>\n";
  }
  out << "</table></div>\n";
}

}  // namespace

std::string findingName(schema::FindingKind kind) {
  using K = schema::FindingKind;
  switch (kind) {
    case K::LATE_ACKNOWLEDGEMENT:
      return "逾期签收 late acknowledgement";
    case K::LATE_COMPLETION:
      return "逾期办结 late completion";
    case K::OVERDUE_DISPATCH:
      return "逾期未办结 overdue dispatch";
    case K::ESCALATION_IGNORED:
      return "督办未响应 escalation ignored";
    case K::HAZARD_OVERDUE:
      return "隐患逾期未整改 hazard overdue";
    case K::VERIFICATION_FAILED:
      return "复查未通过 verification failed";
    case K::HAZARD_REOPENED:
      return "隐患反弹 hazard reopened";
    case K::BACKDATED:
      return "补录倒签 back-dated record";
    case K::MISSED_HAZARD:
      return "应发现未发现 missed hazard";
  }
  return enumName(kind);
}

std::string reviewHtml(schema::AccountabilityReview::Reader review, const std::string& digest) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>追责问责审查 "
      << escaped(review.getScope()) << "</title><style>" << kStyle << "</style></head><body>\n"
      << "<h1>追责问责审查报告 Accountability review</h1>\n<p>范围 scope: " << escaped(review.getScope())
      << " · 截至 as of " << instant(review.getAsOf()) << " · 补录阈值 back-dating threshold "
      << review.getBackdatedThreshold() / 1'000'000 << " s · " << review.getFindings().size() << " findings</p>\n";
  std::string group;
  for (auto f : review.getFindings()) {
    std::string g = std::string(f.getResponsibleUnit().cStr()) + "\n" + f.getCoveringLeader().cStr();
    if (g != group) {
      group = g;
      out << "<h2>责任单位 " << escaped(f.getResponsibleUnit()) << " · 包联领导 "
          << (f.getCoveringLeader().size() > 0 ? escaped(f.getCoveringLeader()) : std::string("-")) << "</h2>\n";
    }
    writeFinding(out, f);
  }
  out << "<h2>日志摘要 Log digest</h2>\n<p class=\"digest\">" << escaped(digest)
      << "</p>\n<p>Verify later: <code>qingling verify --digest " << escaped(digest) << "</code></p>\n</body></html>\n";
  return out.str();
}

}  // namespace qingling::cli
