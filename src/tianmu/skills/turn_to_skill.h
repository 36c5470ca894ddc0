// turn_to(heading): turn on the spot to a world heading by walking with a yaw-rate command.
#pragma once

#include "tianmu/skills/skill.h"

namespace tianmu::skills {

/// Parameters: heading_deg (world yaw of the base's x axis, required), tolerance_deg (default 5),
/// timeout_s (default 20). Commands a yaw rate proportional to the perceived heading error
/// (within the locomotion limit), stops when within tolerance and succeeds once the robot stands
/// still with the heading within tolerance; metric: the final heading error (deg).
class TurnToSkill : public Skill {
 public:
  explicit TurnToSkill(const SkillParams& params);
  const char* name() const override { return "turn_to"; }
  std::string Effects() const override { return "the robot stands facing the heading"; }
  SkillOutcome CheckPreconditions(const SkillContext& context) override;
  void Start(const SkillContext& context) override;
  SkillOutcome Tick(const SkillContext& context) override;
  void Stop(const SkillContext& context) override;
  double timeout_s() const override { return timeout_s_; }
  std::string metric_name() const override { return "heading_error_deg"; }
  std::optional<double> Measure(const SkillContext& context, PerceptionPort* port) const override;
  double metric() const override { return std::abs(error_rad_) * 180 / M_PI; }

 private:
  double heading_rad_, tolerance_rad_, timeout_s_;
  std::string base_;
  bool stopping_ = false;
  double error_rad_ = M_PI;
};

}  // namespace tianmu::skills
