// Certified supply: a robot's capability profile (profile.json, written by `tianmu certify`)
// read into the capability vocabulary, with the run each figure comes from.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tianmu::match {

/// One capability's figure in a profile.
struct ProfileFigure {
  std::optional<double> value;    ///< null: not certified (item not available, error, missing)
  std::optional<double> ci_low;   ///< the 95 % interval's low bound, when the item has one
  std::optional<double> ci_high;  ///< the 95 % interval's high bound, when the item has one
  std::string verdict;            ///< the certification verdict ("pass", "fail", ...), or ""
  std::string reason;             ///< why the figure is missing, or the item's reason
  std::string origin;             ///< "certification ITEM_ID" or "robot.yaml (declared)"
};

/// One certified robot or robot + component variant.
struct CapabilityProfile {
  std::string robot;             ///< robot name as certified ("tm1")
  std::string variant;           ///< robot plus its component swaps ("tm1 + left_knee=tm-j200c")
  std::string robot_class;       ///< "full-size" or "compact", as certified
  std::string suite;             ///< "quick", "full" or "ci"
  std::string software_version;  ///< the certifying build's version
  unsigned long long seed = 0;   ///< the certification's suite seed
  std::string run_id;            ///< the run's directory name ("tm1-knee-j200c")
  std::filesystem::path file;    ///< the profile.json read
  std::filesystem::path report_file;  ///< report.html of the same run, empty if absent
  std::string command;                ///< command.txt next to it (how it was made), or ""
  std::map<std::string, ProfileFigure> figures;  ///< by capability key, every key present
};

/// Reads a profile from its JSON; `file` names it in errors and locates the run's report.
/// Raises InputError when the schema is not tianmu.certify.profile/1 or a field is malformed.
CapabilityProfile ParseProfile(const nlohmann::json& profile, const std::filesystem::path& file);

/// Reads and parses `path`.
CapabilityProfile LoadProfile(const std::filesystem::path& path);

/// Every profile.json under `dir` (recursively), sorted by path; InputError when there is none.
std::vector<CapabilityProfile> LoadProfiles(const std::filesystem::path& dir);

}  // namespace tianmu::match
