#include "tianmu/estimation/attitude_filter.h"

#include <algorithm>
#include <cmath>

namespace tianmu::estimation {
namespace {

// Rotation by the rotation vector `v` (axis times angle, rad).
Eigen::Quaterniond Exp(const Eigen::Vector3d& v) {
  const double angle = v.norm();
  if (angle < 1e-12) return Eigen::Quaterniond(1, 0.5 * v.x(), 0.5 * v.y(), 0.5 * v.z());
  return Eigen::Quaterniond(Eigen::AngleAxisd(angle, v / angle));
}

// Rotation vector of `q` (shortest way round).
Eigen::Vector3d Log(Eigen::Quaterniond q) {
  if (q.w() < 0) q.coeffs() = -q.coeffs();
  const double s = q.vec().norm();
  if (s < 1e-12) return 2.0 * q.vec();
  return (2.0 * std::atan2(s, q.w()) / s) * q.vec();
}

// Fraction of an error a first-order correction with time constant `tau_s` removes in `dt_s`
// (0: correction off).
double Gain(double tau_s, double dt_s) { return tau_s > 0 ? dt_s / (tau_s + dt_s) : 0.0; }

}  // namespace

void AttitudeFilter::Reset(const Eigen::Quaterniond& orientation_WI,
                           const Eigen::Vector3d& gyro_bias_I_radps) {
  orientation_WI_ = orientation_WI.normalized();
  gyro_bias_I_ = gyro_bias_I_radps;
  ClampBias();
}

void AttitudeFilter::Predict(const Eigen::Vector3d& gyro_I_radps, double dt_s) {
  orientation_WI_ = (orientation_WI_ * Exp((gyro_I_radps - gyro_bias_I_) * dt_s)).normalized();
}

bool AttitudeFilter::CorrectGravity(const Eigen::Vector3d& specific_force_W_mps2,
                                    const Eigen::Vector3d& acceleration_W_mps2, double dt_s) {
  constexpr double kGravity_mps2 = 9.81;
  // Specific force minus linear acceleration is −g: it points up when the estimate is right.
  const Eigen::Vector3d up = specific_force_W_mps2 - acceleration_W_mps2;
  const double norm = up.norm();
  if (!(std::abs(norm - kGravity_mps2) < config_.gravity_gate_mps2) || !up.allFinite()) {
    return false;
  }
  // Turning the estimate by θ (world frame) turns `up` by θ × up: θ = (u × z) brings u to z.
  const Eigen::Vector3d error_W = (up / norm).cross(Eigen::Vector3d::UnitZ());
  const double k = Gain(config_.gravity_time_constant_s, dt_s);
  orientation_WI_ = (Exp(k * error_W) * orientation_WI_).normalized();
  // Mahony's integral term: a steady tilt error left by the correction is gyro bias. The bias
  // error decays with gyro_bias_time_constant_s once the correction has settled.
  if (config_.gyro_bias_time_constant_s > 0 && config_.gravity_time_constant_s > 0) {
    const Eigen::Vector3d error_I = orientation_WI_.conjugate() * error_W;
    gyro_bias_I_ -=
        error_I * dt_s / (config_.gravity_time_constant_s * config_.gyro_bias_time_constant_s);
    ClampBias();
  }
  return true;
}

void AttitudeFilter::CorrectOrientation(const Eigen::Quaterniond& measured_WI, double dt_s) {
  // The error as a world-frame rotation, split into yaw (about z) and tilt.
  const Eigen::Vector3d error_W = Log(measured_WI * orientation_WI_.conjugate());
  const Eigen::Vector3d yaw_W(0, 0, error_W.z());
  const Eigen::Vector3d tilt_W(error_W.x(), error_W.y(), 0);
  const Eigen::Vector3d step_W = Gain(config_.ahrs_tilt_time_constant_s, dt_s) * tilt_W +
                                 Gain(config_.ahrs_yaw_time_constant_s, dt_s) * yaw_W;
  orientation_WI_ = (Exp(step_W) * orientation_WI_).normalized();
  // Mahony's integral term on both parts, each with its own loop's time constants.
  Eigen::Vector3d integral_W = Eigen::Vector3d::Zero();
  if (config_.ahrs_gyro_bias_time_constant_s > 0 && config_.ahrs_tilt_time_constant_s > 0) {
    integral_W +=
        tilt_W / (config_.ahrs_tilt_time_constant_s * config_.ahrs_gyro_bias_time_constant_s);
  }
  if (config_.gyro_bias_time_constant_s > 0 && config_.ahrs_yaw_time_constant_s > 0) {
    integral_W += yaw_W / (config_.ahrs_yaw_time_constant_s * config_.gyro_bias_time_constant_s);
  }
  gyro_bias_I_ -= (orientation_WI_.conjugate() * integral_W) * dt_s;
  ClampBias();
}

void AttitudeFilter::CorrectStillRate(const Eigen::Vector3d& rate_W_radps, double dt_s) {
  if (!rate_W_radps.allFinite()) return;
  // The estimated rate of a still body is R (b − b̂): move b̂ by it, seen from the IMU.
  gyro_bias_I_ +=
      Gain(config_.still_bias_time_constant_s, dt_s) * (orientation_WI_.conjugate() * rate_W_radps);
  ClampBias();
}

void AttitudeFilter::ClampBias() {
  const double m = config_.max_gyro_bias_rad_per_s;
  gyro_bias_I_ = gyro_bias_I_.cwiseMax(-m).cwiseMin(m);
}

}  // namespace tianmu::estimation
