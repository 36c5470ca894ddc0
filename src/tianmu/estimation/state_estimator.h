// StateEstimator: the controller's only view of the floating base, from one tick's LowState
// (IMU, encoders, foot force/torque). Orientation and gyro bias from gyro + accelerometer (and an
// AHRS orientation when the robot has one) by AttitudeFilter; the IMU may sit on any body, its
// pose relative to the base following the encoders. Position and linear velocity from a linear
// Kalman filter fusing IMU acceleration with leg kinematics, the stance feet as anchors.
#pragma once

#include <Eigen/Dense>
#include <Eigen/Geometry>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tianmu/control/robot_state.h"
#include "tianmu/estimation/attitude_filter.h"
#include "tianmu/estimation/base_kalman_filter.h"
#include "tianmu/estimation/contact_detector.h"
#include "tianmu/estimation/leg_kinematics.h"
#include "tianmu/hal/low_state.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::estimation {

/// Tuning of the estimator. Sensor noise figures come from RobotSpec::noise; the terms here are
/// what the sensors' datasheet does not cover (model error, slip, compliance). Docs:
/// docs/estimation.md.
struct EstimatorConfig {
  double control_period_s = 0.001;  ///< tick used when LowState::time_s gives no usable step
  double max_tick_s = 0.02;         ///< longer steps between readings are taken as one nominal tick

  /// Orientation from gyro + accelerometer (+ AHRS): gains of the attitude filter.
  AttitudeFilterConfig attitude;
  /// The linear acceleration that the accelerometer's gravity direction is corrected for comes
  /// from the leg-kinematics velocity; both are low-passed with this time constant, s.
  double gravity_filter_time_constant_s = 0.05;
  /// Orientation error (1σ, rad) the position filter assumes when the robot has no AHRS; with
  /// one, the AHRS noise averaged by the attitude filter.
  double attitude_std_rad = 0.01;

  /// Both feet in settled contact are taken as not turning (gyro bias): about the vertical
  /// always, about the horizontal axes only while each centre of pressure stays within this
  /// fraction of the sole's half length and width (a sole on its edge or toe rolls).
  double flat_foot_cop_fraction = 0.6;

  /// Contact hysteresis on the sole normal force, as fractions of m·g/2 (m = total mass).
  double contact_on_fraction = 0.3;
  double contact_off_fraction = 0.1;

  /// Process noise, continuous random walks (std per √s).
  double base_position_noise = 0.001;  ///< m/√s: integration error of p += v dt
  double base_velocity_noise = 0.05;   ///< m/s/√s: accelerometer model error (added to spec)
  double stance_foot_noise = 0.002;    ///< m/√s: slip of a foot in contact
  double swing_foot_noise = 10.0;      ///< m/√s: a foot in the air goes anywhere

  /// Measurement noise (std) added in quadrature to what the spec's sensor noise implies.
  double kinematics_std_m = 0.003;       ///< leg forward-kinematics model error (p_foot − p_base)
  double foot_velocity_std_mps = 0.01;   ///< stance-foot velocity: compliance, rolling, slip
  double swing_kinematics_std_m = 0.01;  ///< p_foot − p_base for a foot in the air
  /// A foot that has just touched down still bounces and slides on the impact: its velocity is
  /// measured with this extra std (m/s) for contact_settle_s after the contact turns on.
  double impact_velocity_std_mps = 1.0;
  double contact_settle_s = 0.1;

  /// Take the centre of pressure (from the F/T torque) as the point of a stance foot that does
  /// not move, so a foot rolling on its edge or toe is handled; off (or without F/T): the sole
  /// centre.
  bool use_center_of_pressure = true;

  /// Height of the terrain under feet in contact: their contact points are measured at
  /// z = terrain_height_m. Off (the default) the terrain height is unknown: each stance foot
  /// keeps the height it touched down at (an anchor in the filter state). Reset places the soles
  /// at terrain_height_m either way, which defines the world frame's height.
  bool use_terrain_height = false;
  double terrain_height_m = 0;
  double terrain_height_std_m = 0.005;

  /// Initial uncertainty after Reset.
  double initial_position_std_m = 0.01;
  double initial_velocity_std_mps = 0.05;
};

/// Checks `config`; returns an empty string when usable, else what is wrong.
std::string ValidateEstimatorConfig(const EstimatorConfig& config);

/// One foot as the estimator sees it.
struct FootEstimate {
  Eigen::Vector3d position_m = Eigen::Vector3d::Zero();  ///< sole site, world frame (filtered)
  bool contact = false;                                  ///< on the ground (F/T or hint)
  double normal_force_N = 0;  ///< sole-frame Fz: F/T reading, else the estimate, else 0
  Eigen::Vector3d force_N = Eigen::Vector3d::Zero();    ///< F/T force, sole frame (on the robot)
  Eigen::Vector3d torque_Nm = Eigen::Vector3d::Zero();  ///< F/T torque about the sole centre
  bool force_valid = false;      ///< the foot has a working F/T reading this tick
  bool force_estimated = false;  ///< no F/T reading: force/torque come from `estimated_wrench`
  /// Point of the sole taken as fixed to the ground, sole frame (z = 0), m: the centre of
  /// pressure clipped to the sole, or the sole centre.
  Eigen::Vector3d contact_point_m = Eigen::Vector3d::Zero();
};

/// Counters of readings the estimator refused (never exceptions on the 1 kHz path).
struct EstimatorStats {
  std::uint64_t updates = 0;
  std::uint64_t bad_orientation = 0;    ///< non-finite or non-unit AHRS quaternion (when valid)
  std::uint64_t bad_gyro = 0;           ///< non-finite gyro
  std::uint64_t bad_accelerometer = 0;  ///< non-finite specific force
  std::uint64_t bad_joints = 0;         ///< ticks with a non-finite leg joint position/velocity
  std::uint64_t bad_foot_wrench = 0;    ///< non-finite F/T reading on a foot that has one
  std::uint64_t bad_time = 0;           ///< time step unusable, nominal tick used instead
  std::uint64_t rejected_updates = 0;   ///< filter corrections refused as non-finite
  std::uint64_t filter_restores = 0;    ///< ticks whose result was non-finite and rolled back
};

/// Estimates the floating-base state of one robot. Not thread-safe; allocation-free after
/// construction.
class StateEstimator {
 public:
  /// Raises InputError when `config` is inconsistent (negative noise, off threshold above the on
  /// threshold, non-positive period) or the spec's legs or IMU cannot be handled (LegKinematics).
  explicit StateEstimator(const model::RobotSpec& spec, const EstimatorConfig& config = {});

  /// Starts from `state`: roll and pitch from the accelerometer (the robot at rest), yaw from
  /// the AHRS when there is one (else yaw 0), gyro bias 0, both soles assumed on the terrain
  /// (terrain_height_m, default z = 0), base horizontally at `base_xy_m`, velocity zero.
  /// Contact from the F/T readings (feet without one: assumed in contact).
  void Reset(const hal::LowState& state,
             const Eigen::Vector2d& base_xy_m = Eigen::Vector2d::Zero());

  /// One control tick. `contact_hint` (e.g. the gait phase, [left, right]) decides contact for
  /// feet without a valid F/T reading; without a hint such feet are taken as in contact. Feet
  /// with a valid F/T reading ignore the hint. `estimated_wrench` (sole frame, e.g. from the leg
  /// joint torques; entries with valid = false are ignored) stands in for a missing F/T reading
  /// when locating the centre of pressure. Non-finite readings are skipped and counted.
  const control::RobotState& Update(
      const hal::LowState& state, const std::array<bool, 2>* contact_hint = nullptr,
      const std::array<hal::FootWrench, 2>* estimated_wrench = nullptr);

  /// The estimate after the last Update (or Reset).
  const control::RobotState& state() const { return state_; }
  /// Foot `foot` (0 left, 1 right) after the last Update.
  const FootEstimate& foot(int foot) const { return feet_[foot]; }
  /// Kalman filter covariance over [p_base, v_base, p_left, p_right] (world frame).
  const Eigen::Matrix<double, 12, 12>& covariance() const { return filter_.covariance(); }
  const EstimatorStats& stats() const { return stats_; }
  /// Estimated gyro bias, IMU frame, rad/s.
  const Eigen::Vector3d& gyro_bias() const { return attitude_.gyro_bias(); }
  const EstimatorConfig& config() const { return config_; }
  const LegKinematics& kinematics() const { return kinematics_; }

  /// Changes the terrain height under feet in contact (e.g. from a terrain map), m.
  void set_terrain_height(bool use, double height_m = 0) {
    config_.use_terrain_height = use;
    config_.terrain_height_m = height_m;
  }

 private:
  void CopyJoints(const hal::LowState& state);
  void UpdateOrientation(const hal::LowState& state, double dt_s);
  // The AHRS orientation in `state`, when the robot has one and it is usable.
  bool MeasuredOrientation(const hal::LowState& state, Eigen::Quaterniond* q_WI);
  // Base orientation and angular velocity from the IMU's, through the joints between them.
  void BaseFromImu();
  // Gyro bias from feet standing still and roll/pitch from gravity, after the position filter.
  void CorrectAttitude(double dt_s);
  Eigen::Vector3d BaseAccelerationWorld(const hal::LowState& state, double dt_s);
  void UpdateContacts(const hal::LowState& state, const std::array<bool, 2>* contact_hint,
                      const std::array<hal::FootWrench, 2>* estimated_wrench);
  Eigen::Vector3d ContactPoint(int foot) const;
  void FillState(double time_s);

  EstimatorConfig config_;
  LegKinematics kinematics_;
  BaseKalmanFilter filter_;
  AttitudeFilter attitude_;
  bool has_ahrs_ = false;
  std::array<ContactDetector, 2> detectors_;
  control::RobotState state_;
  std::array<FootEstimate, 2> feet_;
  std::array<double, 2> contact_age_s_{};  ///< time since each foot's contact turned on, s
  EstimatorStats stats_;

  // Per-tick sensor figures derived from RobotSpec::noise and the encoders.
  double orientation_std_rad_ = 0;
  double gyro_std_radps_ = 0;
  double accelerometer_std_mps2_ = 0;
  double joint_velocity_std_radps_ = 0;
  double encoder_std_rad_ = 0;  ///< worst leg encoder quantisation, resolution/√12
  std::array<Eigen::Vector2d, 2> sole_half_size_m_;  ///< half length (x), half width (y)

  // Last usable readings, held when a reading is non-finite.
  std::vector<double> q_rad_;
  std::vector<double> dq_radps_;
  Eigen::Quaterniond orientation_WB_ = Eigen::Quaterniond::Identity();
  Eigen::Vector3d gyro_B_ = Eigen::Vector3d::Zero();  ///< base angular velocity, base frame
  Eigen::Vector3d gyro_I_ = Eigen::Vector3d::Zero();  ///< raw gyro reading, IMU frame
  Eigen::Vector3d previous_gyro_B_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d specific_force_I_ = Eigen::Vector3d::Zero();  ///< IMU frame
  Eigen::Matrix3d previous_R_WB_ = Eigen::Matrix3d::Identity();
  // Gravity correction: low-passed specific force (world) and leg-kinematics acceleration.
  Eigen::Vector3d filtered_specific_force_W_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d filtered_acceleration_W_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d base_specific_force_W_ = Eigen::Vector3d::Zero();  ///< this tick, unfiltered
  Eigen::Vector3d previous_velocity_W_ = Eigen::Vector3d::Zero();
  std::array<bool, 2> still_foot_{false, false};  ///< settled stance this tick
  double last_time_s_ = 0;
  bool initialised_ = false;
};

}  // namespace tianmu::estimation
