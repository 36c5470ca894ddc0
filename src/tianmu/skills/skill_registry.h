// Skills by name, for the command line and tools.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tianmu/skills/skill.h"

namespace tianmu::skills {

/// The names MakeSkill accepts, sorted.
const std::vector<std::string>& SkillNames();

/// A new skill `name` with `params`; raises InputError on an unknown name (listing the known
/// ones), an unknown parameter or a bad value.
std::unique_ptr<Skill> MakeSkill(const std::string& name, const SkillParams& params);

}  // namespace tianmu::skills
