#include "tianmu/control/wbc/contact.h"

#include <cmath>
#include <limits>

namespace tianmu::control::wbc {

void Contact::Update(const RobotDynamics& dynamics) {
  dynamics.SiteJacobian(params_.sole_site, &jacobian_);
  Eigen::Matrix<double, 6, 1> sole_velocity;  // fixed size: no temporary on the heap
  sole_velocity.noalias() = jacobian_ * dynamics.Velocity();
  acceleration_target_ = -dynamics.SiteBiasAcceleration(params_.sole_site) -
                         params_.acceleration_damping * sole_velocity;
  // Wrench rows in the sole frame: f_s = Rᵀ f, τ_s = Rᵀ τ. With the sole axes x (r1), y (r2) and
  // z (r3) in world coordinates each local component is a dot product.
  const Eigen::Matrix3d R = dynamics.SiteRotation(params_.sole_site);
  const Eigen::RowVector3d r1 = R.col(0).transpose(), r2 = R.col(1).transpose(),
                           r3 = R.col(2).transpose();
  const double mu = params_.friction / std::sqrt(2.0);  // inner pyramid of the friction cone
  const double half_l = 0.5 * params_.sole_length_m * params_.cop_margin;
  const double half_w = 0.5 * params_.sole_width_m * params_.cop_margin;
  // Yaw torque a rectangular patch can hold before slipping, conservatively.
  const double yaw = 0.5 * params_.friction * std::min(half_l, half_w);
  const double inf = std::numeric_limits<double>::infinity();
  const Eigen::RowVector3d zero = Eigen::RowVector3d::Zero();
  wrench_rows_.setZero();
  int k = 0;
  auto row = [&](const Eigen::RowVector3d& force, const Eigen::RowVector3d& torque, double lo,
                 double hi) {
    wrench_rows_.block<1, 3>(k, 0) = force;
    wrench_rows_.block<1, 3>(k, 3) = torque;
    lower_[k] = lo;
    upper_[k] = hi;
    ++k;
  };
  row(r3, zero, params_.min_normal_force_N, params_.max_normal_force_N);  // normal force
  row(r1 - mu * r3, zero, -inf, 0);                                       // f_x <= mu f_z
  row(r1 + mu * r3, zero, 0, inf);                                        // f_x >= -mu f_z
  row(r2 - mu * r3, zero, -inf, 0);
  row(r2 + mu * r3, zero, 0, inf);
  row(-half_w * r3, r1, -inf, 0);  // τ_x <= (w/2) f_z  (CoP y >= -w/2)
  row(half_w * r3, r1, 0, inf);    // τ_x >= -(w/2) f_z
  row(-half_l * r3, r2, -inf, 0);  // τ_y <= (l/2) f_z
  row(half_l * r3, r2, 0, inf);
  row(-yaw * r3, r3, -inf, 0);  // |τ_z| <= yaw·f_z
  row(yaw * r3, r3, 0, inf);
}

}  // namespace tianmu::control::wbc
