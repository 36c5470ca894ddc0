// SwingTrajectory: the path of a swinging foot from lift-off to its target. Quintic in x, y and
// yaw (zero velocity and acceleration at both ends); z rises to an apex and lands with a small
// downward speed. The target can change mid-swing with position, velocity and acceleration
// continuous (step adjustment). No allocation.
#pragma once

#include <Eigen/Dense>

#include "tianmu/control/locomotion/footstep.h"

namespace tianmu::control::locomotion {

/// The swing foot reference at one instant (world frame; feet stay flat, so only yaw rotates).
struct SwingSample {
  Eigen::Vector3d position_m = Eigen::Vector3d::Zero();
  Eigen::Vector3d velocity_mps = Eigen::Vector3d::Zero();
  Eigen::Vector3d acceleration_mps2 = Eigen::Vector3d::Zero();
  double yaw_rad = 0;
  double yaw_rate_radps = 0;
  double yaw_acceleration_radps2 = 0;
};

/// One quintic polynomial on [start, start + duration] meeting position, velocity and
/// acceleration at both ends; constant end position outside the interval.
class Quintic {
 public:
  /// Fits the polynomial to (p0, v0, a0) at `start_s` and (p1, v1, a1) `duration_s` later.
  void Fit(double start_s, double duration_s, double p0, double v0, double a0, double p1, double v1,
           double a1);
  /// Position, velocity and acceleration at `time_s` (held at the ends outside the interval:
  /// before, the start state; after, the end position with zero velocity and acceleration).
  void Evaluate(double time_s, double* p, double* v, double* a) const;
  double start_s() const { return start_s_; }
  double end_s() const { return start_s_ + duration_s_; }

 private:
  double start_s_ = 0;
  double duration_s_ = 0;
  double c_[6] = {0, 0, 0, 0, 0, 0};  ///< coefficients in τ = t − start
};

/// A foot's swing from lift-off to touchdown.
class SwingTrajectory {
 public:
  /// Starts a swing at `start_s` lasting `duration_s` from `liftoff` to `target`: the sole
  /// rises `apex_height_m` above the higher end at mid-swing and lands at
  /// `landing_velocity_mps` downwards.
  void Start(double start_s, double duration_s, const FootPose& liftoff, const FootPose& target,
             double apex_height_m, double landing_velocity_mps);
  /// Moves the target at `time_s` (before touchdown): x, y and yaw (and z once descending) are
  /// re-fitted from their current position, velocity and acceleration.
  void Retarget(double time_s, const FootPose& target);
  /// Retarget that also moves touchdown to `end_s` (step timing adaptation): x, y, yaw and z are
  /// re-fitted from their current state; a swing still rising reaches its apex at the new middle.
  void Retime(double time_s, double end_s, const FootPose& target);
  /// The reference at `time_s`.
  SwingSample Evaluate(double time_s) const;

  const FootPose& target() const { return target_; }
  double start_s() const { return start_s_; }
  double end_s() const { return end_s_; }
  /// Fraction of the swing elapsed at `time_s`, in [0, 1].
  double Phase(double time_s) const;

 private:
  // Fits the descent from the state at `time_s` (or from the apex, if not reached yet).
  void FitDescent(double time_s);
  double start_s_ = 0;
  double end_s_ = 0;
  double apex_height_m_ = 0;
  double landing_velocity_mps_ = 0;
  double apex_z_m_ = 0;
  FootPose target_;
  Quintic x_, y_, yaw_, rise_, descent_;
};

}  // namespace tianmu::control::locomotion
