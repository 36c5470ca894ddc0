// ImuModel: what a real MEMS IMU reports for the true motion of its site: gyro and
// accelerometer with turn-on biases, bias random walks, scale errors and white noise from the
// IMU datasheet, sampled at its output rate; optionally an AHRS orientation whose yaw drifts.
// Seeded, so a run is reproducible.
#pragma once

#include <array>
#include <cstdint>

#include "tianmu/actuators/imu_sheet.h"
#include "tianmu/core/rng.h"
#include "tianmu/hal/low_state.h"

namespace tianmu::sim {

/// Per-sample white noise the model adds (the datasheet's densities at its rate, or robot.yaml
/// sensor_noise overrides).
struct ImuWhiteNoise {
  double gyro_std_rad_per_s = 0;
  double accel_std_mps2 = 0;
  double orientation_std_rad = 0;  ///< AHRS orientation, per axis
};

/// The error state of one simulated IMU; advances with each Sample.
class ImuModel {
 public:
  ImuModel() = default;
  /// `enabled` false gives an ideal IMU (no bias, scale error, noise or drift). `has_orientation`
  /// makes Sample fill the AHRS orientation; otherwise it reports NaN and orientation_valid false.
  ImuModel(const actuators::ImuSheet& sheet, const ImuWhiteNoise& noise, bool has_orientation,
           bool enabled, std::uint64_t seed);

  /// Draws new turn-on biases, scale errors and the AHRS drift direction; time restarts at 0.
  void Reset();

  /// The reading at `time_s` for the true IMU-frame angular velocity (rad/s), specific force
  /// (m/s²) and world <- IMU orientation (w, x, y, z). Between output samples (rate below the
  /// caller's) the last sample is held.
  void Sample(double time_s, const std::array<double, 3>& angular_velocity_radps,
              const std::array<double, 3>& specific_force_mps2,
              const std::array<double, 4>& orientation_wxyz, hal::ImuState* out);

  /// Current gyro bias, IMU frame, rad/s (tests; never given to controllers).
  const std::array<double, 3>& gyro_bias_radps() const { return gyro_bias_radps_; }
  /// Current accelerometer bias, IMU frame, m/s².
  const std::array<double, 3>& accel_bias_mps2() const { return accel_bias_mps2_; }
  /// Current AHRS yaw error (rotation about the world z axis), rad.
  double ahrs_yaw_error_rad() const { return ahrs_yaw_error_rad_; }

 private:
  actuators::ImuSheet sheet_;
  ImuWhiteNoise noise_;
  bool has_orientation_ = false;
  bool enabled_ = false;
  std::uint64_t seed_ = 0;
  Rng rng_;
  std::array<double, 3> gyro_bias_radps_{};
  std::array<double, 3> accel_bias_mps2_{};
  std::array<double, 3> gyro_scale_{1, 1, 1};
  std::array<double, 3> accel_scale_{1, 1, 1};
  double ahrs_yaw_rate_rad_per_s_ = 0;
  double ahrs_yaw_error_rad_ = 0;
  double last_sample_time_s_ = 0;
  std::int64_t last_sample_index_ = -1;
  hal::ImuState held_;
};

}  // namespace tianmu::sim
