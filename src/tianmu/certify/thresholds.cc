// Thresholds files (see thresholds.h).
#include "tianmu/certify/thresholds.h"

#include <algorithm>

#include "tianmu/core/assets.h"
#include "tianmu/core/config_node.h"
#include "tianmu/core/error.h"

namespace tianmu::certify {

Thresholds LoadThresholds(const std::filesystem::path& file, const Registry& registry) {
  const ConfigNode root = ConfigNode::LoadFile(file);
  root.RejectUnknownKeys({"robot_class", "items"});
  Thresholds out;
  out.file = file;
  out.robot_class = root.Required("robot_class").AsString();
  const ConfigNode items = root.Required("items");
  if (!items.IsMap()) items.Fail("a map from item id to {threshold, unit}");
  for (const auto& [id, entry] : items.MapEntries()) {
    const TestItem* item = registry.Find(id);
    if (item == nullptr) {
      throw InputError(file.string(), entry.line(), entry.path(),
                       "expected a known certification item id, got '" + id + "'");
    }
    entry.RejectUnknownKeys({"threshold", "unit", "source"});
    const ConfigNode unit = entry.Required("unit");
    if (unit.AsString() != item->info().unit) {
      unit.Fail("'" + item->info().unit + "' (the unit of the item's metric)");
    }
    out.by_item[id] = entry.Required("threshold").AsDouble();
    const ConfigNode source = entry.Required("source");
    out.source_by_item[id] = source.AsString();
    if (out.source_by_item[id].empty()) {
      source.Fail("the source of the number (a standard and clause, or \"own choice\")");
    }
  }
  for (const auto& item : registry.items()) {
    if (!out.by_item.count(item->info().id)) {
      throw InputError(file.string(), items.line(), "items." + item->info().id,
                       "missing entry (expected {threshold: NUMBER, unit: \"" + item->info().unit +
                           "\", source: TEXT})");
    }
  }
  return out;
}

bool IsOwnChoice(const std::string& source) { return source.rfind("own choice", 0) == 0; }

std::string RobotClassOf(const model::RobotSpec& spec) {
  return spec.standing_base_height_m >= 0.75 ? "full-size" : "compact";
}

std::vector<std::string> KnownRobotClasses() {
  std::vector<std::string> out;
  const std::filesystem::path dir = AssetsDir() / "certify" / "thresholds";
  if (std::filesystem::is_directory(dir)) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::filesystem::path ThresholdsFileFor(const std::string& robot_class) {
  const std::filesystem::path file =
      AssetsDir() / "certify" / "thresholds" / (robot_class + ".yaml");
  if (!std::filesystem::exists(file)) {
    std::string known;
    for (const std::string& c : KnownRobotClasses()) known += (known.empty() ? "" : ", ") + c;
    throw InputError("--class: unknown robot class '" + robot_class + "' (known: " + known + ")");
  }
  return file;
}

}  // namespace tianmu::certify
