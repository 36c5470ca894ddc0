// Frame task: a site's full pose (position and orientation, world frame), for swing feet and
// hands, with feed-forward velocity and acceleration from a trajectory.
#pragma once

#include "tianmu/control/wbc/task.h"

namespace tianmu::control::wbc {

/// Rows J_site q̈ = a_ref + kp e + kd (v_ref − v) − J̇ v (6: linear then angular). The weights
/// act along the axes of the reference frame (x, y, z then roll, pitch, yaw of the reference
/// pose), so a foot's roll can weigh less than its pitch whatever the heading.
class FrameTask : public Task {
 public:
  FrameTask(std::string name, int site, const Eigen::Matrix<double, 6, 1>& weight, TaskGains linear,
            TaskGains angular);
  const std::string& name() const override { return name_; }
  void Update(const RobotDynamics& dynamics) override;
  /// Reference pose and its first two derivatives (world frame; angular parts in rad, rad/s).
  void SetReference(const Eigen::Vector3d& position_m, const Eigen::Matrix3d& rotation,
                    const Eigen::Matrix<double, 6, 1>& velocity,
                    const Eigen::Matrix<double, 6, 1>& acceleration);

 private:
  std::string name_;
  int site_;
  Eigen::Matrix<double, 6, 1> weight_;
  TaskGains linear_, angular_;
  bool isotropic_ = true;  ///< equal weights within each block: no rotation needed
  Eigen::Vector3d position_ref_ = Eigen::Vector3d::Zero();
  Eigen::Matrix3d rotation_ref_ = Eigen::Matrix3d::Identity();
  Eigen::Matrix<double, 6, 1> velocity_ref_ = Eigen::Matrix<double, 6, 1>::Zero();
  Eigen::Matrix<double, 6, 1> acceleration_ref_ = Eigen::Matrix<double, 6, 1>::Zero();
};

}  // namespace tianmu::control::wbc
