// tianmu match: rank certified robot profiles (profile.json from `tianmu certify`) against demand
// specs (assets/demands/*.yaml or a scenario's `requires:`): margin on every requirement, the
// failing ones named, the run each figure comes from; text, JSON or an HTML report.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"
#include "tianmu/match/demand_match.h"
#include "tianmu/match/match_json.h"
#include "tianmu/match/match_report.h"

namespace tianmu::cli {
namespace {

namespace fs = std::filesystem;

std::string Short(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}

// One table cell: "ok +0.12", "FAIL -0.05", "N/C" (not certified), lower case for nice-to-haves;
// "~" marks a figure compared without an interval.
std::string CellText(const match::RequirementMatch& m) {
  std::string text = m.status == match::MatchStatus::kPass ? "ok"
                     : m.status == match::MatchStatus::kFail
                         ? (m.requirement.must ? "FAIL" : "fail")
                         : (m.requirement.must ? "N/C" : "n/c");
  if (m.status != match::MatchStatus::kNotCertified && m.margin) {
    text += std::string(" ") + (*m.margin >= 0 ? "+" : "") + Short(*m.margin);
  }
  if (m.without_interval) text += "~";
  return text;
}

void PrintText(const match::DemandMatch& m) {
  const match::DemandSpec& d = m.demand;
  int fits = 0;
  for (const match::ProfileMatch& p : m.ranking) fits += p.fit ? 1 : 0;
  std::printf("%s (%s / %s, %s): %d of %zu fit  [%s]\n", d.name.c_str(), d.title_en.c_str(),
              d.title_zh.c_str(), d.category.c_str(), fits, m.ranking.size(),
              d.file.string().c_str());
  for (const match::ProfileMatch& p : m.ranking) {
    std::string failing;
    for (const std::string& f : p.failing_musts) failing += (failing.empty() ? "" : ", ") + f;
    std::printf("  %d. %-34s %-9s score %+.2f  %s%s\n", p.rank, p.profile.variant.c_str(),
                p.fit ? "fit" : "not a fit", p.score,
                failing.empty() ? "" : "fails: ", failing.c_str());
    std::printf("     run %s: %s\n", p.profile.run_id.c_str(),
                p.profile.file.parent_path().string().c_str());
  }
  int width = 14;  // columns are named by run id (the run directory), listed above
  for (const match::ProfileMatch& p : m.ranking) {
    width = std::max(width, static_cast<int>(p.profile.run_id.size()));
  }
  std::printf("  %-44s %-14s", "requirement (margin, ~ no interval)", "bound");
  for (const match::ProfileMatch& p : m.ranking) {
    std::printf(" %-*s", width, p.profile.run_id.c_str());
  }
  std::printf("\n");
  for (std::size_t i = 0; i < d.requirements.size(); ++i) {
    const capability::Requirement& r = d.requirements[i];
    const std::string unit = m.ranking.empty() ? "" : m.ranking[0].requirements[i].unit;
    const std::string bound = (r.at_most ? "<= " : ">= ") + Short(r.value) + " " + unit;
    std::printf("  %-44s %-14s", (r.key + (r.must ? "" : " (nice)")).c_str(), bound.c_str());
    for (const match::ProfileMatch& p : m.ranking) {
      std::printf(" %-*s", width, CellText(p.requirements[i]).c_str());
    }
    std::printf("\n");
  }
  std::printf("\n");
}

int RunMatch(const Args& args) {
  const Flags flags(args, MatchCommand().flags);
  std::vector<fs::path> demand_files;
  for (const std::string& p : flags.positional()) demand_files.emplace_back(p);
  if (flags.Has("all-demands")) {
    for (const fs::path& f : match::DemandFiles(flags.String("all-demands", ""))) {
      demand_files.push_back(f);
    }
  }
  if (demand_files.empty()) {
    throw InputError("missing demand: give DEMAND.yaml (or a scenario file) or --all-demands DIR");
  }
  // Read everything before matching anything, so bad input exits 2 with nothing printed.
  std::vector<match::DemandSpec> demands;
  for (const fs::path& f : demand_files) demands.push_back(match::LoadDemand(f));
  const std::vector<match::CapabilityProfile> profiles =
      match::LoadProfiles(flags.Required("profiles", "a directory of certify runs"));
  std::fprintf(stderr, "match: %zu demand(s) against %zu profile(s)\n", demands.size(),
               profiles.size());
  std::vector<match::DemandMatch> matches;
  for (const match::DemandSpec& d : demands)
    matches.push_back(match::MatchDemand(d, profiles, flags.Has("require-interval")));
  if (flags.Has("out")) {
    const fs::path out = flags.String("out", "");
    const fs::path dir = fs::absolute(out).parent_path();
    WriteFileAtomically(out, match::MatchReportHtml(matches, dir));
    std::fprintf(stderr, "match: wrote %s\n", out.string().c_str());
  }
  if (flags.Has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const match::DemandMatch& m : matches) list.push_back(match::DemandMatchJson(m));
    std::printf("%s\n", nlohmann::json({{"schema", "tianmu.match/1"},
                                        {"require_interval", flags.Has("require-interval")},
                                        {"matches", list}})
                            .dump(2)
                            .c_str());
  } else {
    for (const match::DemandMatch& m : matches) PrintText(m);
  }
  return 0;
}

}  // namespace

CommandSpec MatchCommand() {
  return {
      .name = "match",
      .purpose =
          "rank certified robot profiles against demand specs: margin on every "
          "requirement, failing ones named, the certification run of each figure",
      .operands = "[DEMAND.yaml ...]",
      .flags = {Option("profiles", "DIR",
                       "directory searched recursively for profile.json (tianmu certify --out "
                       "runs) (required)")
                    .Kind(ValueKind::kDirectory),
                Option("all-demands", "DIR", "also match every *.yaml demand in DIR")
                    .Kind(ValueKind::kDirectory),
                Option("out", "FILE", "write an HTML report linking demands and runs")
                    .Kind(ValueKind::kFile),
                Switch("require-interval",
                       "treat a certified figure without a 95 % interval (one trial) as not "
                       "certified instead of comparing the figure itself"),
                Switch("json", "print the matches as JSON on stdout")},
      .examples = {"tianmu match assets/demands/building_delivery.yaml --profiles assets/profiles",
                   "tianmu match --all-demands assets/demands --profiles assets/profiles --out "
                   "match.html",
                   "tianmu match assets/scenarios/reception.yaml --profiles out --json"},
      .run = RunMatch};
}

}  // namespace tianmu::cli
