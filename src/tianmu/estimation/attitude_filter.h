// AttitudeFilter: orientation of the IMU and its gyro bias from gyro + accelerometer, as a
// nonlinear complementary filter on SO(3) with bias estimation (Mahony, Hamel and Pflimlin,
// 2008). Gravity (the specific force minus an independent estimate of the linear acceleration)
// corrects roll and pitch and the gyro bias about the horizontal axes; an optional AHRS
// orientation corrects roll/pitch quickly and yaw slowly; a body known to be still (both feet
// flat on the ground) measures the gyro bias directly. Yaw itself is otherwise unobservable and
// drifts only with the residual bias. Docs: docs/estimation.md.
#pragma once

#include <Eigen/Dense>
#include <Eigen/Geometry>

namespace tianmu::estimation {

/// Gains as time constants (s); 0 turns a correction off.
struct AttitudeFilterConfig {
  /// Roll/pitch correction from gravity. Long enough that walking accelerations the leg
  /// kinematics miss average out, short enough to track the gyro's bias random walk.
  double gravity_time_constant_s = 1.0;
  /// Gyro bias integral from the gravity and AHRS roll/pitch errors: bias error decays with
  /// this time constant. At least 4 × the correction's time constant (no overshoot).
  double gyro_bias_time_constant_s = 8.0;
  /// Roll/pitch correction from an AHRS orientation.
  double ahrs_tilt_time_constant_s = 0.02;
  /// Gyro bias integral from the AHRS roll/pitch error (≥ 4 × ahrs_tilt_time_constant_s).
  double ahrs_gyro_bias_time_constant_s = 1.0;
  /// Yaw correction from an AHRS orientation. Its yaw drifts, but it is the only yaw reference
  /// there is; the yaw error also feeds the bias integral (gyro_bias_time_constant_s).
  double ahrs_yaw_time_constant_s = 1.0;
  /// Gyro bias from a body known not to turn (feet standing still).
  double still_bias_time_constant_s = 1.0;
  /// The accelerometer's gravity direction is ignored while |f − a| differs from g by more
  /// than this, m/s² (impacts, free fall).
  double gravity_gate_mps2 = 3.0;
  /// The gyro bias estimate is held within ± this per axis, rad/s.
  double max_gyro_bias_rad_per_s = 0.1;
};

/// Attitude of the IMU frame I in the world W (z up) and the gyro bias in I.
class AttitudeFilter {
 public:
  explicit AttitudeFilter(const AttitudeFilterConfig& config = {}) : config_(config) {}

  /// Starts at `orientation_WI` with gyro bias `gyro_bias_I_radps`.
  void Reset(const Eigen::Quaterniond& orientation_WI, const Eigen::Vector3d& gyro_bias_I_radps);
  /// Integrates the bias-corrected gyro reading (IMU frame, rad/s) over `dt_s`.
  void Predict(const Eigen::Vector3d& gyro_I_radps, double dt_s);
  /// Roll/pitch (and horizontal gyro bias) from the accelerometer: `specific_force_W_mps2` is
  /// the IMU's specific force rotated to the world with the current estimate, and
  /// `acceleration_W_mps2` the IMU's linear acceleration from elsewhere (leg kinematics), both
  /// low-passed alike. Returns false when gated out.
  bool CorrectGravity(const Eigen::Vector3d& specific_force_W_mps2,
                      const Eigen::Vector3d& acceleration_W_mps2, double dt_s);
  /// Roll/pitch and, slowly, yaw from an AHRS orientation of the IMU (world <- IMU).
  void CorrectOrientation(const Eigen::Quaterniond& measured_WI, double dt_s);
  /// Gyro bias from the angular velocity `rate_W_radps` (world frame, rad/s) that the current
  /// estimate gives a body known not to turn: it is R (b − b̂). Pass 0 for axes about which the
  /// body may turn after all.
  void CorrectStillRate(const Eigen::Vector3d& rate_W_radps, double dt_s);

  /// World <- IMU orientation.
  const Eigen::Quaterniond& orientation() const { return orientation_WI_; }
  /// Estimated gyro bias, IMU frame, rad/s.
  const Eigen::Vector3d& gyro_bias() const { return gyro_bias_I_; }
  const AttitudeFilterConfig& config() const { return config_; }

 private:
  void ClampBias();

  AttitudeFilterConfig config_;
  Eigen::Quaterniond orientation_WI_ = Eigen::Quaterniond::Identity();
  Eigen::Vector3d gyro_bias_I_ = Eigen::Vector3d::Zero();
};

}  // namespace tianmu::estimation
