#include "tianmu/control/locomotion/footstep_planner.h"

#include <algorithm>
#include <cmath>

namespace tianmu::control::locomotion {
namespace {

// Clamps `value` to [lo, hi]; a NaN becomes 0. Sets `*clamped` when it changed.
double ClampComponent(double value, double lo, double hi, bool* clamped) {
  if (std::isnan(value)) {
    *clamped = true;
    return 0;
  }
  const double out = std::clamp(value, lo, hi);
  if (out != value) *clamped = true;
  return out;
}

}  // namespace

ClampedCommand ClampCommand(const LocomotionConfig& config, const VelocityCommand& command) {
  ClampedCommand out;
  out.command.vx_mps =
      ClampComponent(command.vx_mps, -config.max_backward_vx_mps, config.max_vx_mps, &out.clamped);
  out.command.vy_mps =
      ClampComponent(command.vy_mps, -config.max_vy_mps, config.max_vy_mps, &out.clamped);
  out.command.wz_radps =
      ClampComponent(command.wz_radps, -config.max_wz_radps, config.max_wz_radps, &out.clamped);
  return out;
}

FootPose FootstepPlanner::NextStep(const FootPose& stance, FootSide swing_side,
                                   const VelocityCommand& command) const {
  const double t = config_.StepDurationFor(command.vx_mps);
  const double half_width = 0.5 * config_.nominal_step_width_m;
  const double sign = LateralSign(swing_side);  // the stance foot is on the other side
  // The walking frame: midway between the feet at nominal width, heading of the stance foot.
  const Eigen::Vector2d frame = stance.position_m.head<2>() +
                                Rotation2d(stance.yaw_rad) * Eigen::Vector2d(0, sign * half_width);
  // Forward motion on every step; lateral and yaw motion only when this foot leads (steps
  // towards the side of motion), twice as far, so the trailing foot just closes up and the
  // legs never cross.
  const double forward = command.vx_mps * t;
  const double lateral = command.vy_mps * sign > 0 ? 2 * command.vy_mps * t : 0;
  const double turn = command.wz_radps * sign > 0 ? 2 * command.wz_radps * t : 0;
  const double yaw = stance.yaw_rad + turn;
  const Eigen::Vector2d next_frame =
      frame + Rotation2d(stance.yaw_rad + 0.5 * turn) * Eigen::Vector2d(forward, lateral);
  FootPose target;
  target.position_m.head<2>() =
      next_frame + Rotation2d(yaw) * Eigen::Vector2d(0, sign * half_width);
  target.position_m.z() = stance.position_m.z();
  target.yaw_rad = WrapAngle(yaw);
  return ClampToReachable(stance, swing_side, target);
}

FootPose FootstepPlanner::SideBySide(const FootPose& stance, FootSide swing_side) const {
  FootPose target = stance;
  target.position_m.head<2>() +=
      Rotation2d(stance.yaw_rad) * Eigen::Vector2d(0, LateralSign(swing_side) * stance_width_m_);
  return target;
}

FootPose FootstepPlanner::ClampToReachable(const FootPose& stance, FootSide swing_side,
                                           const FootPose& target, bool* clamped,
                                           double reach_scale, double widest_m) const {
  const Eigen::Matrix2d r = Rotation2d(stance.yaw_rad);
  Eigen::Vector2d d = r.transpose() * (target.position_m.head<2>() - stance.position_m.head<2>());
  const double sign = LateralSign(swing_side);
  bool changed = false;
  d.x() = ClampComponent(d.x(), -reach_scale * config_.max_step_back_m,
                         reach_scale * config_.max_step_length_m, &changed);
  // Recovery steps go sideways as far as the legs reach, not just the scaled comfort limit; the
  // extra width fades out with the step's length (a leg does not reach far forwards and far out).
  double widest = config_.nominal_step_width_m + reach_scale * config_.max_step_width_m;
  if (reach_scale > 1 && widest_m > widest) {
    // The fade runs over the recovery part of the length range (beyond the walking limit).
    const double walking = d.x() >= 0 ? config_.max_step_length_m : config_.max_step_back_m;
    const double beyond = std::abs(d.x()) - walking;
    const double range = (reach_scale - 1) * walking;
    const double share = beyond <= 0 ? 0.0 : range > 0 ? std::min(beyond / range, 1.0) : 1.0;
    widest += (1 - share) * (widest_m - widest);
  }
  const double lateral = ClampComponent(sign * d.y(), config_.min_step_width_m, widest, &changed);
  d.y() = sign * lateral;
  const double yaw = ClampComponent(WrapAngle(target.yaw_rad - stance.yaw_rad),
                                    -config_.max_step_yaw_rad, config_.max_step_yaw_rad, &changed);
  if (clamped != nullptr) *clamped = changed;
  if (!changed) return target;
  FootPose out;
  out.position_m.head<2>() = stance.position_m.head<2>() + r * d;
  out.position_m.z() = target.position_m.z();
  out.yaw_rad = WrapAngle(stance.yaw_rad + yaw);
  return out;
}

FootSide FootstepPlanner::LeadingSide(const VelocityCommand& command, const FootPose& left,
                                      const FootPose& right) const {
  constexpr double kEps = 1e-6;
  if (std::abs(command.vy_mps) > kEps)
    return command.vy_mps > 0 ? FootSide::kLeft : FootSide::kRight;
  if (std::abs(command.wz_radps) > kEps) {
    return command.wz_radps > 0 ? FootSide::kLeft : FootSide::kRight;
  }
  // Mean heading of the feet (averaged as unit vectors), then the foot behind steps first.
  const double heading = MeanYaw(left.yaw_rad, right.yaw_rad);
  const Eigen::Vector2d direction =
      Rotation2d(heading) * Eigen::Vector2d(command.vx_mps < 0 ? -1 : 1, 0);
  const double ahead =
      direction.dot(left.position_m.head<2>() - right.position_m.head<2>());  // left ahead > 0
  constexpr double kEvenM = 0.01;
  if (ahead > kEvenM) return FootSide::kRight;
  return FootSide::kLeft;
}

bool FootstepPlanner::IsSideBySide(const FootPose& stance, FootSide other_side,
                                   const FootPose& other) const {
  // Landing errors of a torque-controlled swing foot reach a couple of centimetres; a tighter
  // tolerance turns a stop into endless closing steps.
  constexpr double kPositionTolM = 0.03;
  constexpr double kYawTolRad = 0.08;
  const Eigen::Vector2d d = Rotation2d(stance.yaw_rad).transpose() *
                            (other.position_m.head<2>() - stance.position_m.head<2>());
  return std::abs(d.x()) < kPositionTolM &&
         std::abs(LateralSign(other_side) * d.y() - stance_width_m_) < kPositionTolM &&
         std::abs(WrapAngle(other.yaw_rad - stance.yaw_rad)) < kYawTolRad;
}

void FootstepPlanner::Plan(const FootPose& stance, FootSide stance_side,
                           const VelocityCommand& command, double first_liftoff_time_s, int count,
                           FootstepPlan* plan) const {
  plan->size = std::clamp(count, 0, FootstepPlan::kMaxSteps);
  FootPose current = stance;
  FootSide swing = Other(stance_side);
  for (int i = 0; i < plan->size; ++i) {
    Footstep& step = plan->steps[i];
    step.side = swing;
    step.pose = NextStep(current, swing, command);
    const double duration = config_.StepDurationFor(command.vx_mps);
    step.liftoff_time_s = first_liftoff_time_s + i * duration;
    step.touchdown_time_s =
        step.liftoff_time_s + duration * (1 - config_.DoubleSupportFractionFor(duration));
    current = step.pose;
    swing = Other(swing);
  }
}

}  // namespace tianmu::control::locomotion
