#include "tianmu/sim/imu_model.h"

#include <mujoco/mujoco.h>

#include <cmath>
#include <limits>

namespace tianmu::sim {

ImuModel::ImuModel(const actuators::ImuSheet& sheet, const ImuWhiteNoise& noise,
                   bool has_orientation, bool enabled, std::uint64_t seed)
    : sheet_(sheet),
      noise_(noise),
      has_orientation_(has_orientation),
      enabled_(enabled),
      seed_(seed),
      rng_(seed) {
  Reset();
}

void ImuModel::Reset() {
  rng_ = Rng(seed_);
  gyro_bias_radps_ = {0, 0, 0};
  accel_bias_mps2_ = {0, 0, 0};
  gyro_scale_ = {1, 1, 1};
  accel_scale_ = {1, 1, 1};
  ahrs_yaw_rate_rad_per_s_ = 0;
  ahrs_yaw_error_rad_ = 0;
  last_sample_time_s_ = 0;
  last_sample_index_ = -1;
  if (!enabled_) return;
  for (int k = 0; k < 3; ++k) {
    gyro_bias_radps_[k] = rng_.Gaussian(sheet_.gyro_initial_bias_std_rad_per_s);
    accel_bias_mps2_[k] = rng_.Gaussian(sheet_.accel_initial_bias_std_mps2);
    gyro_scale_[k] = 1 + rng_.Gaussian(sheet_.gyro_scale_error_std);
    accel_scale_[k] = 1 + rng_.Gaussian(sheet_.accel_scale_error_std);
  }
  // The AHRS's yaw drifts at its datasheet rate, in a direction the seed decides.
  const double sign = rng_.Uniform() < 0.5 ? -1.0 : 1.0;
  ahrs_yaw_rate_rad_per_s_ = has_orientation_ ? sign * sheet_.ahrs.yaw_drift_rad_per_s : 0.0;
}

void ImuModel::Sample(double time_s, const std::array<double, 3>& angular_velocity_radps,
                      const std::array<double, 3>& specific_force_mps2,
                      const std::array<double, 4>& orientation_wxyz, hal::ImuState* out) {
  // Sample k covers [k/rate, (k+1)/rate); the small offset keeps t = k/rate in sample k.
  const auto index = static_cast<std::int64_t>(std::floor(time_s * sheet_.rate_hz + 1e-6));
  if (index == last_sample_index_) {
    *out = held_;
    return;
  }
  const double dt = last_sample_index_ < 0 ? 0.0 : std::max(0.0, time_s - last_sample_time_s_);
  last_sample_index_ = index;
  last_sample_time_s_ = time_s;
  auto gaussian = [this](double std) { return enabled_ && std > 0 ? rng_.Gaussian(std) : 0.0; };
  if (enabled_ && dt > 0) {
    // Bias random walks: the variance grows by (density)² per second.
    const double root_dt = std::sqrt(dt);
    for (int k = 0; k < 3; ++k) {
      gyro_bias_radps_[k] += gaussian(sheet_.gyro_bias_random_walk_rad_per_s2_sqrt_hz * root_dt);
      accel_bias_mps2_[k] += gaussian(sheet_.accel_bias_random_walk_mps3_sqrt_hz * root_dt);
    }
    ahrs_yaw_error_rad_ += ahrs_yaw_rate_rad_per_s_ * dt;
  }
  for (int k = 0; k < 3; ++k) {
    held_.angular_velocity_radps[k] = gyro_scale_[k] * angular_velocity_radps[k] +
                                      gyro_bias_radps_[k] + gaussian(noise_.gyro_std_rad_per_s);
    held_.linear_acceleration_mps2[k] = accel_scale_[k] * specific_force_mps2[k] +
                                        accel_bias_mps2_[k] + gaussian(noise_.accel_std_mps2);
  }
  if (!has_orientation_) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    held_.orientation_wxyz = {nan, nan, nan, nan};
    held_.orientation_valid = false;
  } else {
    // AHRS: the true orientation turned by the accumulated yaw error about the world z axis,
    // times a small random rotation (white noise) in the IMU frame.
    mjtNum q[4], yaw[4], tmp[4];
    for (int k = 0; k < 4; ++k) q[k] = orientation_wxyz[k];
    const mjtNum z_axis[3] = {0, 0, 1};
    mju_axisAngle2Quat(yaw, z_axis, ahrs_yaw_error_rad_);
    mju_mulQuat(tmp, yaw, q);
    mju_copy4(q, tmp);
    if (enabled_ && noise_.orientation_std_rad > 0) {
      mjtNum axis[3] = {rng_.Gaussian(1.0), rng_.Gaussian(1.0), rng_.Gaussian(1.0)};
      const double norm = mju_norm3(axis);
      if (norm > 1e-12) {
        mju_scl3(axis, axis, 1.0 / norm);
        mjtNum dq[4];
        mju_axisAngle2Quat(dq, axis, rng_.Gaussian(noise_.orientation_std_rad));
        mju_mulQuat(tmp, q, dq);
        mju_copy4(q, tmp);
      }
    }
    mju_normalize4(q);
    for (int k = 0; k < 4; ++k) held_.orientation_wxyz[k] = q[k];
    held_.orientation_valid = true;
  }
  *out = held_;
}

}  // namespace tianmu::sim
