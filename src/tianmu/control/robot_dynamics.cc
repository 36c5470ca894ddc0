#include "tianmu/control/robot_dynamics.h"

#include <algorithm>

namespace tianmu::control {
namespace {

/// The robot's model as its drives feel it: the MJCF plus each joint's reflected rotor inertia
/// from the datasheets.
model::MjModelPtr ControllerModel(const model::RobotSpec& spec) {
  model::MjModelPtr m = model::CopyModel(spec.model.get());
  model::AddReflectedRotorInertia(spec, model::BindRobot(spec, m.get()), m.get());
  return m;
}

}  // namespace

RobotDynamics::RobotDynamics(const model::RobotSpec& spec)
    : model_(ControllerModel(spec)),
      data_(model::MakeData(model_.get())),
      scratch_data_(model::MakeData(model_.get())),
      binding_(model::BindRobot(spec, model_.get())),
      total_mass_kg_(spec.total_mass_kg),
      robot_mass_kg_(spec.total_mass_kg) {
  const int nv = model_->nv;
  const mjModel* m = model_.get();
  for (int b = 0; b < m->nbody; ++b) {
    own_mass_kg_.push_back(m->body_mass[b]);
    own_com_m_.emplace_back(m->body_ipos[3 * b], m->body_ipos[3 * b + 1], m->body_ipos[3 * b + 2]);
    own_inertia_kgm2_.emplace_back(m->body_inertia[3 * b], m->body_inertia[3 * b + 1],
                                   m->body_inertia[3 * b + 2]);
    const mjtNum* q = m->body_iquat + 4 * b;
    own_inertia_axes_.emplace_back(q[0], q[1], q[2], q[3]);
  }
  payload_kg_.assign(m->nbody, 0.0);
  mass_matrix_.setZero(nv, nv);
  bias_.setZero(nv);
  com_jacobian_.setZero(3, nv);
  velocity_.setZero(nv);
  scratch_.setZero(3, nv);
  jacp_.setZero(3, nv);
  jacr_.setZero(3, nv);
  bias_j0_.setZero(6, nv);
  bias_j1_.setZero(6, nv);
  full_mass_.setZero(nv, nv);
  mj_resetData(model_.get(), data_.get());
}

void RobotDynamics::Update(const RobotState& state) {
  const mjModel* m = model_.get();
  mjData* d = data_.get();
  const int q0 = binding_.base_qpos_adr;
  const int v0 = binding_.base_dof_adr;
  for (int k = 0; k < 3; ++k) {
    d->qpos[q0 + k] = state.base_position_m[k];
    d->qvel[v0 + k] = state.base_linear_velocity_mps[k];
    d->qvel[v0 + 3 + k] = state.base_angular_velocity_radps[k];
  }
  d->qpos[q0 + 3] = state.base_orientation.w();
  d->qpos[q0 + 4] = state.base_orientation.x();
  d->qpos[q0 + 5] = state.base_orientation.y();
  d->qpos[q0 + 6] = state.base_orientation.z();
  for (int j = 0; j < static_cast<int>(binding_.joint_qpos_adr.size()); ++j) {
    d->qpos[binding_.joint_qpos_adr[j]] = state.q_rad[j];
    d->qvel[binding_.joint_dof_adr[j]] = state.dq_radps[j];
  }
  mj_kinematics(m, d);
  mj_comPos(m, d);
  mj_crb(m, d);
  mj_comVel(m, d);
  mj_subtreeVel(m, d);
  mj_fullM(m, full_mass_.data(), d->qM);
  mass_matrix_ = full_mass_;
  mj_rne(m, d, 0, bias_.data());
  mj_jacSubtreeCom(m, d, scratch_.data(), binding_.base_body);
  com_jacobian_ = scratch_;
  for (int i = 0; i < m->nv; ++i) velocity_[i] = d->qvel[i];
}

Eigen::Vector3d RobotDynamics::SitePosition(int site) const {
  return Eigen::Map<const Eigen::Vector3d>(data_->site_xpos + 3 * site);
}

Eigen::Matrix3d RobotDynamics::SiteRotation(int site) const {
  return Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(data_->site_xmat +
                                                                        9 * site);
}

void RobotDynamics::PointJacobian(int body, const Eigen::Vector3d& point_m,
                                  Eigen::MatrixXd* jacobian) const {
  const int nv = model_->nv;
  jacobian->resize(6, nv);
  mj_jac(model_.get(), data_.get(), jacp_.data(), jacr_.data(), point_m.data(), body);
  jacobian->topRows(3) = jacp_;
  jacobian->bottomRows(3) = jacr_;
}

void RobotDynamics::SetPayload(int body, double mass_kg, const Eigen::Vector3d& com_in_body_m,
                               const Eigen::Matrix3d& inertia_kgm2) {
  mjModel* m = model_.get();
  // The body's own inertia as a tensor in body axes, about its own CoM.
  const Eigen::Matrix3d axes = own_inertia_axes_[body].normalized().toRotationMatrix();
  const Eigen::Matrix3d own = axes * own_inertia_kgm2_[body].asDiagonal() * axes.transpose();
  const double m0 = own_mass_kg_[body];
  const double total = m0 + mass_kg;
  const Eigen::Vector3d c = (m0 * own_com_m_[body] + mass_kg * com_in_body_m) / total;
  // Parallel-axis theorem: both parts about the combined CoM.
  auto shift = [](double mass, const Eigen::Vector3d& r) {
    return (mass * (r.squaredNorm() * Eigen::Matrix3d::Identity() - r * r.transpose())).eval();
  };
  const Eigen::Matrix3d combined =
      own + shift(m0, own_com_m_[body] - c) + inertia_kgm2 + shift(mass_kg, com_in_body_m - c);
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(combined);
  Eigen::Matrix3d principal = eig.eigenvectors();
  if (principal.determinant() < 0) principal.col(2) *= -1;  // a rotation, not a reflection
  const Eigen::Quaterniond q(principal);
  m->body_mass[body] = total;
  for (int k = 0; k < 3; ++k) {
    m->body_ipos[3 * body + k] = c[k];
    m->body_inertia[3 * body + k] = std::max(eig.eigenvalues()[k], 1e-9);
  }
  m->body_iquat[4 * body] = q.w();
  m->body_iquat[4 * body + 1] = q.x();
  m->body_iquat[4 * body + 2] = q.y();
  m->body_iquat[4 * body + 3] = q.z();
  total_mass_kg_ += mass_kg - payload_kg_[body];
  payload_kg_[body] = mass_kg;
  mj_setConst(m, scratch_data_.get());
}

void RobotDynamics::ClearPayload(int body) {
  if (payload_kg_[body] == 0) return;
  mjModel* m = model_.get();
  m->body_mass[body] = own_mass_kg_[body];
  for (int k = 0; k < 3; ++k) {
    m->body_ipos[3 * body + k] = own_com_m_[body][k];
    m->body_inertia[3 * body + k] = own_inertia_kgm2_[body][k];
  }
  const Eigen::Quaterniond& q = own_inertia_axes_[body];
  m->body_iquat[4 * body] = q.w();
  m->body_iquat[4 * body + 1] = q.x();
  m->body_iquat[4 * body + 2] = q.y();
  m->body_iquat[4 * body + 3] = q.z();
  total_mass_kg_ -= payload_kg_[body];
  payload_kg_[body] = 0;
  mj_setConst(m, scratch_data_.get());
}

Eigen::Vector3d RobotDynamics::BodyPosition(int body) const {
  return Eigen::Map<const Eigen::Vector3d>(data_->xpos + 3 * body);
}

Eigen::Matrix3d RobotDynamics::BodyRotation(int body) const {
  return Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(data_->xmat + 9 * body);
}

void RobotDynamics::SiteJacobian(int site, Eigen::MatrixXd* jacobian) const {
  const int nv = model_->nv;
  jacobian->resize(6, nv);
  mj_jacSite(model_.get(), data_.get(), jacp_.data(), jacr_.data(), site);
  jacobian->topRows(3) = jacp_;
  jacobian->bottomRows(3) = jacr_;
}

void RobotDynamics::BodyJacobian(int body, Eigen::MatrixXd* jacobian) const {
  const int nv = model_->nv;
  jacobian->resize(6, nv);
  mj_jacBody(model_.get(), data_.get(), jacp_.data(), jacr_.data(), body);
  jacobian->topRows(3) = jacp_;
  jacobian->bottomRows(3) = jacr_;
}

Eigen::Matrix<double, 6, 1> RobotDynamics::SiteBiasAcceleration(int site) const {
  // The acceleration with q̈ = 0 is J̇v. MuJoCo 2.2.2 has no mj_jacDot, so differentiate the
  // Jacobian along v: J̇ ≈ (J(q ⊕ εv) − J(q)) / ε, on a scratch copy of the data.
  const mjModel* m = model_.get();
  constexpr double kEps = 1e-6;
  SiteJacobian(site, &bias_j0_);
  mjData* scratch = scratch_data_.get();
  mju_copy(scratch->qpos, data_->qpos, m->nq);
  mj_integratePos(m, scratch->qpos, data_->qvel, kEps);
  mj_kinematics(m, scratch);
  mj_comPos(m, scratch);
  mj_jacSite(m, scratch, jacp_.data(), jacr_.data(), site);
  bias_j1_.topRows(3) = jacp_;
  bias_j1_.bottomRows(3) = jacr_;
  // (J1 - J0) / eps, coefficient by coefficient as before, in place of a temporary.
  bias_j1_ -= bias_j0_;
  bias_j1_ /= kEps;
  Eigen::Matrix<double, 6, 1> bias;
  bias.noalias() = bias_j1_ * velocity_;
  return bias;
}

Eigen::Vector3d RobotDynamics::CoM() const {
  return Eigen::Map<const Eigen::Vector3d>(data_->subtree_com + 3 * binding_.base_body);
}

Eigen::Vector3d RobotDynamics::CentroidalAngularMomentum() const {
  return Eigen::Map<const Eigen::Vector3d>(data_->subtree_angmom + 3 * binding_.base_body);
}

Eigen::Vector3d RobotDynamics::CoMVelocity() const { return com_jacobian_ * velocity_; }

std::vector<int> RobotDynamics::ActuatedJointsToSite(int site) const {
  const mjModel* m = model_.get();
  std::vector<int> joint_of_dof(m->nv, -1);
  for (std::size_t j = 0; j < binding_.joint_dof_adr.size(); ++j) {
    joint_of_dof[binding_.joint_dof_adr[j]] = static_cast<int>(j);
  }
  std::vector<int> joints;
  for (int body = m->site_bodyid[site]; body > 0 && body != binding_.base_body;
       body = m->body_parentid[body]) {
    for (int k = 0; k < m->body_jntnum[body]; ++k) {
      const int j = joint_of_dof[m->jnt_dofadr[m->body_jntadr[body] + k]];
      if (j >= 0) joints.push_back(j);
    }
  }
  return joints;
}

}  // namespace tianmu::control
