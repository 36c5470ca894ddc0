// Hand pose task: a hand's palm site (robot.yaml hands[].palm_site) to a target position and
// orientation in the world frame, for reaching and holding. Off until a target is set.
#pragma once

#include "tianmu/control/wbc/task.h"

namespace tianmu::control::wbc {

/// Rows J_palm q̈ = kp e − kd v − J̇ v (6: linear then angular, world frame), weights per block.
/// Inactive (no target) it contributes zero rows without computing its Jacobian, so a
/// controller with no hand targets solves exactly the problem it solved without this task.
class HandPoseTask : public Task {
 public:
  /// `palm_site`: model index of the palm site; `nv`: the model's velocity dimension.
  HandPoseTask(std::string name, int palm_site, int nv, double position_weight,
               double orientation_weight, TaskGains linear, TaskGains angular);
  const std::string& name() const override { return name_; }
  void Update(const RobotDynamics& dynamics) override;
  /// Target pose of the palm site (world frame: m, world <- palm rotation); activates the task.
  void SetTarget(const Eigen::Vector3d& position_m, const Eigen::Matrix3d& rotation);
  /// Target position only (world frame, m): the palm's orientation is left free; activates the
  /// task.
  void SetPositionTarget(const Eigen::Vector3d& position_m);
  /// Switches the task off (the hand goes back to the posture task).
  void ClearTarget();
  /// Weights of the position rows (1/m²-like, as other tasks) and of the orientation rows; an
  /// orientation weight of 0 leaves the palm's orientation free.
  void SetWeights(double position_weight, double orientation_weight);
  bool has_target() const { return has_target_; }
  const Eigen::Vector3d& target_position_m() const { return position_ref_; }
  const Eigen::Matrix3d& target_rotation() const { return rotation_ref_; }
  int palm_site() const { return site_; }

 private:
  std::string name_;
  int site_;
  Eigen::Matrix<double, 6, 1> weight_;
  TaskGains linear_, angular_;
  bool has_target_ = false;
  bool orientation_free_ = false;  ///< position-only target: orientation rows weigh 0
  Eigen::Vector3d position_ref_ = Eigen::Vector3d::Zero();
  Eigen::Matrix3d rotation_ref_ = Eigen::Matrix3d::Identity();
};

}  // namespace tianmu::control::wbc
