// wave: one hand raised beside the head and swung side to side a few times.
#pragma once

#include "tianmu/skills/skill.h"

namespace tianmu::skills {

/// Parameters: hand=left|right (default right), cycles (default 3), frequency_hz (default 0.8),
/// amplitude_m (side-to-side half swing, default 0.12), timeout_s (default: the waving time plus
/// 4 s). The palm target circles about a point 0.25 m above and 0.1 m out from the shoulder,
/// in the robot's heading frame. Succeeds when, over the waving time, the perceived palm was above
/// the shoulder in at least 80 % of the readings and swung side to side by at least the
/// amplitude; metric: the swing measured (m, peak to peak).
class WaveSkill : public Skill {
 public:
  explicit WaveSkill(const SkillParams& params);
  const char* name() const override { return "wave"; }
  std::string Effects() const override { return "the robot has waved; the arm is back down"; }
  SkillOutcome CheckPreconditions(const SkillContext& context) override;
  void Start(const SkillContext& context) override;
  SkillOutcome Tick(const SkillContext& context) override;
  void Stop(const SkillContext& context) override;
  double timeout_s() const override { return timeout_s_; }
  std::string metric_name() const override { return "swing_m"; }
  double metric() const override { return max_lateral_m_ - min_lateral_m_; }

 private:
  std::string side_;
  double cycles_, frequency_hz_, amplitude_m_, timeout_s_;
  int hand_ = -1;
  std::string palm_site_;
  double start_s_ = 0;
  Eigen::Vector3d centre_m_ = Eigen::Vector3d::Zero();  ///< swing centre, world
  Eigen::Vector3d lateral_ = Eigen::Vector3d::UnitY();  ///< swing direction, world
  double shoulder_z_m_ = 0;
  int readings_ = 0, readings_above_ = 0;
  double min_lateral_m_ = 0, max_lateral_m_ = 0;
};

}  // namespace tianmu::skills
