// CoM task: track a centre-of-mass position, velocity and acceleration reference (world frame),
// the main balance and walking objective.
#pragma once

#include "tianmu/control/wbc/task.h"

namespace tianmu::control::wbc {

/// Rows J_com q̈ = a_ref + kp (x_ref − x) + kd (v_ref − v), per axis weights.
class CoMTask : public Task {
 public:
  CoMTask(const Eigen::Vector3d& weight, const Eigen::Vector3d& kp, const Eigen::Vector3d& kd);
  const std::string& name() const override { return name_; }
  void Update(const RobotDynamics& dynamics) override;
  /// The reference for the next Update (world frame: m, m/s, m/s²).
  void SetReference(const Eigen::Vector3d& position_m, const Eigen::Vector3d& velocity_mps,
                    const Eigen::Vector3d& acceleration_mps2);
  /// Per-axis weights (world x, y, z).
  void set_weight(const Eigen::Vector3d& weight) { weight_ = weight; }

 private:
  std::string name_ = "com";
  Eigen::Vector3d weight_, kp_, kd_;
  Eigen::Vector3d position_ref_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d velocity_ref_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d acceleration_ref_ = Eigen::Vector3d::Zero();
};

}  // namespace tianmu::control::wbc
