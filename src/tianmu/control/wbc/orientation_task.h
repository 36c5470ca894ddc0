// Orientation task: keep a body (pelvis, torso) at a reference orientation in the world frame.
#pragma once

#include "tianmu/control/wbc/task.h"

namespace tianmu::control::wbc {

/// Rows J_ω q̈ = α_ref + kp·log(R_ref Rᵀ) + kd (ω_ref − ω), world frame.
class OrientationTask : public Task {
 public:
  OrientationTask(std::string name, int body, const Eigen::Vector3d& weight, TaskGains gains);
  const std::string& name() const override { return name_; }
  void Update(const RobotDynamics& dynamics) override;
  /// World <- body reference orientation and angular velocity (world frame, rad/s).
  void SetReference(const Eigen::Matrix3d& rotation,
                    const Eigen::Vector3d& angular_velocity = Eigen::Vector3d::Zero());
  void set_weight(const Eigen::Vector3d& weight) { weight_ = weight; }

 private:
  std::string name_;
  int body_;
  Eigen::Vector3d weight_;
  TaskGains gains_;
  Eigen::Matrix3d rotation_ref_ = Eigen::Matrix3d::Identity();
  Eigen::Vector3d angular_velocity_ref_ = Eigen::Vector3d::Zero();
  Eigen::MatrixXd jacobian6_;
};

/// Axis-angle vector of a rotation matrix (log map), rad.
Eigen::Vector3d RotationLog(const Eigen::Matrix3d& rotation);

}  // namespace tianmu::control::wbc
