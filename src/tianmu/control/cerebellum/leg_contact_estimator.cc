#include "tianmu/control/cerebellum/leg_contact_estimator.h"

#include <cmath>

namespace tianmu::control {

LegContactEstimator::LegContactEstimator(const RobotDynamics& dynamics,
                                         const LegContactConfig& config)
    : dynamics_(dynamics), config_(config) {
  const mjModel* m = dynamics.model();
  const model::RobotBinding& binding = dynamics.binding();
  weight_N_ = dynamics.total_mass_kg() * std::abs(m->opt.gravity[2]);
  for (int f = 0; f < 2; ++f) {
    sole_site_[f] = binding.feet[f].sole_site;
    leg_joints_[f] = dynamics.ActuatedJointsToSite(sole_site_[f]);
    for (int j : leg_joints_[f]) leg_dofs_[f].push_back(binding.joint_dof_adr[j]);
  }
  jacobian_.resize(6, m->nv);
}

void LegContactEstimator::Reset() {
  contact_ = {true, true};
  loaded_ = {true, true};
  normal_force_N_ = {};
  wrench_ = {};
}

Eigen::Matrix<double, 6, 1> LegContactEstimator::LegWrench(
    int foot, const std::vector<double>& tau_measured_Nm, const Eigen::VectorXd& qdd) {
  const std::vector<int>& dofs = leg_dofs_[foot];
  const int n = static_cast<int>(dofs.size());
  dynamics_.SiteJacobian(sole_site_[foot], &jacobian_);
  const bool with_acceleration = qdd.size() == dynamics_.nv() && qdd.allFinite();
  // Rows of the equation of motion for this leg: J_legᵀ w = (M q̈ + h)_leg − τ_leg.
  Eigen::Matrix<double, 6, 6> normal =
      config_.regularisation * weight_N_ * Eigen::Matrix<double, 6, 6>::Identity();
  Eigen::Matrix<double, 6, 1> rhs = Eigen::Matrix<double, 6, 1>::Zero();
  for (int i = 0; i < n; ++i) {
    const int dof = dofs[i];
    double r = dynamics_.Bias()[dof] - tau_measured_Nm[leg_joints_[foot][i]];
    if (with_acceleration) r += dynamics_.MassMatrix().row(dof).dot(qdd);
    const Eigen::Matrix<double, 6, 1> column = jacobian_.col(dof);
    normal += column * column.transpose();
    rhs += column * r;
  }
  return normal.ldlt().solve(rhs);
}

void LegContactEstimator::Update(const hal::LowState& state, const Eigen::VectorXd& qdd,
                                 const locomotion::LocomotionReference& reference,
                                 double early_touchdown_phase) {
  for (int f = 0; f < 2; ++f) {
    const bool late_swing = reference.phase == locomotion::SupportPhase::kSingleSupport &&
                            reference.phase_fraction >= early_touchdown_phase;
    if (state.feet[f].valid) {
      // The estimator uses the F/T reading of this foot: no load estimate needed this tick.
      wrench_[f].valid = false;
      contact_[f] = reference.feet[f].in_contact;
      continue;
    }
    const Eigen::Matrix<double, 6, 1> w = LegWrench(f, state.tau_measured_Nm, qdd);
    normal_force_N_[f] = std::isfinite(w[2]) ? w[2] : 0;
    const Eigen::Matrix3d R = dynamics_.SiteRotation(sole_site_[f]).transpose();  // sole <- world
    const Eigen::Vector3d force = R * w.head<3>(), torque = R * w.tail<3>();
    for (int i = 0; i < 3; ++i) {
      wrench_[f].force_N[i] = force[i];
      wrench_[f].torque_Nm[i] = torque[i];
    }
    wrench_[f].valid = leg_dofs_[f].size() >= 6 && w.allFinite();
    if (loaded_[f] && normal_force_N_[f] < config_.off_fraction * weight_N_) loaded_[f] = false;
    if (!loaded_[f] && normal_force_N_[f] > config_.on_fraction * weight_N_) loaded_[f] = true;
    // A planned support foot is down (its load reads wrong when a joint rests on its limit, and
    // it is all the robot stands on); a swinging foot is down once loaded late in its swing
    // (early touchdown on higher ground). Touchdown by the clock makes it a support foot again.
    contact_[f] = reference.feet[f].in_contact || (late_swing && loaded_[f]);
  }
}

}  // namespace tianmu::control
