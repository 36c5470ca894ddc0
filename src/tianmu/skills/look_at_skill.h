// look_at(target): the head camera looks at a point (world frame) through the gaze task.
#pragma once

#include "tianmu/skills/skill.h"

namespace tianmu::skills {

/// Parameters: target=X,Y,Z (m, world), tolerance_deg (default 3), hold_s (default 0.3),
/// timeout_s (default 5). Succeeds when the perceived camera axis stays within tolerance of the
/// target for hold_s; metric: the gaze error at the end (deg).
class LookAtSkill : public Skill {
 public:
  explicit LookAtSkill(const SkillParams& params);
  const char* name() const override { return "look_at"; }
  std::string Effects() const override { return "the head camera points at the target"; }
  SkillOutcome CheckPreconditions(const SkillContext& context) override;
  void Start(const SkillContext& context) override;
  SkillOutcome Tick(const SkillContext& context) override;
  void Stop(const SkillContext& context) override;
  double timeout_s() const override { return timeout_s_; }
  std::string metric_name() const override { return "gaze_error_deg"; }
  std::optional<double> Measure(const SkillContext& context, PerceptionPort* port) const override;
  double metric() const override { return error_deg_; }

 private:
  Eigen::Vector3d target_m_;
  double tolerance_deg_, hold_s_, timeout_s_;
  double within_since_s_ = -1;
  double error_deg_ = 180;
};

}  // namespace tianmu::skills
