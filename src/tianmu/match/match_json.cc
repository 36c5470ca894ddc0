#include "tianmu/match/match_json.h"

namespace tianmu::match {
namespace {

nlohmann::json Optional(const std::optional<double>& x) {
  return x ? nlohmann::json(*x) : nlohmann::json(nullptr);
}

nlohmann::json RequirementJson(const capability::Requirement& r) {
  return {{"key", r.key},       {r.at_most ? "max" : "min", r.value},
          {"must", r.must},     {"weight", r.weight},
          {"source", r.source}, {"file", r.file},
          {"line", r.line}};
}

nlohmann::json RequirementMatchJson(const RequirementMatch& m) {
  return {{"key", m.requirement.key},
          {"bound", m.requirement.value},
          {"comparison", m.requirement.at_most ? "<=" : ">="},
          {"unit", m.unit},
          {"must", m.requirement.must},
          {"status", MatchStatusName(m.status)},
          {"value", Optional(m.figure.value)},
          {"ci_low", Optional(m.figure.ci_low)},
          {"ci_high", Optional(m.figure.ci_high)},
          {"certified_verdict", m.figure.verdict},
          {"origin", m.figure.origin},
          {"compared", Optional(m.compared)},
          {"compared_as", m.compared_as},
          {"without_interval", m.without_interval},
          {"margin", Optional(m.margin)},
          {"relative_margin", Optional(m.relative_margin)},
          {"reason", m.reason}};
}

}  // namespace

nlohmann::json DemandMatchJson(const DemandMatch& match) {
  const DemandSpec& d = match.demand;
  nlohmann::json requirements = nlohmann::json::array();
  for (const capability::Requirement& r : d.requirements)
    requirements.push_back(RequirementJson(r));
  nlohmann::json ranking = nlohmann::json::array();
  int fits = 0;
  for (const ProfileMatch& p : match.ranking) {
    fits += p.fit ? 1 : 0;
    nlohmann::json rows = nlohmann::json::array();
    for (const RequirementMatch& m : p.requirements) rows.push_back(RequirementMatchJson(m));
    ranking.push_back({{"rank", p.rank},
                       {"variant", p.profile.variant},
                       {"robot", p.profile.robot},
                       {"run_id", p.profile.run_id},
                       {"suite", p.profile.suite},
                       {"seed", p.profile.seed},
                       {"software_version", p.profile.software_version},
                       {"profile", p.profile.file.string()},
                       {"report", p.profile.report_file.string()},
                       {"command", p.profile.command},
                       {"fit", p.fit},
                       {"score", p.score},
                       {"failing_musts", p.failing_musts},
                       {"failing_nice_to_have", p.failing_nice_to_have},
                       {"requirements", rows}});
  }
  return {{"schema", "tianmu.match/1"},
          {"demand",
           {{"name", d.name},
            {"title", {{"en", d.title_en}, {"zh", d.title_zh}}},
            {"category", d.category},
            {"scenario", d.scenario},
            {"file", d.file.string()},
            {"requirements", requirements}}},
          {"fits", fits},
          {"ranking", ranking}};
}

}  // namespace tianmu::match
