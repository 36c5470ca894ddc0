#include "tianmu/match/demand_spec.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tianmu/core/assets.h"
#include "tianmu/core/config_node.h"
#include "tianmu/core/error.h"

namespace tianmu::match {
namespace {

bool IsIdentifier(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void ReadHeader(const ConfigNode& root, const std::filesystem::path& file, DemandSpec* d) {
  const ConfigNode name = root.Required("name");
  d->name = name.AsString();
  if (!IsIdentifier(d->name)) name.Fail("a name of [a-z0-9_]+");
  if (file.extension() == ".yaml" && file.stem() != d->name) {
    name.Fail("the file's stem '" + file.stem().string() + "'");
  }
  const ConfigNode title = root.Required("title");
  title.RejectUnknownKeys({"en", "zh"});
  d->title_en = title.Required("en").AsString();
  d->title_zh = title.Required("zh").AsString();
  const ConfigNode category = root.Required("category");
  d->category = category.AsString();
  if (d->category != "manufacturing" && d->category != "services" && d->category != "hazardous") {
    category.Fail("manufacturing, services or hazardous");
  }
}

// The scenario's `requires:`, read with the shared parser (the scenario's other fields are the
// brain's to validate).
std::vector<capability::Requirement> ScenarioRequires(const std::filesystem::path& file) {
  const ConfigNode root = ConfigNode::LoadFile(file);
  if (auto req = root.Optional("requires")) return capability::ReadRequirements(*req);
  return {};
}

bool IsScenarioFile(const ConfigNode& root) {
  return !root.Has("requirements") && (root.Has("task") || root.Has("requires"));
}

}  // namespace

DemandSpec ParseDemand(const std::string& yaml_text, const std::filesystem::path& file) {
  const ConfigNode root = ConfigNode::LoadString(yaml_text, file.string());
  DemandSpec d;
  d.file = file;
  if (IsScenarioFile(root)) {
    ReadHeader(root, file, &d);
    d.scenario = d.name;
    const ConfigNode req = root.Required("requires");
    d.requirements = capability::ReadRequirements(req);
    if (d.requirements.empty()) req.Fail("at least one capability");
    return d;
  }
  root.RejectUnknownKeys({"name", "title", "category", "scenario", "requirements"});
  ReadHeader(root, file, &d);
  const ConfigNode req = root.Required("requirements");
  d.requirements = capability::ReadRequirements(req);
  if (auto scenario = root.Optional("scenario")) {
    d.scenario = scenario->AsString();
    const std::filesystem::path scenario_file = AssetsDir() / "scenarios" / (d.scenario + ".yaml");
    if (!IsIdentifier(d.scenario) || !std::filesystem::is_regular_file(scenario_file)) {
      scenario->Fail("the name of a scenario in " + (AssetsDir() / "scenarios").string());
    }
    for (capability::Requirement& r : ScenarioRequires(scenario_file)) {
      const bool stated = std::any_of(d.requirements.begin(), d.requirements.end(),
                                      [&r](const auto& own) { return own.key == r.key; });
      if (stated) continue;
      if (r.source.empty()) r.source = "scenario " + d.scenario + " (requires:)";
      d.requirements.push_back(r);
    }
  }
  if (d.requirements.empty()) req.Fail("at least one capability");
  return d;
}

DemandSpec LoadDemand(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "", "a readable demand YAML file");
  std::stringstream text;
  text << in.rdbuf();
  return ParseDemand(text.str(), path);
}

std::vector<std::filesystem::path> DemandFiles(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw InputError(dir.string(), 0, "", "a directory of demand YAML files");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  if (files.empty()) throw InputError(dir.string(), 0, "", "at least one *.yaml demand file");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace tianmu::match
