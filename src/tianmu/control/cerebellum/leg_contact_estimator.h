// Foot contact for robots without foot force/torque sensors (and for feet whose sensor has
// failed): the gait phase says when a foot should carry the robot, the torques its leg joints
// measure say whether it does. The load is the sole wrench that explains the leg's joint torques
// through the rigid-body equation J_legᵀ w = (M q̈ + h)_leg − τ_leg.
#pragma once

#include <Eigen/Dense>
#include <array>
#include <vector>

#include "tianmu/control/locomotion/walking_controller.h"
#include "tianmu/control/robot_dynamics.h"
#include "tianmu/hal/low_state.h"

namespace tianmu::control {

/// Thresholds of the load test, as fractions of the robot's weight m·g.
struct LegContactConfig {
  double on_fraction = 0.15;     ///< a foot loaded beyond this carries the robot ...
  double off_fraction = 0.05;    ///< ... until its load drops below this
  double regularisation = 1e-6;  ///< damping of the least-squares wrench solve
};

/// Contact per foot from gait phase and joint-torque load. Allocation-free after construction.
class LegContactEstimator {
 public:
  /// Finds each leg's joints between the base and the sole site.
  explicit LegContactEstimator(const RobotDynamics& dynamics, const LegContactConfig& config = {});

  /// Back to both feet down (standing).
  void Reset();
  /// One tick after `dynamics` was updated, for the feet of `state` without a valid F/T reading
  /// (the others only follow the plan): load from `state.tau_measured_Nm`, `qdd` the generalised
  /// acceleration the last command asked for (nv, or empty for zero), `reference` the walking
  /// plan of the last tick, `early_touchdown_phase` the swing fraction from which a loaded foot
  /// ends its swing.
  void Update(const hal::LowState& state, const Eigen::VectorXd& qdd,
              const locomotion::LocomotionReference& reference, double early_touchdown_phase);

  /// The decision after the last Update: [left, right].
  const std::array<bool, 2>& contact() const { return contact_; }
  /// Estimated vertical load on each sole without a valid F/T reading (world z, N; positive when
  /// the ground pushes up); not updated for feet with one.
  const std::array<double, 2>& normal_force_N() const { return normal_force_N_; }
  /// The estimated sole wrenches in the F/T convention (sole frame, about the sole site); valid
  /// only for legs with six or more actuated joints, whose torques determine all six components.
  const std::array<hal::FootWrench, 2>& wrench() const { return wrench_; }

 private:
  /// Wrench (world frame at the sole site: force, torque) explaining leg `foot`'s torques.
  Eigen::Matrix<double, 6, 1> LegWrench(int foot, const std::vector<double>& tau_measured_Nm,
                                        const Eigen::VectorXd& qdd);

  const RobotDynamics& dynamics_;
  LegContactConfig config_;
  double weight_N_ = 0;
  std::array<int, 2> sole_site_{};
  std::array<std::vector<int>, 2> leg_joints_;  ///< actuated joints of each leg (RobotSpec)
  std::array<std::vector<int>, 2> leg_dofs_;    ///< their generalised-velocity indices
  Eigen::MatrixXd jacobian_;                    ///< 6 x nv scratch
  std::array<bool, 2> contact_{true, true};
  std::array<bool, 2> loaded_{true, true};
  std::array<double, 2> normal_force_N_{};
  std::array<hal::FootWrench, 2> wrench_{};
};

}  // namespace tianmu::control
