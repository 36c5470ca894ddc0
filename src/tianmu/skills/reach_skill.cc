#include "tianmu/skills/reach_skill.h"

#include <cstdio>

#include "tianmu/skills/robot_frames.h"

namespace tianmu::skills {

ReachSkill::ReachSkill(const SkillParams& params)
    : side_(params.Choice("reach", "hand", "right", {"left", "right"})),
      target_m_(params.Vector3("reach", "target")),
      tolerance_m_(params.Number("reach", "tolerance_m", 0.03, 0.005, 0.5)),
      hold_s_(params.Number("reach", "hold_s", 0.3, 0, 10)),
      timeout_s_(params.Number("reach", "timeout_s", 6, 0.1, 600)) {
  params.RejectUnknown("reach", {"hand", "target", "tolerance_m", "hold_s", "timeout_s"});
}

SkillOutcome ReachSkill::CheckPreconditions(const SkillContext& context) {
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
  const double distance_m = (target_m_ - arm.shoulder_m).norm();
  if (arm.reach_m <= 0 || distance_m > arm.reach_m) {
    char text[200];
    std::snprintf(text, sizeof(text),
                  "target is %.3f m from %s, beyond the %s arm's reach of %.3f m", distance_m,
                  arm.shoulder_joint.c_str(), side_.c_str(), arm.reach_m);
    return SkillOutcome::Failed(FailureReason::kUnreachable, text);
  }
  return SkillOutcome::Running();
}

void ReachSkill::Start(const SkillContext& context) {
  context.controller->SetHandPositionTarget(hand_, target_m_);
  within_since_s_ = -1;
}

SkillOutcome ReachSkill::Tick(const SkillContext& context) {
  const std::optional<PerceivedPose> palm = context.perception->Observe(palm_site_);
  if (!palm) return SkillOutcome::Running();
  error_m_ = (palm->position_m - target_m_).norm();
  if (error_m_ > tolerance_m_) {
    within_since_s_ = -1;
    return SkillOutcome::Running();
  }
  if (within_since_s_ < 0) within_since_s_ = context.time_s;
  if (context.time_s - within_since_s_ >= hold_s_) return SkillOutcome::Succeeded();
  return SkillOutcome::Running();
}

std::optional<double> ReachSkill::Measure(const SkillContext&, PerceptionPort* port) const {
  if (palm_site_.empty() || !port->Track(palm_site_)) return std::nullopt;
  const std::optional<PerceivedPose> palm = port->Observe(palm_site_);
  if (!palm) return std::nullopt;
  return (palm->position_m - target_m_).norm();
}

void ReachSkill::Stop(const SkillContext& context) { context.controller->ClearHandTarget(hand_); }

}  // namespace tianmu::skills
