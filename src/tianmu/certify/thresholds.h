// Pass thresholds per robot class, from YAML files (assets/certify/thresholds/CLASS.yaml):
// one entry per item with its threshold and unit, validated against the registry.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tianmu/certify/registry.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::certify {

/// The thresholds of one robot class.
struct Thresholds {
  std::string robot_class;
  std::filesystem::path file;
  std::map<std::string, double> by_item;  ///< item id → threshold in the item's unit
  /// item id → where the number comes from (a standard's clause, or "own choice ...").
  std::map<std::string, std::string> source_by_item;
};

/// True when a threshold's source says it is our own choice (no standard gives the number).
bool IsOwnChoice(const std::string& source);

/// Loads and validates a thresholds file: `robot_class` and an `items` map naming every item of
/// `registry` with `threshold` (a number), `unit` (must equal the item's unit) and `source` (where
/// the number comes from; "own choice" when no standard gives it). Unknown,
/// missing or mistyped fields raise InputError naming file, line and field.
Thresholds LoadThresholds(const std::filesystem::path& file, const Registry& registry);

/// "full-size" (standing base height ≥ 0.75 m) or "compact".
std::string RobotClassOf(const model::RobotSpec& spec);

/// Robot classes with a thresholds file in the assets, sorted.
std::vector<std::string> KnownRobotClasses();

/// The thresholds file of `robot_class`; InputError listing the known classes when absent.
std::filesystem::path ThresholdsFileFor(const std::string& robot_class);

}  // namespace tianmu::certify
