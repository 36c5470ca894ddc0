// walk_to(pose): walk to a point on the floor (and optionally a heading) with velocity commands
// from the perceived base pose, then stop and stand.
#pragma once

#include "tianmu/skills/skill.h"

namespace tianmu::skills {

/// Parameters: target=X,Y (m, world floor; a third value is ignored), heading_deg (optional world
/// yaw to end at), tolerance_m (default 0.1), tolerance_deg (default 10), speed_mps (default
/// 0.3), timeout_s (default 40). Walks facing the target, slowing within a metre; once within
/// tolerance it stops and succeeds when the robot stands still within tolerance; metric: the final
/// distance (m).
class WalkToSkill : public Skill {
 public:
  explicit WalkToSkill(const SkillParams& params);
  const char* name() const override { return "walk_to"; }
  std::string Effects() const override { return "the robot stands at the target pose"; }
  SkillOutcome CheckPreconditions(const SkillContext& context) override;
  void Start(const SkillContext& context) override;
  SkillOutcome Tick(const SkillContext& context) override;
  void Stop(const SkillContext& context) override;
  double timeout_s() const override { return timeout_s_; }
  std::string metric_name() const override { return "position_error_m"; }
  std::optional<double> Measure(const SkillContext& context, PerceptionPort* port) const override;
  double metric() const override { return error_m_; }

 private:
  Eigen::Vector2d target_m_;
  bool has_heading_ = false;
  double heading_rad_ = 0, tolerance_m_, tolerance_rad_, speed_mps_, timeout_s_;
  std::string base_;
  bool stopping_ = false;
  double error_m_ = 1e9;
};

}  // namespace tianmu::skills
