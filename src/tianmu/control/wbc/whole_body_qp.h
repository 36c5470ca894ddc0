// The whole-body controller's QP (weighted task-space inverse dynamics): joint accelerations and
// the two feet's contact wrenches that best achieve the tasks, subject to the floating-base
// dynamics, no-slip contacts, friction and CoP limits, actuator torque limits and joint limits.
// Joint torques follow from the solution. The QP knows nothing about walking.
#pragma once

#include <Eigen/Dense>
#include <array>
#include <vector>

#include "tianmu/control/qp/dense_qp.h"
#include "tianmu/control/robot_dynamics.h"
#include "tianmu/control/wbc/contact.h"
#include "tianmu/control/wbc/task.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control::wbc {

/// Regularisation and limit settings.
struct WholeBodyQpConfig {
  double acceleration_regularization = 1e-6;   ///< weight on ‖q̈‖²
  double force_regularization = 1e-7;          ///< weight on contact forces², 1/N²
  double torque_regularization = 1e-5;         ///< weight on contact torques², 1/(N·m)²
  double joint_limit_horizon_s = 0.05;         ///< joint-limit braking horizon
  double max_joint_acceleration_radps2 = 400;  ///< bound on |q̈| of actuated joints
};

/// What one solve produced.
struct WholeBodySolution {
  qp::QpStatus status = qp::QpStatus::kInvalidInput;
  Eigen::VectorXd joint_acceleration;                 ///< nv
  Eigen::VectorXd torque_Nm;                          ///< actuated joints, RobotSpec order
  std::array<Eigen::Matrix<double, 6, 1>, 2> wrench;  ///< per foot, world frame, at the sole
  int iterations = 0;
  /// The joint-range braking bounds made the problem infeasible (a planted leg at its range
  /// limit, say) and it was solved again with only the ±max_joint_acceleration box.
  bool joint_limits_relaxed = false;
};

/// Assembles and solves the QP each tick.
class WholeBodyQp {
 public:
  WholeBodyQp(const model::RobotSpec& spec, const RobotDynamics& dynamics,
              std::array<ContactParameters, 2> contacts, const WholeBodyQpConfig& config = {});

  /// Adds a task (not owned; must outlive this object).
  void AddTask(Task* task) { tasks_.push_back(task); }
  /// Declares which feet are in contact this tick.
  void SetContacts(const std::array<bool, 2>& in_contact) { in_contact_ = in_contact; }
  /// Known external forces on the robot besides the feet's contact wrenches, as generalised
  /// forces (nv; Jᵀ f for a force f acting at a point with Jacobian J): a hand pressing on an
  /// object feels the object push back. They enter the floating-base dynamics and the torques,
  /// so the joints produce the force instead of the tasks' feedback. Until cleared.
  void SetExternalGeneralizedForce(const Eigen::VectorXd& force);
  /// No external forces any more (the default).
  void ClearExternalGeneralizedForce() { has_external_force_ = false; }
  /// Whether external forces are in effect (a valid SetExternalGeneralizedForce, not cleared).
  bool has_external_force() const { return has_external_force_; }
  /// Updates every task and contact at the state `dynamics` holds and solves. `temperature_C`
  /// (per joint) feeds the actuator torque envelopes. Returns false (solution.status says why)
  /// when the QP failed; the solution's torques are then not to be used.
  bool Solve(const RobotDynamics& dynamics, const std::vector<double>& temperature_C,
             WholeBodySolution* solution);

  int num_variables() const { return nv_ + 12; }
  const qp::QpProblem& problem() const { return problem_; }

 private:
  void UpdateTorqueLimits(const RobotDynamics& dynamics, const std::vector<double>& temperature_C);
  /// Drops equality rows that depend on the others (legs with fewer than six joints).
  void RemoveDependentEqualities();
  /// Gives problem_ (and result_) the equality buffers of `stance` feet in contact, parking
  /// the current ones: a stance change swaps buffers instead of reallocating them.
  void SwapEqualityBuffers(int stance);

  const model::RobotSpec& spec_;
  WholeBodyQpConfig config_;
  int nv_;
  int base_dof_;
  std::vector<int> joint_dof_;
  std::vector<bool> is_actuated_dof_;
  std::array<Contact, 2> contacts_;
  std::array<bool, 2> in_contact_{true, true};
  Eigen::VectorXd external_force_;  ///< nv generalised force on the robot (SetExternal...)
  bool has_external_force_ = false;
  std::vector<Task*> tasks_;
  std::vector<double> torque_lower_Nm_, torque_upper_Nm_;
  qp::QpProblem problem_;
  qp::DenseQpSolver solver_;
  qp::QpResult result_;
  qp::QpOptions options_;
  bool remove_dependent_equalities_ = false;  ///< some leg has fewer than six actuated joints
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> equality_qr_;
  // Cost assembly buffers (rows grow to the largest task once; blocks of them are used), so
  // that a tick allocates nothing.
  Eigen::MatrixXd weighted_q_;  ///< task rows x nv: weight-scaled Jacobian
  Eigen::MatrixXd weighted_w_;  ///< task rows x 12: weight-scaled wrench Jacobian
  Eigen::MatrixXd cross_;       ///< nv x 12: Jacobian-wrench cross term
  /// Equality rows (A_eq, b_eq, y_eq) parked per number of stance feet (0, 1, 2).
  std::array<Eigen::MatrixXd, 3> spare_a_eq_;
  std::array<Eigen::VectorXd, 3> spare_b_eq_, spare_y_eq_;
};

}  // namespace tianmu::control::wbc
