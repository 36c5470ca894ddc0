#include "tianmu/estimation/base_kalman_filter.h"

#include <cmath>

namespace tianmu::estimation {

void BaseKalmanFilter::Reset(const Vector12d& x, double position_std_m, double velocity_std_mps,
                             double foot_std_m) {
  state_ = x;
  covariance_.setZero();
  for (int k = 0; k < 3; ++k) {
    covariance_(kBasePosition + k, kBasePosition + k) = position_std_m * position_std_m;
    covariance_(kBaseVelocity + k, kBaseVelocity + k) = velocity_std_mps * velocity_std_mps;
    covariance_(kLeftFoot + k, kLeftFoot + k) = foot_std_m * foot_std_m;
    covariance_(kRightFoot + k, kRightFoot + k) = foot_std_m * foot_std_m;
  }
}

void BaseKalmanFilter::Predict(double dt_s, const Eigen::Vector3d& acceleration_mps2,
                               const std::array<Eigen::Vector3d, 2>& foot_velocity_mps,
                               const ProcessNoise& noise) {
  state_.segment<3>(kBasePosition) +=
      state_.segment<3>(kBaseVelocity) * dt_s + 0.5 * dt_s * dt_s * acceleration_mps2;
  state_.segment<3>(kBaseVelocity) += acceleration_mps2 * dt_s;
  state_.segment<3>(kLeftFoot) += foot_velocity_mps[0] * dt_s;
  state_.segment<3>(kRightFoot) += foot_velocity_mps[1] * dt_s;
  // P = F P Fᵀ with F = I except the block dp/dv = dt·I: only the base-position rows and
  // columns change, so apply it as two block operations instead of a 12 x 12 product.
  covariance_.middleRows<3>(kBasePosition) += dt_s * covariance_.middleRows<3>(kBaseVelocity);
  covariance_.middleCols<3>(kBasePosition) += dt_s * covariance_.middleCols<3>(kBaseVelocity);
  const double stds[4] = {noise.base_position, noise.base_velocity, noise.foot[0], noise.foot[1]};
  for (int b = 0; b < 4; ++b) {
    const double q = stds[b] * stds[b] * dt_s;
    for (int k = 0; k < 3; ++k) covariance_(3 * b + k, 3 * b + k) += q;
  }
}

bool BaseKalmanFilter::UpdateScalar(int plus, int minus, double z, double variance) {
  // h has +1 at `plus` and −1 at `minus`: P h and hᵀ P h are column and entry differences.
  Vector12d ph = covariance_.col(plus);
  double s = covariance_(plus, plus) + variance;
  double predicted = state_[plus];
  if (minus >= 0) {
    ph -= covariance_.col(minus);
    s += covariance_(minus, minus) - 2.0 * covariance_(plus, minus);
    predicted -= state_[minus];
  }
  if (!(s > 0) || !std::isfinite(z) || !std::isfinite(s)) return false;
  const Vector12d gain = ph / s;
  const double innovation = z - predicted;
  state_ += gain * innovation;
  covariance_ -= gain * ph.transpose();
  return true;
}

int BaseKalmanFilter::UpdateVector(int plus, int minus, const Eigen::Vector3d& z, double variance) {
  int applied = 0;
  for (int k = 0; k < 3; ++k) {
    applied += UpdateScalar(plus + k, minus >= 0 ? minus + k : -1, z[k], variance) ? 1 : 0;
  }
  return applied;
}

}  // namespace tianmu::estimation
