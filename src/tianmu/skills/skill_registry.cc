#include "tianmu/skills/skill_registry.h"

#include "tianmu/core/error.h"
#include "tianmu/skills/look_at_skill.h"
#include "tianmu/skills/reach_skill.h"
#include "tianmu/skills/turn_to_skill.h"
#include "tianmu/skills/walk_to_skill.h"
#include "tianmu/skills/wave_skill.h"

namespace tianmu::skills {

const std::vector<std::string>& SkillNames() {
  static const std::vector<std::string> names = {"look_at", "reach", "turn_to", "walk_to", "wave"};
  return names;
}

std::unique_ptr<Skill> MakeSkill(const std::string& name, const SkillParams& params) {
  if (name == "look_at") return std::make_unique<LookAtSkill>(params);
  if (name == "reach") return std::make_unique<ReachSkill>(params);
  if (name == "turn_to") return std::make_unique<TurnToSkill>(params);
  if (name == "walk_to") return std::make_unique<WalkToSkill>(params);
  if (name == "wave") return std::make_unique<WaveSkill>(params);
  std::string known;
  for (const std::string& n : SkillNames()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown skill '" + name + "' (known: " + known + ")");
}

}  // namespace tianmu::skills
