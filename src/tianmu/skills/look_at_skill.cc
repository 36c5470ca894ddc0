#include "tianmu/skills/look_at_skill.h"

#include <cmath>

namespace tianmu::skills {

LookAtSkill::LookAtSkill(const SkillParams& params)
    : target_m_(params.Vector3("look_at", "target")),
      tolerance_deg_(params.Number("look_at", "tolerance_deg", 3, 0.1, 45)),
      hold_s_(params.Number("look_at", "hold_s", 0.3, 0, 10)),
      timeout_s_(params.Number("look_at", "timeout_s", 5, 0.1, 600)) {
  params.RejectUnknown("look_at", {"target", "tolerance_deg", "hold_s", "timeout_s"});
}

SkillOutcome LookAtSkill::CheckPreconditions(const SkillContext& context) {
  if (context.spec->head_camera.empty() || context.controller->gaze_task() == nullptr) {
    return SkillOutcome::Failed(FailureReason::kUnreachable,
                                "robot " + context.spec->name + " has no head camera");
  }
  if (!context.perception->Track(context.spec->head_camera)) {
    return SkillOutcome::Failed(FailureReason::kUnreachable,
                                "perception cannot see camera " + context.spec->head_camera);
  }
  // The gaze task pulls towards targets within 90° of the camera axis; the head turns (yaw and
  // pitch) and the waist add to that, so only a target behind the robot's back is refused.
  const control::RobotDynamics& dynamics = context.controller->dynamics();
  const double angle = context.controller->gaze_task()->GazeAngleRad(dynamics, target_m_);
  if (angle > 0.75 * M_PI) {
    return SkillOutcome::Failed(FailureReason::kUnreachable,
                                "target is " + std::to_string(angle * 180 / M_PI) +
                                    " deg off the gaze; the gaze turns at most 135 deg");
  }
  return SkillOutcome::Running();
}

void LookAtSkill::Start(const SkillContext& context) {
  context.controller->SetGazeTarget(target_m_);
  within_since_s_ = -1;
}

SkillOutcome LookAtSkill::Tick(const SkillContext& context) {
  const std::optional<PerceivedPose> camera =
      context.perception->Observe(context.spec->head_camera);
  if (!camera) return SkillOutcome::Running();  // a dropout: wait for the next reading
  const Eigen::Vector3d forward = -camera->rotation.col(2);
  const Eigen::Vector3d to_target = (target_m_ - camera->position_m).normalized();
  error_deg_ = std::atan2(forward.cross(to_target).norm(), forward.dot(to_target)) * 180 / M_PI;
  if (error_deg_ > tolerance_deg_) {
    within_since_s_ = -1;
    return SkillOutcome::Running();
  }
  if (within_since_s_ < 0) within_since_s_ = context.time_s;
  if (context.time_s - within_since_s_ >= hold_s_) return SkillOutcome::Succeeded();
  return SkillOutcome::Running();
}

std::optional<double> LookAtSkill::Measure(const SkillContext& context,
                                           PerceptionPort* port) const {
  if (!port->Track(context.spec->head_camera)) return std::nullopt;
  const std::optional<PerceivedPose> camera = port->Observe(context.spec->head_camera);
  if (!camera) return std::nullopt;
  const Eigen::Vector3d forward = -camera->rotation.col(2);
  const Eigen::Vector3d to_target = (target_m_ - camera->position_m).normalized();
  return std::atan2(forward.cross(to_target).norm(), forward.dot(to_target)) * 180 / M_PI;
}

void LookAtSkill::Stop(const SkillContext& context) { context.controller->ClearGazeTarget(); }

}  // namespace tianmu::skills
