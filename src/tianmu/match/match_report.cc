#include "tianmu/match/match_report.h"

#include <cstdio>
#include <sstream>

#include "tianmu/core/xml_escape.h"

namespace tianmu::match {
namespace {

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;"
    "margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:0.2em 0.5em;text-align:left}"
    ".pass{background:#e3f6e3}.fail{background:#fbe0e0}.nc{background:#f3f3f3;color:#666}"
    ".fit{font-weight:bold;color:#176317}.nofit{color:#9b1c1c}small{color:#666}";

std::string Number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", x);
  return text;
}

std::string Link(const std::filesystem::path& target, const std::filesystem::path& page_dir,
                 const std::string& text) {
  if (target.empty()) return XmlEscape(text);
  // Relative when the page and the file share a top-level directory (they can move together),
  // else absolute: "../../work/..." from /tmp is no more portable than the path itself.
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(target, ec);
  const std::filesystem::path page = std::filesystem::absolute(page_dir, ec);
  const auto top = [](const std::filesystem::path& p) {
    auto it = p.begin();
    return it != p.end() && ++it != p.end() ? *it : std::filesystem::path();
  };
  std::filesystem::path href = absolute;
  if (!top(absolute).empty() && top(absolute) == top(page)) {
    href = std::filesystem::relative(absolute, page, ec);
    if (ec || href.empty()) href = absolute;
  }
  return "<a href=\"" + XmlEscape(href.generic_string()) + "\">" + XmlEscape(text) + "</a>";
}

std::string Cell(const RequirementMatch& m) {
  const char* css = m.status == MatchStatus::kPass   ? "pass"
                    : m.status == MatchStatus::kFail ? "fail"
                                                     : "nc";
  std::string text = MatchStatusName(m.status);
  if (m.margin) text += " " + std::string(*m.margin >= 0 ? "+" : "") + Number(*m.margin);
  std::string title = m.figure.origin;
  if (m.figure.value) title += "; figure " + Number(*m.figure.value);
  if (m.figure.ci_low && m.figure.ci_high) {
    title += " [" + Number(*m.figure.ci_low) + ", " + Number(*m.figure.ci_high) + "]";
  }
  if (!m.compared_as.empty()) title += "; compared: " + m.compared_as;
  if (!m.reason.empty()) title += "; " + m.reason;
  return std::string("<td class=\"") + css + "\" title=\"" + XmlEscape(title) + "\">" +
         XmlEscape(text) + "<br><small>" +
         XmlEscape(m.figure.value ? Number(*m.figure.value) + " " + m.unit : m.figure.reason) +
         "</small></td>";
}

void DemandSection(const DemandMatch& match, const std::filesystem::path& page_dir,
                   std::ostringstream& h) {
  const DemandSpec& d = match.demand;
  h << "<h2 id=\"" << XmlEscape(d.name) << "\">" << XmlEscape(d.title_en) << " / "
    << XmlEscape(d.title_zh) << " <small>(" << XmlEscape(d.category) << ")</small></h2>\n<p>"
    << "Demand: " << Link(d.file, page_dir, d.file.string());
  if (!d.scenario.empty()) h << "; scenario <code>" << XmlEscape(d.scenario) << "</code>";
  h << "</p>\n<table><tr><th>rank</th><th>variant</th><th>fit</th><th>score</th>"
       "<th>failing musts</th><th>certification run</th></tr>\n";
  for (const ProfileMatch& p : match.ranking) {
    std::string failing;
    for (const std::string& f : p.failing_musts) failing += (failing.empty() ? "" : ", ") + f;
    h << "<tr><td>" << p.rank << "</td><td>" << XmlEscape(p.profile.variant) << "</td><td class=\""
      << (p.fit ? "fit\">fit" : "nofit\">not a fit") << "</td><td>" << Number(p.score)
      << "</td><td>" << XmlEscape(failing) << "</td><td>"
      << Link(p.profile.report_file, page_dir, "report.html") << " · "
      << Link(p.profile.file, page_dir, "profile.json") << " <small>"
      << XmlEscape(p.profile.suite + " suite, seed " + std::to_string(p.profile.seed) + ", " +
                   p.profile.software_version)
      << "</small></td></tr>\n";
  }
  h << "</table>\n<table><tr><th>requirement</th><th>bound</th><th>source</th>";
  for (const ProfileMatch& p : match.ranking)
    h << "<th>" << XmlEscape(p.profile.variant) << "</th>";
  h << "</tr>\n";
  for (std::size_t i = 0; i < d.requirements.size(); ++i) {
    const capability::Requirement& r = d.requirements[i];
    const std::string unit = match.ranking.empty() ? "" : match.ranking[0].requirements[i].unit;
    h << "<tr><td><code>" << XmlEscape(r.key) << "</code>"
      << (r.must ? "" : " <small>(nice to have)</small>") << "</td><td>"
      << (r.at_most ? "&le; " : "&ge; ") << Number(r.value) << " " << XmlEscape(unit)
      << "</td><td><small>" << XmlEscape(r.source) << "</small></td>";
    for (const ProfileMatch& p : match.ranking) h << Cell(p.requirements[i]);
    h << "</tr>\n";
  }
  h << "</table>\n";
}

}  // namespace

std::string MatchReportHtml(const std::vector<DemandMatch>& matches,
                            const std::filesystem::path& page_dir) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tianmu "
       "supply-demand match</title><style>"
    << kStyle << "</style></head><body>\n<h1>Supply–demand match</h1>\n"
    << "<p>Each requirement is judged on the certified figure's 95 % interval bound on the "
       "unfavourable side (the figure itself where the run gives no interval). A robot that fails "
       "a must, or has no certified figure for it, is never a fit. Cells give the status and "
       "margin (figure minus a min, max minus figure) in the requirement's unit; hover for the "
       "interval and origin.</p>\n<table><tr><th>demand</th><th>fits</th><th>best</th></tr>\n";
  for (const DemandMatch& m : matches) {
    int fits = 0;
    for (const ProfileMatch& p : m.ranking) fits += p.fit ? 1 : 0;
    h << "<tr><td><a href=\"#" << XmlEscape(m.demand.name) << "\">" << XmlEscape(m.demand.name)
      << "</a></td><td>" << fits << " of " << m.ranking.size() << "</td><td>"
      << (fits > 0 ? XmlEscape(m.ranking.front().profile.variant) : std::string("none"))
      << "</td></tr>\n";
  }
  h << "</table>\n";
  for (const DemandMatch& m : matches) DemandSection(m, page_dir, h);
  h << "</body></html>\n";
  return h.str();
}

}  // namespace tianmu::match
