// RobotDynamics: rigid-body quantities of the robot (mass matrix, bias forces, Jacobians, CoM)
// computed by MuJoCo on a controller-owned copy of the robot's own model (with each joint's
// reflected rotor inertia from its datasheet as armature), set to an estimated RobotState. No
// second dynamics library; no simulator state.
#pragma once

#include <Eigen/Dense>
#include <Eigen/Geometry>
#include <vector>

#include "tianmu/control/robot_state.h"
#include "tianmu/model/robot_binding.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control {

/// Row-major matrices match MuJoCo's layout and map without copies.
using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Kinematics and dynamics of one robot at one state. Not thread-safe; one per controller.
class RobotDynamics {
 public:
  explicit RobotDynamics(const model::RobotSpec& spec);

  /// Sets the state (passive joints such as coupled finger links stay at 0) and computes
  /// kinematics, CoM, the mass matrix and velocity-dependent terms.
  void Update(const RobotState& state);

  int nv() const { return model_->nv; }
  /// Index in the generalised velocity of actuated joint `j` (RobotSpec order).
  int JointDof(int j) const { return binding_.joint_dof_adr[j]; }
  /// Index of the base's first velocity (6: linear world, angular base frame).
  int BaseDof() const { return binding_.base_dof_adr; }

  /// Joint-space mass matrix M (nv x nv).
  const Eigen::MatrixXd& MassMatrix() const { return mass_matrix_; }
  /// Bias forces h = C(q, v) v + g(q) (nv): M q̈ + h = τ + Jᵀ f.
  const Eigen::VectorXd& Bias() const { return bias_; }

  /// World position of site `site` (model index).
  Eigen::Vector3d SitePosition(int site) const;
  /// World <- site rotation.
  Eigen::Matrix3d SiteRotation(int site) const;
  /// 6 x nv Jacobian of site `site`: rows 0-2 linear velocity (world), 3-5 angular (world).
  void SiteJacobian(int site, Eigen::MatrixXd* jacobian) const;
  /// 6 x nv Jacobian of body `body`'s frame origin, as SiteJacobian.
  void BodyJacobian(int body, Eigen::MatrixXd* jacobian) const;
  /// 6 x nv Jacobian of the point `point_m` (world frame) moving with body `body`, as SiteJacobian.
  void PointJacobian(int body, const Eigen::Vector3d& point_m, Eigen::MatrixXd* jacobian) const;
  /// World position and rotation of body `body`'s frame.
  Eigen::Vector3d BodyPosition(int body) const;
  Eigen::Matrix3d BodyRotation(int body) const;
  /// Velocity-product acceleration J̇ v of a site's origin (6: linear, angular; world), i.e. its
  /// acceleration when q̈ = 0.
  Eigen::Matrix<double, 6, 1> SiteBiasAcceleration(int site) const;

  /// Generalised velocity v (nv) of the last Update.
  const Eigen::VectorXd& Velocity() const { return velocity_; }
  /// Position of actuated joint `j` (RobotSpec order) of the last Update.
  double JointPosition(int j) const { return data_->qpos[binding_.joint_qpos_adr[j]]; }

  /// Whole-robot centre of mass (world) and its 3 x nv Jacobian.
  Eigen::Vector3d CoM() const;
  const Eigen::MatrixXd& CoMJacobian() const { return com_jacobian_; }
  /// CoM velocity J_com v.
  Eigen::Vector3d CoMVelocity() const;
  double total_mass_kg() const { return total_mass_kg_; }
  /// Angular momentum of the whole robot about its CoM (world frame, kg·m²/s).
  Eigen::Vector3d CentroidalAngularMomentum() const;
  /// Gravitational acceleration of the model (world frame, m/s²).
  Eigen::Vector3d Gravity() const { return Eigen::Map<const Eigen::Vector3d>(model_->opt.gravity); }
  /// Actuated joints (RobotSpec indices) between the base and site `site`, site side first: a
  /// leg's joints for a sole site (six for a full leg).
  std::vector<int> ActuatedJointsToSite(int site) const;

  /// Adds a rigid payload (a held object) to body `body` of the controller's model: `mass_kg` at
  /// `com_in_body_m` (body frame) with `inertia_kgm2` about that point (body axes). Replaces any
  /// earlier payload of that body and recomputes the model's constants; takes effect at the next
  /// Update. Not for the 1 kHz path's every tick: call it when a grasp starts or ends.
  void SetPayload(int body, double mass_kg, const Eigen::Vector3d& com_in_body_m,
                  const Eigen::Matrix3d& inertia_kgm2);
  /// Removes body `body`'s payload (the body's own mass properties again).
  void ClearPayload(int body);
  /// Mass of the payloads currently added (kg).
  double payload_mass_kg() const { return total_mass_kg_ - robot_mass_kg_; }

  const mjModel* model() const { return model_.get(); }
  const mjData* data() const { return data_.get(); }
  const model::RobotBinding& binding() const { return binding_; }

 private:
  model::MjModelPtr model_;  ///< the MJCF plus the datasheets' reflected rotor inertia
  model::MjDataPtr data_;
  model::MjDataPtr scratch_data_;  ///< for finite differences along v
  model::RobotBinding binding_;
  Eigen::MatrixXd mass_matrix_;
  Eigen::VectorXd bias_;
  Eigen::MatrixXd com_jacobian_;
  Eigen::VectorXd velocity_;
  double total_mass_kg_ = 0;  ///< robot plus payloads
  double robot_mass_kg_ = 0;
  /// Each body's own mass properties (mass, CoM, principal inertia, its axes), for payloads.
  std::vector<double> own_mass_kg_;
  std::vector<Eigen::Vector3d> own_com_m_, own_inertia_kgm2_;
  std::vector<Eigen::Quaterniond> own_inertia_axes_;
  std::vector<double> payload_kg_;  ///< per body
  mutable RowMatrixXd scratch_;     ///< 3 x nv buffer for MuJoCo's row-major Jacobians
  // Buffers of the per-tick queries, sized once so that a tick allocates nothing.
  mutable RowMatrixXd jacp_, jacr_;            ///< 3 x nv: translational, rotational Jacobian
  mutable Eigen::MatrixXd bias_j0_, bias_j1_;  ///< 6 x nv: SiteBiasAcceleration's Jacobians
  RowMatrixXd full_mass_;                      ///< nv x nv: mj_fullM's row-major output
};

}  // namespace tianmu::control
