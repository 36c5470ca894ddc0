#include "tianmu/actuators/imu_sheet.h"

#include <cmath>

#include "tianmu/core/config_node.h"

namespace tianmu::actuators {

double ImuSheet::GyroSampleStdRadPerS() const {
  return gyro_noise_density_rad_per_s_sqrt_hz * std::sqrt(rate_hz);
}

double ImuSheet::AccelSampleStdMps2() const {
  return accel_noise_density_mps2_sqrt_hz * std::sqrt(rate_hz);
}

std::vector<std::string> ImuSheetKeys() {
  return {"rate_hz",
          "gyro_noise_density_rad_per_s_sqrt_hz",
          "gyro_bias_random_walk_rad_per_s2_sqrt_hz",
          "gyro_initial_bias_std_rad_per_s",
          "gyro_scale_error_std",
          "accel_noise_density_mps2_sqrt_hz",
          "accel_bias_random_walk_mps3_sqrt_hz",
          "accel_initial_bias_std_mps2",
          "accel_scale_error_std",
          "ahrs"};
}

ImuSheet ParseImuSheet(const ConfigNode& root) {
  ImuSheet s;
  // Ranges: wide enough for any MEMS or tactical-grade part, narrow enough to catch unit slips
  // (°/s for rad/s, mg for m/s²).
  s.rate_hz = root.Required("rate_hz").AsDoubleInRange(50, 100000);
  s.gyro_noise_density_rad_per_s_sqrt_hz =
      root.Required("gyro_noise_density_rad_per_s_sqrt_hz").AsDoubleInRange(0, 0.01);
  s.gyro_bias_random_walk_rad_per_s2_sqrt_hz =
      root.Required("gyro_bias_random_walk_rad_per_s2_sqrt_hz").AsDoubleInRange(0, 0.01);
  s.gyro_initial_bias_std_rad_per_s =
      root.Required("gyro_initial_bias_std_rad_per_s").AsDoubleInRange(0, 0.1);
  s.gyro_scale_error_std = root.Required("gyro_scale_error_std").AsDoubleInRange(0, 0.1);
  s.accel_noise_density_mps2_sqrt_hz =
      root.Required("accel_noise_density_mps2_sqrt_hz").AsDoubleInRange(0, 0.1);
  s.accel_bias_random_walk_mps3_sqrt_hz =
      root.Required("accel_bias_random_walk_mps3_sqrt_hz").AsDoubleInRange(0, 0.1);
  s.accel_initial_bias_std_mps2 =
      root.Required("accel_initial_bias_std_mps2").AsDoubleInRange(0, 1);
  s.accel_scale_error_std = root.Required("accel_scale_error_std").AsDoubleInRange(0, 0.1);
  if (auto ahrs = root.Optional("ahrs")) {
    ahrs->RejectUnknownKeys({"orientation_noise_std_rad", "yaw_drift_rad_per_s"});
    s.ahrs.present = true;
    s.ahrs.orientation_noise_std_rad =
        ahrs->Required("orientation_noise_std_rad").AsDoubleInRange(0, 0.1);
    s.ahrs.yaw_drift_rad_per_s = ahrs->Required("yaw_drift_rad_per_s").AsDoubleInRange(0, 0.01);
  }
  return s;
}

}  // namespace tianmu::actuators
