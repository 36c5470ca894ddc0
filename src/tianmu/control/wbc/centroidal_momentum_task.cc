#include "tianmu/control/wbc/centroidal_momentum_task.h"

namespace tianmu::control::wbc {
namespace {

Eigen::Matrix3d Skew(const Eigen::Vector3d& v) {
  Eigen::Matrix3d s;
  s << 0, -v.z(), v.y(), v.z(), 0, -v.x(), -v.y(), v.x(), 0;
  return s;
}

}  // namespace

CentroidalMomentumTask::CentroidalMomentumTask(const std::array<int, 2>& sole_sites,
                                               const CentroidalMomentumGains& gains)
    : sole_sites_(sole_sites), gains_(gains) {}

void CentroidalMomentumTask::SetReference(const Eigen::Vector3d& position_m,
                                          const Eigen::Vector3d& velocity_mps,
                                          const Eigen::Vector3d& acceleration_mps2) {
  position_ref_ = position_m;
  velocity_ref_ = velocity_mps;
  acceleration_ref_ = acceleration_mps2;
}

void CentroidalMomentumTask::Update(const RobotDynamics& dynamics) {
  const double m = dynamics.total_mass_kg();
  const double ml = m * gains_.reference_length_m;
  const Eigen::Vector3d c = dynamics.CoM();
  const Eigen::Vector3d v = dynamics.CoMVelocity();
  rows_.jacobian.resize(0, 0);  // the rows are on the wrenches only
  rows_.wrench_jacobian.setZero(6, 12);
  for (int f = 0; f < 2; ++f) {
    const Eigen::Vector3d r = dynamics.SitePosition(sole_sites_[f]) - c;
    rows_.wrench_jacobian.block<3, 3>(0, 6 * f) = Eigen::Matrix3d::Identity() / m;
    rows_.wrench_jacobian.block<3, 3>(3, 6 * f) = Skew(r) / ml;
    rows_.wrench_jacobian.block<3, 3>(3, 6 * f + 3) = Eigen::Matrix3d::Identity() / ml;
  }
  rows_.target.resize(6);
  rows_.target.head<3>() = acceleration_ref_ + gains_.kp_per_s2.cwiseProduct(position_ref_ - c) +
                           gains_.kd_per_s.cwiseProduct(velocity_ref_ - v) - dynamics.Gravity();
  rows_.target.tail<3>() =
      -gains_.angular_damping_per_s * dynamics.CentroidalAngularMomentum() / ml;
  rows_.weight.resize(6);
  if (active_) {
    rows_.weight.head<3>() = gains_.linear_weight;
    rows_.weight.tail<3>().setConstant(gains_.angular_weight);
  } else {
    rows_.weight.setZero();
  }
}

}  // namespace tianmu::control::wbc
