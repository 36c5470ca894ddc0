#include "tianmu/skills/wave_skill.h"

#include <cmath>
#include <cstdio>

#include "tianmu/skills/robot_frames.h"

namespace tianmu::skills {
namespace {

constexpr double kRaise_m = 0.25;     ///< swing centre above the shoulder
constexpr double kOut_m = 0.1;        ///< ... and out to the hand's side
constexpr double kRaiseTime_s = 1.0;  ///< the hand goes up before the swing starts

}  // namespace

WaveSkill::WaveSkill(const SkillParams& params)
    : side_(params.Choice("wave", "hand", "right", {"left", "right"})),
      cycles_(params.Number("wave", "cycles", 3, 1, 20)),
      frequency_hz_(params.Number("wave", "frequency_hz", 0.8, 0.2, 2)),
      amplitude_m_(params.Number("wave", "amplitude_m", 0.12, 0.02, 0.3)) {
  timeout_s_ =
      params.Number("wave", "timeout_s", kRaiseTime_s + cycles_ / frequency_hz_ + 4, 0.1, 600);
  params.RejectUnknown("wave", {"hand", "cycles", "frequency_hz", "amplitude_m", "timeout_s"});
}

SkillOutcome WaveSkill::CheckPreconditions(const SkillContext& context) {
  hand_ = HandIndex(*context.spec, side_);
  if (hand_ < 0) {
    return SkillOutcome::Failed(FailureReason::kUnreachable,
                                "robot " + context.spec->name + " has no " + side_ + " hand");
  }
  palm_site_ = context.spec->hands[hand_].palm_site;
  if (!context.perception->Track(palm_site_)) {
    return SkillOutcome::Failed(FailureReason::kUnreachable,
                                "perception cannot see palm site " + palm_site_);
  }
  const ArmReach arm = ArmReachOf(*context.spec, context.controller->dynamics(), hand_);
  const double needed_m = std::hypot(std::hypot(kRaise_m, kOut_m), amplitude_m_);
  if (arm.reach_m < needed_m) {
    char text[160];
    std::snprintf(text, sizeof(text), "the wave needs %.3f m of reach, the %s arm has %.3f m",
                  needed_m, side_.c_str(), arm.reach_m);
    return SkillOutcome::Failed(FailureReason::kUnreachable, text);
  }
  return SkillOutcome::Running();
}

void WaveSkill::Start(const SkillContext& context) {
  const control::RobotDynamics& dynamics = context.controller->dynamics();
  const ArmReach arm = ArmReachOf(*context.spec, dynamics, hand_);
  const double heading = HeadingRad(dynamics.BodyRotation(dynamics.binding().base_body));
  const Eigen::Vector3d left(-std::sin(heading), std::cos(heading), 0);
  const double out = side_ == "left" ? 1.0 : -1.0;
  lateral_ = left;
  centre_m_ = arm.shoulder_m + Eigen::Vector3d(0, 0, kRaise_m) + out * kOut_m * left;
  shoulder_z_m_ = arm.shoulder_m.z();
  start_s_ = context.time_s;
  readings_ = readings_above_ = 0;
  min_lateral_m_ = max_lateral_m_ = 0;
  context.controller->SetHandPositionTarget(hand_, centre_m_);
}

SkillOutcome WaveSkill::Tick(const SkillContext& context) {
  const double t = context.time_s - start_s_;
  const double wave_time_s = cycles_ / frequency_hz_;
  if (t >= kRaiseTime_s) {
    const double phase = 2 * M_PI * frequency_hz_ * (t - kRaiseTime_s);
    context.controller->SetHandPositionTarget(
        hand_, centre_m_ + amplitude_m_ * std::sin(phase) * lateral_);
    if (const std::optional<PerceivedPose> palm = context.perception->Observe(palm_site_)) {
      ++readings_;
      if (palm->position_m.z() > shoulder_z_m_) ++readings_above_;
      const double lateral = (palm->position_m - centre_m_).dot(lateral_);
      if (readings_ == 1) min_lateral_m_ = max_lateral_m_ = lateral;
      min_lateral_m_ = std::min(min_lateral_m_, lateral);
      max_lateral_m_ = std::max(max_lateral_m_, lateral);
    }
  }
  if (t < kRaiseTime_s + wave_time_s) return SkillOutcome::Running();
  const double above = readings_ > 0 ? static_cast<double>(readings_above_) / readings_ : 0.0;
  const double swing = max_lateral_m_ - min_lateral_m_;
  char text[160];
  std::snprintf(text, sizeof(text), "palm above the shoulder in %.0f %% of readings, swing %.3f m",
                100 * above, swing);
  if (above >= 0.8 && swing >= amplitude_m_) return SkillOutcome::Succeeded(text);
  return SkillOutcome::Failed(FailureReason::kUnreachable, text);
}

void WaveSkill::Stop(const SkillContext& context) { context.controller->ClearHandTarget(hand_); }

}  // namespace tianmu::skills
