// results.json, report.html, profile.json and compare (see report.h).
#include "tianmu/certify/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>

#include "tianmu/certify/statistics.h"
#include "tianmu/certify/thresholds.h"
#include "tianmu/core/error.h"
#include "tianmu/core/xml_escape.h"
#include "tianmu/report/svg_plot.h"

#ifndef TIANMU_VERSION
#define TIANMU_VERSION "unknown"
#endif

namespace tianmu::certify {
namespace {

const char* const kDomains[] = {"performance", "safety", "reliability"};

std::string Number(const nlohmann::json& v, int precision = 3) {
  if (!v.is_number()) return "–";
  char text[64];
  std::snprintf(text, sizeof(text), "%.*g", precision, v.get<double>());
  return text;
}

// Inconclusive items count as not passed: the grade is the share of graded items that passed.
std::string Grade(int pass, int fail, int inconclusive) {
  const int graded = pass + fail + inconclusive;
  if (graded == 0) return "n/a";
  const double share = static_cast<double>(pass) / graded;
  if (share >= 1) return "A";
  if (share >= 0.8) return "B";
  if (share >= 0.6) return "C";
  return "D";
}

nlohmann::json DomainSummary(const nlohmann::json& items) {
  nlohmann::json out = nlohmann::json::object();
  for (const char* domain : kDomains) {
    std::map<std::string, int> counts = {
        {"pass", 0}, {"fail", 0}, {"inconclusive", 0}, {"not_available", 0}, {"error", 0}};
    int provisional = 0;
    for (const auto& item : items) {
      if (item["domain"] != domain) continue;
      ++counts[item["verdict"].get<std::string>()];
      provisional += item.value("provisional", false) ? 1 : 0;
    }
    out[domain] = {{"pass", counts["pass"]},
                   {"fail", counts["fail"]},
                   {"inconclusive", counts["inconclusive"]},
                   {"not_available", counts["not_available"]},
                   {"error", counts["error"]},
                   {"provisional", provisional},
                   {"grade", Grade(counts["pass"], counts["fail"], counts["inconclusive"])}};
  }
  return out;
}

// An SVG document made fit for inline use in HTML: no XML declaration, no namespace URL (HTML5
// puts <svg> in the SVG namespace by itself, and the page then names no URL at all).
std::string InlineSvg(std::string svg) {
  if (svg.rfind("<?xml", 0) == 0) svg.erase(0, svg.find("?>") + 2);
  for (const char* ns :
       {" xmlns='http://www.w3.org/2000/svg'", " xmlns=\"http://www.w3.org/2000/svg\""}) {
    for (auto at = svg.find(ns); at != std::string::npos; at = svg.find(ns)) {
      svg.erase(at, std::string(ns).size());
    }
  }
  return svg;
}

// A polar plot of a figure per direction (degrees, 0 = +x forward, counter-clockwise).
std::string PolarSvg(const std::vector<std::pair<double, double>>& points, double threshold,
                     const std::string& unit) {
  const int size = 360;
  const double cx = size / 2.0, cy = size / 2.0, radius = size / 2.0 - 40;
  double top = threshold;
  for (const auto& p : points) top = std::max(top, p.second);
  top = top > 0 ? top * 1.1 : 1;
  std::ostringstream s;
  s << "<svg width=\"" << size << "\" height=\"" << size << "\" viewBox=\"0 0 " << size << " "
    << size << "\" font-family=\"sans-serif\" "
    << "font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  for (int ring = 1; ring <= 4; ++ring) {
    const double r = radius * ring / 4;
    s << "<circle cx=\"" << cx << "\" cy=\"" << cy << "\" r=\"" << r
      << "\" fill=\"none\" stroke=\"#ddd\"/>\n<text x=\"" << cx + 3 << "\" y=\"" << cy - r - 2
      << "\" fill=\"#888\">" << Number(top * ring / 4) << "</text>\n";
  }
  const char* labels[] = {"front", "left", "back", "right"};
  for (int k = 0; k < 4; ++k) {
    const double a = k * std::numbers::pi / 2;
    s << "<text x=\"" << cx + (radius + 18) * std::cos(a) - 14 << "\" y=\""
      << cy - (radius + 18) * std::sin(a) + 4 << "\">" << labels[k] << "</text>\n";
  }
  const double rt = radius * threshold / top;
  s << "<circle cx=\"" << cx << "\" cy=\"" << cy << "\" r=\"" << rt
    << "\" fill=\"none\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>\n";
  std::vector<std::pair<double, double>> sorted = points;
  std::sort(sorted.begin(), sorted.end());
  if (!sorted.empty()) {
    s << "<polygon fill=\"#1f77b433\" stroke=\"#1f77b4\" points=\"";
    for (const auto& [deg, v] : sorted) {
      const double a = deg * std::numbers::pi / 180, r = radius * v / top;
      s << cx + r * std::cos(a) << "," << cy - r * std::sin(a) << " ";
    }
    s << "\"/>\n";
    for (const auto& [deg, v] : sorted) {
      const double a = deg * std::numbers::pi / 180, r = radius * v / top;
      s << "<circle cx=\"" << cx + r * std::cos(a) << "\" cy=\"" << cy - r * std::sin(a)
        << "\" r=\"3\" fill=\"#1f77b4\"/>\n";
    }
  }
  s << "<text x=\"6\" y=\"" << size - 8 << "\" fill=\"#555\">largest survivable impulse ("
    << XmlEscape(unit) << "); dashed: threshold</text>\n</svg>\n";
  return s.str();
}

// The plots of one item (empty when there is nothing to plot).
std::string ItemPlots(const nlohmann::json& item) {
  const std::string id = item["id"];
  const nlohmann::json& trials = item["trial_results"];
  const double threshold = item["threshold"].get<double>();
  if (id == "perf.standing_push") {
    std::vector<std::pair<double, double>> points;
    for (const auto& t : trials) {
      if (t["status"] == "ok" && t["value"].is_number()) {
        points.emplace_back(t["detail"].value("direction_deg", 0.0), t["value"].get<double>());
      }
    }
    if (!points.empty()) return PolarSvg(points, threshold, item["unit"]);
  }
  std::vector<report::LinePlot> panels;
  if (!trials.empty() && trials[0]["status"] == "ok" && trials[0]["detail"].contains("sweep")) {
    report::LinePlot plot;
    const nlohmann::json& sweep = trials[0]["detail"]["sweep"];
    report::Series series;
    if (id == "perf.max_walk_speed") {
      plot.title = "Speed sweep (trial 0): achieved vs commanded";
      plot.x_label = "commanded speed (m/s)";
      plot.y_label = "achieved mean speed (m/s)";
      series.label = "achieved";
      report::Series ideal{"commanded", "#999999", {}, {}};
      for (const auto& p : sweep) {
        series.x.push_back(p["commanded_mps"]);
        series.y.push_back(p["achieved_mps"]);
        ideal.x.push_back(p["commanded_mps"]);
        ideal.y.push_back(p["commanded_mps"]);
      }
      plot.series = {series, ideal};
    } else {
      plot.title = "Sweep (trial 0): 1 = passed, 0 = failed";
      plot.x_label = "size (" + item["unit"].get<std::string>() + ")";
      plot.y_label = "passed";
      series.label = "passed";
      for (const auto& p : sweep) {
        series.x.push_back(p["size"]);
        series.y.push_back(p["passed"].get<bool>() ? 1 : 0);
      }
      plot.series = {series};
    }
    panels.push_back(plot);
  }
  const nlohmann::json& values = item["trial_values"];
  if (values.size() >= 2) {
    report::LinePlot plot;
    plot.title = "Trial values and threshold";
    plot.x_label = "trial";
    plot.y_label = item["metric"].get<std::string>() + " (" + item["unit"].get<std::string>() + ")";
    report::Series series{"trial value", "#1f77b4", {}, {}};
    report::Series bar{"threshold", "#d62728", {}, {}};
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (!values[k].is_number()) continue;
      series.x.push_back(static_cast<double>(k));
      series.y.push_back(values[k]);
    }
    bar.x = {0, static_cast<double>(values.size() - 1)};
    bar.y = {threshold, threshold};
    plot.series = {series, bar};
    panels.push_back(plot);
  }
  if (panels.empty()) return "";
  return InlineSvg(report::RenderSvg(panels, 640, 220));
}

// The verdict counts per domain as stacked horizontal bars.
std::string SummarySvg(const nlohmann::json& summary) {
  const int width = 520, row = 30, left = 100, bar = 360;
  std::ostringstream s;
  s << "<svg width=\"" << width << "\" height=\"" << 3 * row + 30
    << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  const std::pair<const char*, const char*> kinds[] = {{"pass", "#2e7d32"},
                                                       {"fail", "#c62828"},
                                                       {"inconclusive", "#b08800"},
                                                       {"error", "#ef6c00"},
                                                       {"not_available", "#9e9e9e"}};
  int y = 5;
  for (const char* domain : kDomains) {
    const nlohmann::json& d = summary[domain];
    int total = 0;
    for (const auto& [kind, colour] : kinds) total += d[kind].get<int>();
    s << "<text x=\"0\" y=\"" << y + 17 << "\">" << domain << "</text>\n";
    double x = left;
    for (const auto& [kind, colour] : kinds) {
      const int n = d[kind].get<int>();
      if (n == 0 || total == 0) continue;
      const double w = bar * static_cast<double>(n) / total;
      s << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << w << "\" height=\"" << row - 8
        << "\" fill=\"" << colour << "\"><title>" << kind << ": " << n << "</title></rect>\n"
        << "<text x=\"" << x + 4 << "\" y=\"" << y + 16 << "\" fill=\"white\">" << n << "</text>\n";
      x += w;
    }
    y += row;
  }
  double x = left;
  for (const auto& [kind, colour] : kinds) {
    s << "<rect x=\"" << x << "\" y=\"" << y + 4 << "\" width=\"10\" height=\"10\" fill=\""
      << colour << "\"/><text x=\"" << x + 14 << "\" y=\"" << y + 13 << "\">" << kind
      << "</text>\n";
    x += 95;
  }
  s << "</svg>\n";
  return s.str();
}

const char* kStyle =
    "body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
    "text-align:left;vertical-align:top}th{background:#f3f3f3}.pass{color:#1a7f37;"
    "font-weight:bold}.fail{color:#c62828;font-weight:bold}.inconclusive{color:#8a6d00;"
    "font-weight:bold}.not_available{color:#777}"
    ".error{color:#b26a00;font-weight:bold}.grade{font-size:1.6em;font-weight:bold}"
    "section{border-top:1px solid #ddd;margin-top:1.5em}code{background:#f6f6f6}"
    ".small{font-size:0.9em;color:#555}";

std::string Cell(const std::string& text, const std::string& cls = "") {
  return "<td" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + ">" + text + "</td>";
}

}  // namespace

std::string SoftwareVersion() { return TIANMU_VERSION; }

nlohmann::json ResultsJson(const RunInfo& info, const std::vector<ItemResult>& items,
                           const nlohmann::json& timing) {
  nlohmann::json list = nlohmann::json::array();
  for (const ItemResult& item : items) list.push_back(item.ToJson());
  return {{"schema", "tianmu.certify.results/1"},
          {"robot", info.robot},
          {"robot_description", info.robot_description},
          {"robot_class", info.robot_class},
          {"suite", info.suite},
          {"seed", info.seed},
          {"software_version", SoftwareVersion()},
          {"thresholds_file", info.thresholds_file},
          {"components", info.components},
          {"component_swaps", info.component_swaps},
          {"trials_override", info.trials_override},
          {"summary", DomainSummary(list)},
          {"items", list},
          {"timing", timing}};
}

std::string ReportHtml(const nlohmann::json& r) {
  std::ostringstream h;
  const std::string robot = r.value("robot", "");
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tianmu "
       "certification: "
    << XmlEscape(robot) << "</title><style>" << kStyle << "</style></head><body>\n";
  h << "<h1>Certification report: " << XmlEscape(robot) << "</h1>\n<p>"
    << XmlEscape(r.value("robot_description", "")) << "</p>\n";
  h << "<table><tr><th>robot class</th><td>" << XmlEscape(r.value("robot_class", ""))
    << "</td></tr><tr><th>suite</th><td>" << XmlEscape(r.value("suite", ""))
    << "</td></tr><tr><th>seed</th><td>" << r.value("seed", 0ull)
    << "</td></tr><tr><th>software version</th><td>" << XmlEscape(r.value("software_version", ""))
    << "</td></tr><tr><th>thresholds</th><td>" << XmlEscape(r.value("thresholds_file", ""))
    << "</td></tr>";
  if (r.contains("timing") && r["timing"].contains("wall_s")) {
    h << "<tr><th>wall time</th><td>" << Number(r["timing"]["wall_s"], 4) << " s with "
      << r["timing"].value("jobs", 1) << " job(s)</td></tr>";
  }
  h << "</table>\n<h2>Summary</h2>\n<table><tr><th>domain</th><th>grade</th><th>pass</th>"
       "<th>fail</th><th>inconclusive</th><th>not available</th><th>error</th></tr>\n";
  for (const char* domain : kDomains) {
    const nlohmann::json& s = r["summary"][domain];
    h << "<tr><td>" << domain << "</td><td class=\"grade\">" << XmlEscape(s["grade"]) << "</td><td>"
      << s["pass"] << "</td><td>" << s["fail"] << "</td><td>" << s.value("inconclusive", 0)
      << "</td><td>" << s["not_available"] << "</td><td>" << s["error"] << "</td></tr>\n";
  }
  h << "</table>\n"
    << SummarySvg(r["summary"])
    << "<p class=\"small\">Verdicts come from the 95 % intervals: an item passes only when the "
       "interval's bound on the threshold's side meets it, fails when the opposite bound misses "
       "it, and is otherwise inconclusive (with the trials that would likely decide it). Grade: "
       "share of passing items among pass, fail and inconclusive: A all, B ≥ 80 %, C ≥ 60 %, D "
       "below; items not available or in error are not graded but listed.</p>\n";
  int provisional = 0;
  for (const auto& item : r["items"]) provisional += item.value("provisional", false) ? 1 : 0;
  h << "<p class=\"small\">† threshold of our own choice (no standard gives the number); "
       "each item's section names the source of its threshold.</p>\n";
  if (provisional > 0) {
    h << "<p class=\"inconclusive\">" << provisional
      << " verdict(s) are provisional: those items ran fewer trials than a pass needs at their "
         "threshold (marked *; the full suite runs enough).</p>\n";
  }
  int errors = 0;
  for (const auto& item : r["items"]) errors += item.value("trials_error", 0);
  if (errors > 0) {
    h << "<p class=\"error\">" << errors
      << " trial(s) ended in error (worker crash or exception, after one retry); the items "
         "concerned are marked error.</p>\n";
  }
  h << "<h2>Items</h2>\n<table><tr><th>id</th><th>title</th><th>figure</th><th>95 % "
       "interval</th><th>threshold</th><th>verdict</th><th>trials</th></tr>\n";
  for (const auto& item : r["items"]) {
    const std::string verdict = item["verdict"];
    const std::string unit = item["unit"];
    h << "<tr>"
      << Cell("<a href=\"#" + XmlEscape(item["id"]) + "\">" + XmlEscape(item["id"]) + "</a>")
      << Cell(XmlEscape(item["title"])) << Cell(Number(item["value"], 4) + " " + XmlEscape(unit))
      << Cell(item["ci_low"].is_number()
                  ? "[" + Number(item["ci_low"], 4) + ", " + Number(item["ci_high"], 4) + "]"
                  : "–")
      << Cell(XmlEscape(item["comparison"]) + " " + Number(item["threshold"], 4) + " " +
              XmlEscape(unit) + (IsOwnChoice(item.value("threshold_source", "")) ? " †" : ""))
      << Cell(XmlEscape(verdict) + (item.value("provisional", false) ? " *" : ""), verdict)
      << Cell(std::to_string(item["trials"].get<int>())) << "</tr>\n";
  }
  h << "</table>\n";
  for (const auto& item : r["items"]) {
    const std::string verdict = item["verdict"];
    h << "<section id=\"" << XmlEscape(item["id"]) << "\"><h3>" << XmlEscape(item["id"]) << ": "
      << XmlEscape(item["title"]) << " <span class=\"" << verdict << "\">" << verdict
      << "</span></h3>\n<p><b>Domain:</b> " << XmlEscape(item["domain"])
      << "<br><b>Standard / source:</b> " << XmlEscape(item["standard"]) << "<br><b>Protocol:</b> "
      << XmlEscape(item["protocol"]) << "<br><b>Metric:</b> " << XmlEscape(item["metric"]) << " ("
      << XmlEscape(item["unit"]) << "), pass when " << XmlEscape(item["comparison"]) << " "
      << Number(item["threshold"], 4) << "<br><b>Figure:</b> " << Number(item["value"], 4) << " "
      << XmlEscape(item["unit"]);
    if (item["ci_low"].is_number()) {
      h << ", 95 % interval [" << Number(item["ci_low"], 4) << ", " << Number(item["ci_high"], 4)
        << "] (" << XmlEscape(item["interval"]) << ")";
    }
    h << ", " << item["trials"] << " trial(s)";
    const std::string source = item.value("threshold_source", "");
    if (!source.empty()) {
      h << "<br><b>Threshold source:</b> " << XmlEscape(source)
        << (IsOwnChoice(source) ? " (our own choice, not a standard's number)" : "");
    }
    if (!item["reason"].get<std::string>().empty()) {
      h << "<br><b>Reason:</b> " << XmlEscape(item["reason"]);
    }
    h << "</p>\n";
    const std::string plots = ItemPlots(item);
    if (!plots.empty()) h << "<div>" << plots << "</div>\n";
    if (!item["trial_results"].empty()) {
      h << "<details><summary>trials</summary><table><tr><th>trial</th><th>seed</th>"
           "<th>status</th><th>value</th><th>detail</th></tr>";
      for (const auto& t : item["trial_results"]) {
        h << "<tr><td>" << t["trial"] << "</td><td>" << t["seed"] << "</td><td>"
          << XmlEscape(t["status"]) << "</td><td>" << Number(t["value"], 5) << "</td><td><code>"
          << XmlEscape(t["status"] == "ok" ? t["detail"].dump() : t["reason"].get<std::string>())
          << "</code></td></tr>";
      }
      h << "</table></details>\n";
    }
    h << "</section>\n";
  }
  h << "<h2>Robot components</h2>\n<table><tr><th>joint group</th><th>components</th></tr>\n";
  for (const auto& [group, ids] : r["components"].items()) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id.get<std::string>();
    h << "<tr><td>" << XmlEscape(group) << "</td><td>" << XmlEscape(list) << "</td></tr>\n";
  }
  h << "</table>\n";
  if (!r["component_swaps"].empty()) {
    h << "<p><b>Component-in-the-loop swaps:</b> <code>" << XmlEscape(r["component_swaps"].dump())
      << "</code></p>\n";
  }
  h << "<p class=\"small\">Generated by tianmu certify "
    << XmlEscape(r.value("software_version", ""))
    << ". Simulation figures (MuJoCo), not a substitute for a physical test.</p>\n</body></html>\n";
  return h.str();
}

nlohmann::json ProfileJson(const nlohmann::json& r) {
  nlohmann::json figures = nlohmann::json::object();
  const auto find = [&](const std::string& id) -> const nlohmann::json* {
    for (const auto& item : r["items"]) {
      if (item["id"] == id) return &item;
    }
    return nullptr;
  };
  for (const auto& item : r["items"]) {
    figures[item["id"].get<std::string>()] = {
        {"value", item["value"]},     {"unit", item["unit"]},       {"ci_low", item["ci_low"]},
        {"ci_high", item["ci_high"]}, {"verdict", item["verdict"]}, {"reason", item["reason"]}};
  }
  const auto value = [&](const std::string& id) -> nlohmann::json {
    const nlohmann::json* item = find(id);
    if (item == nullptr || (*item)["verdict"] == "not_available") return nullptr;
    return (*item)["value"];
  };
  nlohmann::json push_by_direction = nlohmann::json::object();
  if (const nlohmann::json* push = find("perf.standing_push")) {
    for (const auto& t : (*push)["trial_results"]) {
      if (t["status"] == "ok") {
        push_by_direction[Number(t["detail"].value("direction_deg", 0.0), 4)] = t["value"];
      }
    }
  }
  nlohmann::json stopping_distance = nullptr;
  if (const nlohmann::json* stop = find("safety.estop_stop_time")) {
    std::vector<double> d;
    for (const auto& t : (*stop)["trial_results"]) {
      if (t["status"] == "ok" && t["detail"].contains("stopping_distance_m") &&
          t["detail"]["stopping_distance_m"].is_number()) {
        d.push_back(t["detail"]["stopping_distance_m"]);
      }
    }
    if (!d.empty()) stopping_distance = Mean(d);
  }
  return {{"schema", "tianmu.certify.profile/1"},
          {"robot", r["robot"]},
          {"robot_class", r["robot_class"]},
          {"suite", r["suite"]},
          {"seed", r["seed"]},
          {"software_version", r["software_version"]},
          {"component_swaps", r["component_swaps"]},
          {"speeds",
           {{"max_walk_speed_mps", value("perf.max_walk_speed")},
            {"turn_rate_radps", value("perf.turn_rate")}}},
          {"terrain",
           {{"max_slope_deg", value("perf.max_slope")}, {"max_step_m", value("perf.max_step")}}},
          {"payload_kg", value("perf.payload")},
          {"push_tolerance",
           {{"standing_worst_Ns", value("perf.standing_push")},
            {"standing_by_direction_deg_Ns", push_by_direction},
            {"walking_lateral_Ns", value("perf.walking_lateral_push")}}},
          {"energy",
           {{"cost_of_transport", value("perf.cost_of_transport")},
            {"endurance_min", value("perf.endurance")}}},
          {"navigation", {{"walk_to_target_error_m", value("perf.walk_to_target")}}},
          {"safety",
           {{"estop_stop_time_s", value("safety.estop_stop_time")},
            {"estop_stopping_distance_m", stopping_distance},
            {"contact_force_pct_of_limit", value("safety.contact_force")},
            {"contact_pressure_pct_of_limit", value("safety.contact_pressure")},
            {"fall_detection_latency_s", value("safety.fall_detection_latency")},
            {"fall_peak_head_g", value("safety.fall_head_acceleration")},
            {"watchdog_reaction_s", value("safety.watchdog")}}},
          {"reliability",
           {{"falls_per_hour", value("rel.long_run")},
            {"final_pose_spread_m", value("rel.repeatability")}}},
          {"figures", figures}};
}

nlohmann::json LoadResults(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / "results.json";
  std::ifstream in(file);
  if (!in) throw InputError(file.string(), 0, "", "no results.json (expected a certify --out DIR)");
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    for (const char* key : {"robot", "suite", "seed", "items"}) {
      if (!j.contains(key)) throw InputError(file.string(), 0, key, "missing field");
    }
    return j;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file.string(), 0, "", std::string("malformed JSON: ") + e.what());
  }
}

nlohmann::json Compare(const nlohmann::json& a, const nlohmann::json& b) {
  nlohmann::json rows = nlohmann::json::array();
  std::vector<std::string> ids;
  for (const auto* side : {&a, &b}) {
    for (const auto& item : (*side)["items"]) {
      const std::string id = item["id"];
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  const auto find = [](const nlohmann::json& r, const std::string& id) -> const nlohmann::json* {
    for (const auto& item : r["items"]) {
      if (item["id"] == id) return &item;
    }
    return nullptr;
  };
  const auto numbers = [](const nlohmann::json& list) {
    std::vector<double> out;
    for (const auto& v : list) {
      if (v.is_number()) out.push_back(v);
    }
    return out;
  };
  for (const std::string& id : ids) {
    const nlohmann::json* ia = find(a, id);
    const nlohmann::json* ib = find(b, id);
    nlohmann::json row = {{"id", id}};
    const nlohmann::json* any = ia ? ia : ib;
    row["title"] = (*any)["title"];
    row["unit"] = (*any)["unit"];
    row["value_a"] = ia ? (*ia)["value"] : nullptr;
    row["value_b"] = ib ? (*ib)["value"] : nullptr;
    row["verdict_a"] = ia ? (*ia)["verdict"] : "missing";
    row["verdict_b"] = ib ? (*ib)["verdict"] : "missing";
    row["difference"] = nullptr;
    row["p_value"] = nullptr;
    row["test"] = "none";
    row["significant"] = false;
    if (ia && ib && (*ia)["value"].is_number() && (*ib)["value"].is_number()) {
      row["difference"] = (*ib)["value"].get<double>() - (*ia)["value"].get<double>();
      double p = NAN;
      if ((*ia)["aggregation"] == "wilson") {
        int sa = 0, sb = 0;
        for (const auto& s : (*ia)["trial_success"]) sa += s.get<bool>() ? 1 : 0;
        for (const auto& s : (*ib)["trial_success"]) sb += s.get<bool>() ? 1 : 0;
        p = FisherExactPValue(sa, static_cast<int>((*ia)["trial_success"].size()), sb,
                              static_cast<int>((*ib)["trial_success"].size()));
        row["test"] = "Fisher exact (pass counts)";
      } else {
        const std::vector<double> va = numbers((*ia)["trial_values"]);
        const std::vector<double> vb = numbers((*ib)["trial_values"]);
        if (va.size() >= 2 && vb.size() >= 2) {
          p = WelchTTestPValue(va, vb);
          row["test"] = "Welch t (trial values)";
        } else {
          row["test"] = "too few trials for a test (need 2 per side)";
        }
      }
      if (std::isfinite(p)) {
        row["p_value"] = p;
        row["significant"] = p < 0.05;
      }
    }
    rows.push_back(row);
  }
  return {{"a",
           {{"robot", a["robot"]},
            {"suite", a["suite"]},
            {"seed", a["seed"]},
            {"component_swaps", a.value("component_swaps", nlohmann::json::array())}}},
          {"b",
           {{"robot", b["robot"]},
            {"suite", b["suite"]},
            {"seed", b["seed"]},
            {"component_swaps", b.value("component_swaps", nlohmann::json::array())}}},
          {"significance_level", 0.05},
          {"items", rows}};
}

std::string CompareText(const nlohmann::json& c) {
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof(line), "%-30s %12s %12s %12s %-6s %9s  %s\n", "item", "A", "B",
                "B - A", "unit", "p", "verdicts A -> B");
  out << line;
  for (const auto& row : c["items"]) {
    std::snprintf(line, sizeof(line), "%-30s %12s %12s %12s %-6s %9s%s %s -> %s\n",
                  row["id"].get<std::string>().c_str(), Number(row["value_a"], 4).c_str(),
                  Number(row["value_b"], 4).c_str(), Number(row["difference"], 3).c_str(),
                  row["unit"].get<std::string>().c_str(), Number(row["p_value"], 2).c_str(),
                  row["significant"].get<bool>() ? "*" : " ",
                  row["verdict_a"].get<std::string>().c_str(),
                  row["verdict_b"].get<std::string>().c_str());
    out << line;
  }
  out << "* significant at the 5 % level (Welch t-test on trial values; Fisher's exact test on "
         "pass counts)\n";
  return out.str();
}

std::string CompareHtml(const nlohmann::json& c) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tianmu "
       "certification comparison</title><style>"
    << kStyle << "</style></head><body>\n<h1>Certification comparison</h1>\n<p>A: "
    << XmlEscape(c["a"].dump()) << "<br>B: " << XmlEscape(c["b"].dump()) << "</p>\n"
    << "<table><tr><th>item</th><th>A</th><th>B</th><th>B − A</th><th>unit</th><th>p</th>"
       "<th>test</th><th>verdict A</th><th>verdict B</th></tr>\n";
  for (const auto& row : c["items"]) {
    const bool significant = row["significant"].get<bool>();
    h << "<tr>" << Cell(XmlEscape(row["id"])) << Cell(Number(row["value_a"], 4))
      << Cell(Number(row["value_b"], 4))
      << Cell(Number(row["difference"], 3) + (significant ? " *" : ""), significant ? "fail" : "")
      << Cell(XmlEscape(row["unit"])) << Cell(Number(row["p_value"], 2))
      << Cell(XmlEscape(row["test"]))
      << Cell(XmlEscape(row["verdict_a"]), row["verdict_a"].get<std::string>())
      << Cell(XmlEscape(row["verdict_b"]), row["verdict_b"].get<std::string>()) << "</tr>\n";
  }
  h << "</table><p class=\"small\">* significant at the 5 % level.</p></body></html>\n";
  return h.str();
}

}  // namespace tianmu::certify
