// reach(hand, pose): a palm to a point (world frame) through the hand pose task; a target beyond
// the arm's reach is refused before anything moves, naming the limit.
#pragma once

#include "tianmu/skills/skill.h"

namespace tianmu::skills {

/// Parameters: hand=left|right (default right), target=X,Y,Z (m, world), tolerance_m (default
/// 0.03), hold_s (default 0.3), timeout_s (default 6). The palm's orientation is left free.
/// Succeeds when the perceived palm stays within tolerance for hold_s; metric: the palm's
/// distance to the target at the end (m).
class ReachSkill : public Skill {
 public:
  explicit ReachSkill(const SkillParams& params);
  const char* name() const override { return "reach"; }
  std::string Effects() const override { return "the palm is at the target"; }
  SkillOutcome CheckPreconditions(const SkillContext& context) override;
  void Start(const SkillContext& context) override;
  SkillOutcome Tick(const SkillContext& context) override;
  void Stop(const SkillContext& context) override;
  double timeout_s() const override { return timeout_s_; }
  std::string metric_name() const override { return "position_error_m"; }
  std::optional<double> Measure(const SkillContext& context, PerceptionPort* port) const override;
  double metric() const override { return error_m_; }

 private:
  std::string side_;
  Eigen::Vector3d target_m_;
  double tolerance_m_, hold_s_, timeout_s_;
  int hand_ = -1;
  std::string palm_site_;
  double within_since_s_ = -1;
  double error_m_ = 1e9;
};

}  // namespace tianmu::skills
