// Demand specs (assets/demands/*.yaml): what a scenario needs of a robot, as bounds on the
// capabilities a certification profile (profile.json) carries, in the same keys and units.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/capability/requirement.h"

namespace tianmu::match {

/// One demand: a named set of requirements, optionally tied to a scenario.
struct DemandSpec {
  std::string name;                ///< file stem, [a-z0-9_]+ ("tote_transfer")
  std::string title_en, title_zh;  ///< for people ("Tote transfer", "料箱搬运")
  std::string category;            ///< manufacturing, services or hazardous
  std::string scenario;            ///< assets/scenarios/NAME.yaml it describes, or empty
  std::vector<capability::Requirement> requirements;  ///< in file order, then the scenario's
  std::filesystem::path file;                         ///< where it was read from
};

/// Parses a demand spec. With `scenario: NAME`, the scenario's `requires:` entries are added as
/// musts unless the demand bounds the same key itself. Raises InputError "FILE:LINE: FIELD:
/// expected ..." for unknown fields (listing the known ones), missing or bad values, a name that
/// is not the file's stem, an unknown scenario or an empty requirement list.
DemandSpec ParseDemand(const std::string& yaml_text, const std::filesystem::path& file);

/// Reads `path`: a demand spec, or a scenario file (assets/scenarios/*.yaml), whose name, title,
/// category and `requires:` make the demand (the rest of the scenario is not read here).
DemandSpec LoadDemand(const std::filesystem::path& path);

/// The demand files in `dir` (*.yaml, not recursive), sorted by name; InputError if `dir` is not
/// a directory or holds none.
std::vector<std::filesystem::path> DemandFiles(const std::filesystem::path& dir);

}  // namespace tianmu::match
