#include "tianmu/match/declared_morphology.h"

#include <filesystem>

#include "tianmu/core/assets.h"
#include "tianmu/core/config_node.h"

namespace tianmu::match {

std::optional<double> DeclaredHandCount(const std::string& robot, std::string* reason) {
  const std::filesystem::path file = AssetsDir() / "robots" / robot / "robot.yaml";
  if (!std::filesystem::is_regular_file(file)) {
    *reason = "no " + file.string() + " to read the declared hands from";
    return std::nullopt;
  }
  const ConfigNode root = ConfigNode::LoadFile(file);
  const std::optional<ConfigNode> hands = root.Optional("hands");
  if (!hands) return 0.0;
  return static_cast<double>(hands->MapEntries().size());
}

}  // namespace tianmu::match
