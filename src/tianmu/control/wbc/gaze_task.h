// Gaze task: the head camera's optical axis points at a target point in the world frame (mc_rtc's
// LookAtTask), moving the head, and the waist and base as far as their own tasks let it.
#pragma once

#include <mujoco/mujoco.h>

#include "tianmu/control/wbc/task.h"

namespace tianmu::control::wbc {

/// With d the camera's forward axis (its −z, world frame), p the camera position and
/// u = (target − p)/|target − p|, the error is e = d × u (|e| = sin of the gaze angle, zero when
/// the camera looks at the target). Rows J_e q̈ = −kp e − kd J_e v with the exact Jacobian
/// J_e = (d uᵀ − (u·d) I) J_ω − [d]×(I − u uᵀ) J_p / |target − p|; J̇_e v is neglected, as the
/// CoM task neglects J̇_com v (small at the speeds a head turns). Targets within 90° of the gaze:
/// beyond that sin decreases and the task pulls more weakly. Off until a target is set.
class GazeTask : public Task {
 public:
  /// `camera`: index of the (fixed) camera in `m`, the controller's model.
  GazeTask(std::string name, const mjModel* m, int camera, double weight, TaskGains gains);
  const std::string& name() const override { return name_; }
  void Update(const RobotDynamics& dynamics) override;
  /// The point to look at (world frame, m); activates the task.
  void SetTarget(const Eigen::Vector3d& point_m);
  /// Switches the task off (the head goes back to the posture task).
  void ClearTarget();
  void set_weight(double weight) { weight_ = weight; }
  bool has_target() const { return has_target_; }
  const Eigen::Vector3d& target_m() const { return target_m_; }
  /// The error e = d × u of the last Update (zero when inactive).
  const Eigen::Vector3d& error() const { return error_; }

  /// World position and world <- camera rotation of the camera at the state of `dynamics`.
  void CameraPose(const RobotDynamics& dynamics, Eigen::Vector3d* position_m,
                  Eigen::Matrix3d* rotation) const;
  /// The error e = d × u for `target_m` at the state of `dynamics`.
  Eigen::Vector3d Error(const RobotDynamics& dynamics, const Eigen::Vector3d& target_m) const;
  /// The angle between the camera's forward axis and the direction to `target_m` (rad).
  double GazeAngleRad(const RobotDynamics& dynamics, const Eigen::Vector3d& target_m) const;

 private:
  std::string name_;
  int body_;
  Eigen::Vector3d position_in_body_m_;
  Eigen::Matrix3d rotation_in_body_;
  double weight_;
  TaskGains gains_;
  bool has_target_ = false;
  Eigen::Vector3d target_m_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d error_ = Eigen::Vector3d::Zero();
  Eigen::MatrixXd jacobian6_;  ///< 6 x nv: camera point's linear, body's angular Jacobian
};

}  // namespace tianmu::control::wbc
