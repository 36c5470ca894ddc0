// Where a camera is in the world: the pose of its OpenCV-convention frame C (x right, y down,
// z forward), from MuJoCo's camera frame (x right, y up, z backward).
#pragma once

#include <mujoco/mujoco.h>

#include <Eigen/Dense>

namespace tianmu::perception {

/// Pose of camera frame C (OpenCV convention) in the world frame W.
struct CameraPose {
  Eigen::Vector3d position_W_m = Eigen::Vector3d::Zero();      ///< optical centre, world
  Eigen::Matrix3d rotation_W_C = Eigen::Matrix3d::Identity();  ///< W <- C

  /// A point given in C, in W.
  Eigen::Vector3d ToWorld(const Eigen::Vector3d& p_C_m) const {
    return position_W_m + rotation_W_C * p_C_m;
  }
};

/// The pose of model camera `camera_id` in `data` (mj_kinematics and mj_camlight done).
CameraPose CameraPoseOf(const mjData* data, int camera_id);

}  // namespace tianmu::perception
