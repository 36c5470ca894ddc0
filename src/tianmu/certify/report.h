// Certification outputs: results.json (schema in docs/certify.md), the self-contained
// report.html, the robot's capability profile.json, and `certify compare` of two result sets.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/certify/test_item.h"

namespace tianmu::certify {

/// Run-level facts written next to the items.
struct RunInfo {
  std::string robot;
  std::string robot_description;
  std::string robot_class;
  std::string suite;
  std::uint64_t seed = 0;
  std::string thresholds_file;
  nlohmann::json components = nlohmann::json::object();  ///< group → component ids
  nlohmann::json component_swaps = nlohmann::json::array();
  int trials_override = 0;
};

/// The software version compiled in (CMake project version).
std::string SoftwareVersion();

/// results.json: run facts, per-domain summary and every item (ItemResult::ToJson). `timing`
/// (wall-clock figures) is kept outside `items` so items are identical for any job count.
nlohmann::json ResultsJson(const RunInfo& info, const std::vector<ItemResult>& items,
                           const nlohmann::json& timing);

/// The self-contained HTML report of a results.json document (inline CSS and SVG only).
std::string ReportHtml(const nlohmann::json& results);

/// The capability profile (speeds, payload, push tolerance, endurance, safety figures).
nlohmann::json ProfileJson(const nlohmann::json& results);

/// Reads DIR/results.json; InputError when missing or malformed.
nlohmann::json LoadResults(const std::filesystem::path& dir);

/// Item-by-item differences B − A with significance (Welch t-test on trial values of
/// continuous items, Fisher's exact test on pass counts of pass-rate items).
nlohmann::json Compare(const nlohmann::json& a, const nlohmann::json& b);

/// Compare() as a text table.
std::string CompareText(const nlohmann::json& comparison);

/// Compare() as a self-contained HTML page.
std::string CompareHtml(const nlohmann::json& comparison);

}  // namespace tianmu::certify
