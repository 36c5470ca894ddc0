// FootstepPlanner: turns a velocity command (robot heading frame) into the next footsteps from the
// current stance foot: forward v_x·T per step, lateral and yaw motion on the leading foot's steps,
// clamped to the reachable region so the legs never cross.
#pragma once

#include <array>

#include "tianmu/control/locomotion/footstep.h"
#include "tianmu/control/locomotion/locomotion_config.h"

namespace tianmu::control::locomotion {

/// A walking velocity in the robot's heading frame: forward, left (m/s) and yaw rate (rad/s).
struct VelocityCommand {
  double vx_mps = 0;
  double vy_mps = 0;
  double wz_radps = 0;
  bool IsZero() const { return vx_mps == 0 && vy_mps == 0 && wz_radps == 0; }
};

/// A command after clamping to the configured limits, and whether any component was changed.
struct ClampedCommand {
  VelocityCommand command;
  bool clamped = false;
};

/// Clamps each component of `command` to the limits of `config`; NaN components become 0 and
/// count as clamped.
ClampedCommand ClampCommand(const LocomotionConfig& config, const VelocityCommand& command);

/// Up to kMaxSteps planned footsteps in walking order (sides alternate).
struct FootstepPlan {
  static constexpr int kMaxSteps = 4;
  std::array<Footstep, kMaxSteps> steps{};
  int size = 0;
};

/// Plans footsteps for a biped from a velocity command. Stateless apart from the configuration.
class FootstepPlanner {
 public:
  explicit FootstepPlanner(const LocomotionConfig& config)
      : config_(config), stance_width_m_(config.nominal_step_width_m) {}

  /// Plans `count` (≤ FootstepPlan::kMaxSteps) footsteps after the stance foot `stance` of side
  /// `stance_side`, the first swinging the other foot and lifting off at `first_liftoff_time_s`.
  /// `command` is used as given (clamp it first). A zero command walks in place.
  void Plan(const FootPose& stance, FootSide stance_side, const VelocityCommand& command,
            double first_liftoff_time_s, int count, FootstepPlan* plan) const;

  /// The next landing pose of foot `swing_side` for `command`, from the stance foot (other side).
  FootPose NextStep(const FootPose& stance, FootSide swing_side,
                    const VelocityCommand& command) const;

  /// The pose beside `stance` at the nominal width, same yaw: the closing step when stopping.
  FootPose SideBySide(const FootPose& stance, FootSide swing_side) const;
  /// The width SideBySide and IsSideBySide use: nominal_step_width_m unless set (a stop that
  /// ends in a wider stance).
  void set_stance_width(double width_m) { stance_width_m_ = width_m; }
  double stance_width_m() const { return stance_width_m_; }

  /// `target` for foot `swing_side` moved into the reachable region of the stance foot: forward
  /// offset in [−max_step_back, max_step_length], lateral in [min width, nominal + max width]
  /// on the swing foot's side, relative yaw within ±max_step_yaw (stance frame). Sets `*clamped`
  /// (if given) when it moved. `reach_scale` ≥ 1 widens the length, back and width limits (the
  /// minimum width stays: the legs never cross); above 1 (recovery and adjusted steps) the width
  /// may also reach `widest_m` (the config's recovery or adjusted step width) for a step
  /// straight sideways, less the longer the step is forwards or backwards.
  FootPose ClampToReachable(const FootPose& stance, FootSide swing_side, const FootPose& target,
                            bool* clamped = nullptr, double reach_scale = 1.0,
                            double widest_m = 0) const;

  /// The foot that should step first when starting to walk with `command`: the foot on the side
  /// of lateral motion, else of turning, else the one behind along the walking direction (left
  /// when even).
  FootSide LeadingSide(const VelocityCommand& command, const FootPose& left,
                       const FootPose& right) const;

  /// True if `other` stands beside `stance` at the nominal width (within 1 cm and 0.03 rad).
  bool IsSideBySide(const FootPose& stance, FootSide other_side, const FootPose& other) const;

  const LocomotionConfig& config() const { return config_; }

 private:
  LocomotionConfig config_;
  double stance_width_m_;
};

}  // namespace tianmu::control::locomotion
