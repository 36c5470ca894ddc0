// Contact: a foot sole in contact with the ground. Gives the QP its wrench variables' limits
// (friction pyramid, centre of pressure inside the sole, bounded yaw torque and normal force)
// and the no-slip acceleration rows.
#pragma once

#include <Eigen/Dense>

#include "tianmu/control/robot_dynamics.h"

namespace tianmu::control::wbc {

/// Geometry and friction of one sole contact.
struct ContactParameters {
  int sole_site = -1;  ///< model site at the sole centre (x forward, z up)
  double sole_length_m = 0;
  double sole_width_m = 0;
  double friction = 0.7;          ///< Coulomb coefficient used for the pyramid (conservative)
  double min_normal_force_N = 5;  ///< keep a little load on a stance foot
  double max_normal_force_N = 3000;
  double cop_margin = 0.9;           ///< fraction of the half-sole the CoP may use
  double acceleration_damping = 10;  ///< K_d in J q̈ + J̇ v = −K_d J v (kills drift), 1/s
};

/// The rows one contact adds to the QP. The contact wrench (world frame, force then torque about
/// the sole centre) is acting on the robot.
class Contact {
 public:
  explicit Contact(const ContactParameters& params) : params_(params) {}

  /// Recomputes Jacobian, rotation and the constraint rows at the current state.
  void Update(const RobotDynamics& dynamics);
  /// 6 x nv Jacobian of the sole frame (linear; angular), world frame.
  const Eigen::MatrixXd& jacobian() const { return jacobian_; }
  /// The no-slip rows: jacobian() q̈ = acceleration_target().
  const Eigen::Matrix<double, 6, 1>& acceleration_target() const { return acceleration_target_; }
  /// Wrench inequality rows: lower <= rows * wrench <= upper (11 rows x 6).
  const Eigen::Matrix<double, 11, 6>& wrench_rows() const { return wrench_rows_; }
  const Eigen::Matrix<double, 11, 1>& wrench_lower() const { return lower_; }
  const Eigen::Matrix<double, 11, 1>& wrench_upper() const { return upper_; }
  const ContactParameters& params() const { return params_; }

 private:
  ContactParameters params_;
  Eigen::MatrixXd jacobian_;
  Eigen::Matrix<double, 6, 1> acceleration_target_;
  Eigen::Matrix<double, 11, 6> wrench_rows_;
  Eigen::Matrix<double, 11, 1> lower_, upper_;
};

}  // namespace tianmu::control::wbc
