// The ports of the skill action nodes: one per skill parameter, as the skills document them
// (skills/*_skill.h). Kept here until skills expose their parameter lists themselves.
#pragma once

#include <string>
#include <vector>

#include "tianmu/brain/node_factory.h"

namespace tianmu::brain {

/// The ports of skill `skill` ("walk_to"), or an empty list for an unknown skill.
std::vector<PortSpec> SkillPorts(const std::string& skill);

}  // namespace tianmu::brain
