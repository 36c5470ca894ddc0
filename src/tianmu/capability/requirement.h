// One bound on one capability, as demand specs (assets/demands/) and scenarios' `requires:` state
// it, and the one parser both use.
#pragma once

#include <string>
#include <vector>

#include "tianmu/core/config_node.h"

namespace tianmu::capability {

/// A bound on a capability: the robot's figure must be at least (or at most) `value`.
struct Requirement {
  std::string key;       ///< a CapabilityKeys() key, e.g. "speeds.max_walk_speed_mps"
  double value = 0;      ///< the bound, in the key's unit
  bool at_most = false;  ///< false: figure >= value (a `min`); true: figure <= value (a `max`)
  bool must = true;      ///< false: nice to have (lowers the score, never excludes a robot)
  double weight = 1;     ///< share in the ranking score, > 0
  std::string source;    ///< where the number comes from (standard, calculation, own choice)
  std::string file;      ///< the file that states it
  int line = 0;          ///< 1-based line in that file, 0 when unknown
};

/// Reads a `requires:`/`requirements:` map. Each entry is `KEY: NUMBER` (a must, weight 1, bound
/// direction from the vocabulary) or `KEY: {min|max: NUMBER, unit, must, weight, source}`.
/// Raises InputError "FILE:LINE: FIELD: expected ..." for an unknown key (listing the known
/// ones), `min` on a key whose figure must be at most the bound (and vice versa), a unit other
/// than the key's, a negative bound, a key given twice or an unknown field.
std::vector<Requirement> ReadRequirements(const ConfigNode& map);

}  // namespace tianmu::capability
