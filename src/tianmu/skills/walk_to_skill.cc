#include "tianmu/skills/walk_to_skill.h"

#include <algorithm>
#include <cmath>

#include "tianmu/skills/robot_frames.h"

namespace tianmu::skills {
namespace {

constexpr double kYawGain_per_s = 1.5;   ///< yaw rate per radian of heading error
constexpr double kSlowDown_m = 1.0;      ///< speed falls linearly within this distance
constexpr double kFaceTarget_rad = 0.5;  ///< beyond this heading error, turn before walking
constexpr double kMinSpeed_mps = 0.08;   ///< slower commands barely move the feet

}  // namespace

WalkToSkill::WalkToSkill(const SkillParams& params)
    : tolerance_m_(params.Number("walk_to", "tolerance_m", 0.1, 0.02, 2)),
      tolerance_rad_(params.Number("walk_to", "tolerance_deg", 10, 0.5, 90) * M_PI / 180),
      speed_mps_(params.Number("walk_to", "speed_mps", 0.3, 0.05, 1.5)),
      timeout_s_(params.Number("walk_to", "timeout_s", 40, 0.1, 3600)) {
  const std::vector<double> target = params.Numbers("walk_to", "target", 2, 3);
  target_m_ = Eigen::Vector2d(target[0], target[1]);
  has_heading_ = params.Has("heading_deg");
  heading_rad_ = params.Number("walk_to", "heading_deg", 0, -360, 360) * M_PI / 180;
  params.RejectUnknown("walk_to", {"target", "heading_deg", "tolerance_m", "tolerance_deg",
                                   "speed_mps", "timeout_s"});
}

SkillOutcome WalkToSkill::CheckPreconditions(const SkillContext& context) {
  base_ = context.spec->base_body;
  if (!context.perception->Track(base_)) {
    return SkillOutcome::Failed(FailureReason::kUnreachable,
                                "perception cannot see the base body " + base_);
  }
  return SkillOutcome::Running();
}

void WalkToSkill::Start(const SkillContext&) { stopping_ = false; }

SkillOutcome WalkToSkill::Tick(const SkillContext& context) {
  const std::optional<PerceivedPose> base = context.perception->Observe(base_);
  if (!base) return SkillOutcome::Running();
  const Eigen::Vector2d offset = target_m_ - base->position_m.head<2>();
  error_m_ = offset.norm();
  const double heading = HeadingRad(base->rotation);
  const double heading_error = has_heading_ ? WrapAngleRad(heading_rad_ - heading) : 0.0;
  const bool within = error_m_ <= tolerance_m_ && std::abs(heading_error) <= tolerance_rad_;
  if (!stopping_ && within) stopping_ = true;
  if (stopping_) {
    context.controller->SetVelocityCommand({});
    if (std::string(context.controller->status().mode) == "standing") {
      if (within) return SkillOutcome::Succeeded();
      stopping_ = false;  // drifted out while stopping: correct again
    }
    return SkillOutcome::Running();
  }
  const control::locomotion::LocomotionConfig& limits = context.controller->locomotion_config();
  control::locomotion::VelocityCommand command;
  if (error_m_ > tolerance_m_) {
    // Face the target while far; near it, step sideways/backwards as needed without turning.
    const double bearing = std::atan2(offset.y(), offset.x());
    const double face_error = WrapAngleRad(bearing - heading);
    const double yaw_error = error_m_ > 0.5 ? face_error : heading_error;
    command.wz_radps =
        std::clamp(kYawGain_per_s * yaw_error, -limits.max_wz_radps, limits.max_wz_radps);
    const double speed =
        std::clamp(speed_mps_ * std::min(1.0, error_m_ / kSlowDown_m), kMinSpeed_mps, speed_mps_);
    if (error_m_ <= 0.5 || std::abs(face_error) < kFaceTarget_rad) {
      // The offset in the base's heading frame.
      const double c = std::cos(heading), s = std::sin(heading);
      const Eigen::Vector2d local(c * offset.x() + s * offset.y(),
                                  -s * offset.x() + c * offset.y());
      const Eigen::Vector2d v = speed * local.normalized();
      command.vx_mps = std::clamp(v.x(), -limits.max_backward_vx_mps, limits.max_vx_mps);
      command.vy_mps = std::clamp(v.y(), -limits.max_vy_mps, limits.max_vy_mps);
    }
  } else {
    command.wz_radps =
        std::clamp(kYawGain_per_s * heading_error, -limits.max_wz_radps, limits.max_wz_radps);
  }
  context.controller->SetVelocityCommand(command);
  return SkillOutcome::Running();
}

std::optional<double> WalkToSkill::Measure(const SkillContext& context,
                                           PerceptionPort* port) const {
  if (!port->Track(context.spec->base_body)) return std::nullopt;
  const std::optional<PerceivedPose> base = port->Observe(context.spec->base_body);
  if (!base) return std::nullopt;
  return (target_m_ - base->position_m.head<2>()).norm();
}

void WalkToSkill::Stop(const SkillContext& context) { context.controller->SetVelocityCommand({}); }

}  // namespace tianmu::skills
