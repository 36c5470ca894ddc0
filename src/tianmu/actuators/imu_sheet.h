// ImuSheet: an inertial measurement unit's datasheet (gyro and accelerometer noise, bias
// instability, scale error, output rate, and an optional onboard AHRS orientation output), as
// the sensor's maker publishes it. Loaded from assets/components/ (`kind: imu`); fields, units
// and ranges in docs/components.md.
#pragma once

#include <string>
#include <vector>

namespace tianmu {
class ConfigNode;
}

namespace tianmu::actuators {

/// The orientation output of an IMU's onboard attitude filter (AHRS): roll and pitch held by
/// gravity, yaw integrated from its gyro and so drifting.
struct AhrsSheet {
  bool present = false;                  ///< the IMU has an orientation output
  double orientation_noise_std_rad = 0;  ///< white noise on each sample, per axis
  double yaw_drift_rad_per_s = 0;        ///< magnitude of the yaw drift rate (sign random)
};

/// A six-axis MEMS IMU. Noise densities are of the white noise, one-sided, per axis; the
/// per-sample standard deviation at output rate f is density × √f.
struct ImuSheet {
  std::string id;
  double rate_hz = 1000;                                ///< output data rate (samples per second)
  double gyro_noise_density_rad_per_s_sqrt_hz = 0;      ///< angle random walk, rad/s/√Hz
  double gyro_bias_random_walk_rad_per_s2_sqrt_hz = 0;  ///< rad/s per √s of bias diffusion
  double gyro_initial_bias_std_rad_per_s = 0;           ///< turn-on bias, per axis
  double gyro_scale_error_std = 0;                      ///< scale factor error, fraction (1σ)
  double accel_noise_density_mps2_sqrt_hz = 0;          ///< velocity random walk, m/s²/√Hz
  double accel_bias_random_walk_mps3_sqrt_hz = 0;       ///< m/s² per √s of bias diffusion
  double accel_initial_bias_std_mps2 = 0;               ///< turn-on bias, per axis
  double accel_scale_error_std = 0;                     ///< scale factor error, fraction (1σ)
  AhrsSheet ahrs;
  std::string source;  ///< where the figures come from

  /// Per-sample gyro white noise at the output rate, rad/s.
  double GyroSampleStdRadPerS() const;
  /// Per-sample accelerometer white noise at the output rate, m/s².
  double AccelSampleStdMps2() const;
};

/// The IMU sheet of a datasheet file whose `kind: imu` and common keys the caller has checked;
/// raises InputError naming the file, line and field of the first bad value.
ImuSheet ParseImuSheet(const ConfigNode& root);

/// The keys an imu datasheet may hold besides kind, id and source.
std::vector<std::string> ImuSheetKeys();

}  // namespace tianmu::actuators
