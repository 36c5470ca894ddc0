// Task: one objective of the whole-body QP, as rows "J q̈ (+ W w) ≈ target" with a weight per row
// (mc_rtc-style: each task is its own object; adding one never touches the solver).
#pragma once

#include <Eigen/Dense>
#include <string>

#include "tianmu/control/robot_dynamics.h"

namespace tianmu::control::wbc {

/// The rows a task contributes this tick: minimise Σ weight_i (J_i q̈ + W_i w − target_i)², where
/// w stacks the two contact wrenches (per foot: force then torque, world frame, at the sole).
struct TaskRows {
  Eigen::MatrixXd jacobian;         ///< dim x nv, or empty when the task is on w only
  Eigen::MatrixXd wrench_jacobian;  ///< dim x 12, or empty when the task is on q̈ only
  Eigen::VectorXd target;           ///< dim: desired acceleration minus J̇ v
  Eigen::VectorXd weight;           ///< dim, >= 0
};

/// A whole-body task: turns a reference into QP rows at the current state.
class Task {
 public:
  virtual ~Task() = default;
  /// Short name for logs and diagnostics.
  virtual const std::string& name() const = 0;
  /// Recomputes the rows at the state `dynamics` was last updated to.
  virtual void Update(const RobotDynamics& dynamics) = 0;
  /// The rows from the last Update().
  const TaskRows& rows() const { return rows_; }
  /// Switches the task off (its rows get weight 0) or on.
  void set_active(bool active) { active_ = active; }
  bool active() const { return active_; }

 protected:
  TaskRows rows_;
  bool active_ = true;
};

/// PD gains of a task: desired acceleration = feed-forward + kp·error + kd·velocity error.
struct TaskGains {
  double kp = 0;
  double kd = 0;
};

}  // namespace tianmu::control::wbc
