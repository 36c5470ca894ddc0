// RobotState: the controller's belief about the robot (from the state estimator, never from the
// simulator), in the MuJoCo free-joint convention: world-frame position and linear velocity,
// world <- base orientation, base-frame angular velocity.
#pragma once

#include <Eigen/Dense>
#include <Eigen/Geometry>
#include <array>

namespace tianmu::control {

/// Estimated state of the floating base and the joints.
struct RobotState {
  double time_s = 0;
  Eigen::Vector3d base_position_m = Eigen::Vector3d::Zero();              ///< world frame
  Eigen::Quaterniond base_orientation = Eigen::Quaterniond::Identity();   ///< world <- base
  Eigen::Vector3d base_linear_velocity_mps = Eigen::Vector3d::Zero();     ///< world frame
  Eigen::Vector3d base_angular_velocity_radps = Eigen::Vector3d::Zero();  ///< base frame
  Eigen::VectorXd q_rad;                    ///< actuated joints, RobotSpec order
  Eigen::VectorXd dq_radps;                 ///< actuated joints, RobotSpec order
  std::array<bool, 2> contact{true, true};  ///< feet [left, right] on the ground
};

}  // namespace tianmu::control
