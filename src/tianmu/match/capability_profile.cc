#include "tianmu/match/capability_profile.h"

#include <algorithm>
#include <fstream>

#include "tianmu/capability/capability_key.h"
#include "tianmu/core/error.h"
#include "tianmu/match/declared_morphology.h"

namespace tianmu::match {
namespace {

std::optional<double> Number(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  return std::nullopt;
}

// The node at a dotted profile.json path ("speeds.max_walk_speed_mps"), or null.
const nlohmann::json* At(const nlohmann::json& root, const std::string& key) {
  const nlohmann::json* node = &root;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t dot = std::min(key.find('.', start), key.size());
    const std::string part = key.substr(start, dot - start);
    if (!node->is_object() || !node->contains(part)) return nullptr;
    node = &(*node)[part];
    start = dot + 1;
  }
  return node;
}

ProfileFigure CertifiedFigure(const nlohmann::json& profile, const capability::CapabilityKey& k) {
  ProfileFigure f;
  f.origin = "certification" + (k.item_id.empty() ? std::string() : " " + k.item_id);
  const nlohmann::json& figures = profile["figures"];
  const nlohmann::json* item =
      !k.item_id.empty() && figures.contains(k.item_id) ? &figures[k.item_id] : nullptr;
  if (item != nullptr) {
    f.verdict = item->value("verdict", "");
    f.reason = item->value("reason", "");
  }
  const bool figures_key = k.key.rfind("figures.", 0) == 0;
  const nlohmann::json* value =
      figures_key ? (item != nullptr ? &(*item)["value"] : nullptr) : At(profile, k.key);
  if (value != nullptr) f.value = Number(*value);
  if (f.verdict == "not_available" || f.verdict == "error") f.value.reset();
  if (!f.value) {
    if (item == nullptr && !k.item_id.empty()) {
      f.reason = "item " + k.item_id + " not in this certification run";
    } else if (f.verdict == "not_available" || f.verdict == "error") {
      f.reason = f.verdict + (f.reason.empty() ? "" : ": " + f.reason);
    } else if (f.reason.empty()) {
      f.reason = "no figure in profile.json";
    }
    return f;
  }
  if (item != nullptr) {
    f.ci_low = Number((*item)["ci_low"]);
    f.ci_high = Number((*item)["ci_high"]);
  }
  return f;
}

}  // namespace

CapabilityProfile ParseProfile(const nlohmann::json& j, const std::filesystem::path& file) {
  if (!j.is_object() || j.value("schema", "") != "tianmu.certify.profile/1") {
    throw InputError(file.string(), 0, "schema", "'tianmu.certify.profile/1' (a certify profile)");
  }
  for (const char* key : {"robot", "figures"}) {
    if (!j.contains(key)) throw InputError(file.string(), 0, key, "present");
  }
  if (!j["robot"].is_string()) throw InputError(file.string(), 0, "robot", "a robot name");
  if (!j["figures"].is_object()) throw InputError(file.string(), 0, "figures", "an object");
  CapabilityProfile p;
  p.file = file;
  p.robot = j["robot"];
  p.robot_class = j.value("robot_class", "");
  p.suite = j.value("suite", "");
  p.software_version = j.value("software_version", "");
  if (j.contains("seed") && j["seed"].is_number_unsigned()) p.seed = j["seed"];
  p.variant = p.robot;
  if (j.contains("component_swaps") && j["component_swaps"].is_array()) {
    std::string swaps;
    for (const auto& s : j["component_swaps"]) {
      swaps += (swaps.empty() ? "" : ", ") + s.value("selector", std::string("?")) + "=" +
               s.value("component", std::string("?"));
    }
    if (!swaps.empty()) p.variant += " + " + swaps;
  }
  const std::filesystem::path dir = file.parent_path();
  p.run_id = dir.filename().string();
  if (std::filesystem::is_regular_file(dir / "report.html")) p.report_file = dir / "report.html";
  if (std::ifstream command(dir / "command.txt"); command) std::getline(command, p.command);
  for (const capability::CapabilityKey& k : capability::CapabilityKeys()) {
    if (k.origin == "certification") {
      p.figures[k.key] = CertifiedFigure(j, k);
    } else if (k.key == "hands") {
      ProfileFigure f;
      f.origin = "robot.yaml (declared)";
      f.value = DeclaredHandCount(p.robot, &f.reason);
      p.figures[k.key] = f;
    } else {
      ProfileFigure f;
      f.reason = "not declared by robot.yaml nor measured by an item";
      f.origin = k.origin;
      p.figures[k.key] = f;
    }
  }
  return p;
}

CapabilityProfile LoadProfile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "", "a readable profile.json");
  try {
    return ParseProfile(nlohmann::json::parse(in), path);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path.string(), 0, "", std::string("well-formed JSON: ") + e.what());
  }
}

std::vector<CapabilityProfile> LoadProfiles(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw InputError(dir.string(), 0, "", "a directory holding certify runs (profile.json)");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() == "profile.json") {
      files.push_back(entry.path());
    }
  }
  if (files.empty()) {
    throw InputError(dir.string(), 0, "", "at least one profile.json (from tianmu certify --out)");
  }
  std::sort(files.begin(), files.end());
  std::vector<CapabilityProfile> out;
  for (const std::filesystem::path& f : files) out.push_back(LoadProfile(f));
  return out;
}

}  // namespace tianmu::match
