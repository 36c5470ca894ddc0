#include "tianmu/control/wbc/whole_body_qp.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "tianmu/actuators/joint_actuator.h"

namespace tianmu::control::wbc {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kContactRows = 11;

}  // namespace

WholeBodyQp::WholeBodyQp(const model::RobotSpec& spec, const RobotDynamics& dynamics,
                         std::array<ContactParameters, 2> contacts, const WholeBodyQpConfig& config)
    : spec_(spec),
      config_(config),
      nv_(dynamics.nv()),
      base_dof_(dynamics.BaseDof()),
      is_actuated_dof_(dynamics.nv(), false),
      contacts_{Contact(contacts[0]), Contact(contacts[1])} {
  for (int j = 0; j < spec.num_joints(); ++j) {
    joint_dof_.push_back(dynamics.JointDof(j));
    is_actuated_dof_[dynamics.JointDof(j)] = true;
  }
  // A leg with fewer than six actuated joints cannot move its planted foot in every direction
  // relative to the base, so the no-slip rows of two stance feet can depend on each other.
  for (const ContactParameters& c : contacts) {
    if (dynamics.ActuatedJointsToSite(c.sole_site).size() < 6) remove_dependent_equalities_ = true;
  }
  torque_lower_Nm_.assign(spec.num_joints(), 0.0);
  torque_upper_Nm_.assign(spec.num_joints(), 0.0);
  const int n = num_variables();
  const int m_in = 2 * kContactRows + spec.num_joints();
  problem_.H.setZero(n, n);
  problem_.g.setZero(n);
  problem_.C.setZero(m_in, n);
  problem_.c_lower.setZero(m_in);
  problem_.c_upper.setZero(m_in);
  problem_.x_lower.setZero(n);
  problem_.x_upper.setZero(n);
}

void WholeBodyQp::SetExternalGeneralizedForce(const Eigen::VectorXd& force) {
  if (force.size() != nv_ || !force.allFinite()) {
    has_external_force_ = false;
    return;
  }
  external_force_ = force;
  has_external_force_ = true;
}

void WholeBodyQp::SwapEqualityBuffers(int stance) {
  const Eigen::Index rows = 6 + 6 * stance;
  if (problem_.A_eq.rows() == rows) return;
  const Eigen::Index old_rows = problem_.A_eq.rows();
  if (old_rows >= 6 && old_rows <= 18 && old_rows % 6 == 0) {
    const auto old = static_cast<std::size_t>((old_rows - 6) / 6);
    spare_a_eq_[old].swap(problem_.A_eq);
    spare_b_eq_[old].swap(problem_.b_eq);
    spare_y_eq_[old].swap(result_.y_eq);
  }
  const auto next = static_cast<std::size_t>(stance);
  problem_.A_eq.swap(spare_a_eq_[next]);
  problem_.b_eq.swap(spare_b_eq_[next]);
  result_.y_eq.swap(spare_y_eq_[next]);
}

void WholeBodyQp::UpdateTorqueLimits(const RobotDynamics& dynamics,
                                     const std::vector<double>& temperature_C) {
  const Eigen::VectorXd& v = dynamics.Velocity();
  for (int j = 0; j < spec_.num_joints(); ++j) {
    const auto& sheet = spec_.joints[j].sheet;
    const double dq = v[joint_dof_[j]];
    const double temp = j < static_cast<int>(temperature_C.size()) ? temperature_C[j] : 25.0;
    // The datasheet envelope in each direction at the current speed and temperature, with a
    // small margin so the drive's own clamp does not cut what the QP planned.
    torque_upper_Nm_[j] = 0.95 * actuators::AvailableTorqueNm(sheet, +1.0, dq, temp);
    torque_lower_Nm_[j] = -0.95 * actuators::AvailableTorqueNm(sheet, -1.0, dq, temp);
  }
}

bool WholeBodyQp::Solve(const RobotDynamics& dynamics, const std::vector<double>& temperature_C,
                        WholeBodySolution* solution) {
  const int nv = nv_;
  const int n = num_variables();
  const Eigen::MatrixXd& M = dynamics.MassMatrix();
  const Eigen::VectorXd& h = dynamics.Bias();
  for (int f = 0; f < 2; ++f) contacts_[f].Update(dynamics);
  UpdateTorqueLimits(dynamics, temperature_C);

  // Cost: Σ tasks w (J q̈ + W w − t)² + regularisation.
  Eigen::MatrixXd& H = problem_.H;
  Eigen::VectorXd& g = problem_.g;
  H.setZero();
  g.setZero();
  for (Task* task : tasks_) {
    task->Update(dynamics);
    const TaskRows& rows = task->rows();
    const bool on_q = rows.jacobian.size() > 0;
    const bool on_w = rows.wrench_jacobian.size() > 0;
    if (on_q) {
      const Eigen::Index r = rows.jacobian.rows(), c = rows.jacobian.cols();
      if (weighted_q_.rows() < r || weighted_q_.cols() != c) {
        weighted_q_.resize(std::max(r, weighted_q_.rows()), c);
      }
      auto weighted = weighted_q_.topRows(r);
      weighted.noalias() = rows.weight.asDiagonal() * rows.jacobian;
      H.topLeftCorner(nv, nv).noalias() += rows.jacobian.transpose() * weighted;
      g.head(nv).noalias() -= weighted.transpose() * rows.target;
    }
    if (on_w) {
      const Eigen::Index r = rows.wrench_jacobian.rows(), c = rows.wrench_jacobian.cols();
      if (weighted_w_.rows() < r || weighted_w_.cols() != c) {
        weighted_w_.resize(std::max(r, weighted_w_.rows()), c);
      }
      auto weighted = weighted_w_.topRows(r);
      weighted.noalias() = rows.weight.asDiagonal() * rows.wrench_jacobian;
      H.bottomRightCorner(12, 12).noalias() += rows.wrench_jacobian.transpose() * weighted;
      g.tail(12).noalias() -= weighted.transpose() * rows.target;
      if (on_q) {
        cross_.resize(nv, weighted.cols());
        cross_.noalias() = rows.jacobian.transpose() * weighted;
        H.topRightCorner(nv, 12) += cross_;
        H.bottomLeftCorner(12, nv) += cross_.transpose();
      }
    }
  }
  H.topLeftCorner(nv, nv).diagonal().array() += config_.acceleration_regularization;
  for (int f = 0; f < 2; ++f) {
    for (int k = 0; k < 3; ++k) {
      H(nv + 6 * f + k, nv + 6 * f + k) += config_.force_regularization;
      H(nv + 6 * f + 3 + k, nv + 6 * f + 3 + k) += config_.torque_regularization;
    }
  }

  // Equalities: the six unactuated base rows of M q̈ + h = Sᵀτ + Σ J_cᵀ w + f_ext, and no-slip
  // rows for each stance foot.
  const int stance = static_cast<int>(in_contact_[0]) + static_cast<int>(in_contact_[1]);
  SwapEqualityBuffers(stance);
  problem_.A_eq.setZero(6 + 6 * stance, n);
  problem_.b_eq.setZero(6 + 6 * stance);
  problem_.A_eq.block(0, 0, 6, nv) = M.middleRows(base_dof_, 6);
  problem_.b_eq.head(6) = -h.segment(base_dof_, 6);
  if (has_external_force_) problem_.b_eq.head(6) += external_force_.segment(base_dof_, 6);
  int row = 6;
  for (int f = 0; f < 2; ++f) {
    problem_.A_eq.block(0, nv + 6 * f, 6, 6) =
        -contacts_[f].jacobian().middleCols(base_dof_, 6).transpose();
    if (!in_contact_[f]) continue;
    problem_.A_eq.block(row, 0, 6, nv) = contacts_[f].jacobian();
    problem_.b_eq.segment(row, 6) = contacts_[f].acceleration_target();
    row += 6;
  }

  // Inequalities: contact wrench limits (free for a swing foot), then actuator torques.
  problem_.C.setZero();
  for (int f = 0; f < 2; ++f) {
    const int r0 = kContactRows * f;
    problem_.C.block(r0, nv + 6 * f, kContactRows, 6) = contacts_[f].wrench_rows();
    if (in_contact_[f]) {
      problem_.c_lower.segment(r0, kContactRows) = contacts_[f].wrench_lower();
      problem_.c_upper.segment(r0, kContactRows) = contacts_[f].wrench_upper();
    } else {
      problem_.c_lower.segment(r0, kContactRows).setConstant(-kInf);
      problem_.c_upper.segment(r0, kContactRows).setConstant(kInf);
    }
  }
  const int t0 = 2 * kContactRows;
  for (int j = 0; j < spec_.num_joints(); ++j) {
    const int dof = joint_dof_[j];
    problem_.C.block(t0 + j, 0, 1, nv) = M.row(dof);
    for (int f = 0; f < 2; ++f) {
      problem_.C.block(t0 + j, nv + 6 * f, 1, 6) = -contacts_[f].jacobian().col(dof).transpose();
    }
    const double external = has_external_force_ ? external_force_[dof] : 0.0;
    problem_.c_lower[t0 + j] = torque_lower_Nm_[j] - h[dof] + external;
    problem_.c_upper[t0 + j] = torque_upper_Nm_[j] - h[dof] + external;
  }

  // Bounds: joint accelerations that stop each joint inside its range within the horizon;
  // passive joints (coupled finger links) are left out of the problem; swing-foot wrench is 0.
  const double T = config_.joint_limit_horizon_s;
  const double a_max = config_.max_joint_acceleration_radps2;
  const Eigen::VectorXd& v = dynamics.Velocity();
  for (int i = 0; i < nv; ++i) {
    const bool base = i >= base_dof_ && i < base_dof_ + 6;
    problem_.x_lower[i] = base ? -kInf : 0.0;
    problem_.x_upper[i] = base ? kInf : 0.0;
  }
  bool range_bounded = false;
  for (int j = 0; j < spec_.num_joints(); ++j) {
    const int dof = joint_dof_[j];
    double lo = -a_max, hi = a_max;
    const model::JointSpec& joint = spec_.joints[j];
    if (joint.limited) {
      const double q = dynamics.JointPosition(j);
      lo = std::max(lo, 2.0 * (joint.lower_rad - q - v[dof] * T) / (T * T));
      hi = std::min(hi, 2.0 * (joint.upper_rad - q - v[dof] * T) / (T * T));
      if (lo > hi) lo = hi = std::clamp(0.5 * (lo + hi), -a_max, a_max);
      range_bounded = range_bounded || lo > -a_max || hi < a_max;
    }
    problem_.x_lower[dof] = lo;
    problem_.x_upper[dof] = hi;
  }
  for (int f = 0; f < 2; ++f) {
    for (int k = 0; k < 6; ++k) {
      problem_.x_lower[nv + 6 * f + k] = in_contact_[f] ? -kInf : 0.0;
      problem_.x_upper[nv + 6 * f + k] = in_contact_[f] ? kInf : 0.0;
    }
  }

  if (remove_dependent_equalities_) RemoveDependentEqualities();
  solver_.Solve(problem_, options_, result_);
  solution->joint_limits_relaxed = false;
  if (result_.status == qp::QpStatus::kInfeasible && range_bounded) {
    // Contacts and torques outrank the range bounds: a joint the planted legs drive into its
    // limit is better left to the mechanical stop than the whole command dropped.
    for (int j = 0; j < spec_.num_joints(); ++j) {
      problem_.x_lower[joint_dof_[j]] = -a_max;
      problem_.x_upper[joint_dof_[j]] = a_max;
    }
    solver_.Solve(problem_, options_, result_);
    solution->joint_limits_relaxed = result_.status == qp::QpStatus::kSolved;
  }
  solution->status = result_.status;
  solution->iterations = result_.iterations;
  if (result_.status != qp::QpStatus::kSolved) return false;
  solution->joint_acceleration = result_.x.head(nv);
  solution->torque_Nm.resize(spec_.num_joints());
  for (int f = 0; f < 2; ++f) solution->wrench[f] = result_.x.segment<6>(nv + 6 * f);
  for (int j = 0; j < spec_.num_joints(); ++j) {
    const int dof = joint_dof_[j];
    double tau = M.row(dof).dot(solution->joint_acceleration) + h[dof];
    for (int f = 0; f < 2; ++f) tau -= contacts_[f].jacobian().col(dof).dot(solution->wrench[f]);
    if (has_external_force_) tau -= external_force_[dof];
    solution->torque_Nm[j] = tau;
  }
  return true;
}

void WholeBodyQp::RemoveDependentEqualities() {
  constexpr double kRelativeRankThreshold = 1e-4;
  const Eigen::Index m = problem_.A_eq.rows();
  equality_qr_.setThreshold(kRelativeRankThreshold);
  equality_qr_.compute(problem_.A_eq.transpose());
  const Eigen::Index rank = equality_qr_.rank();
  if (rank == m) return;
  // The first `rank` pivot columns of A_eqᵀ are independent rows of A_eq; keep them in order.
  std::vector<int> keep(equality_qr_.colsPermutation().indices().data(),
                        equality_qr_.colsPermutation().indices().data() + rank);
  std::sort(keep.begin(), keep.end());
  Eigen::MatrixXd A(rank, problem_.A_eq.cols());
  Eigen::VectorXd b(rank);
  for (Eigen::Index i = 0; i < rank; ++i) {
    A.row(i) = problem_.A_eq.row(keep[i]);
    b[i] = problem_.b_eq[keep[i]];
  }
  problem_.A_eq = std::move(A);
  problem_.b_eq = std::move(b);
}

}  // namespace tianmu::control::wbc
