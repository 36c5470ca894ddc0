#include "tianmu/estimation/state_estimator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tianmu/core/error.h"

namespace tianmu::estimation {
namespace {

constexpr double kGravity_mps2 = 9.81;
const Eigen::Vector3d kGravityWorld(0, 0, -kGravity_mps2);

bool AllFinite(const std::array<double, 3>& v) {
  return std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2]);
}

Eigen::Vector3d ToVector(const std::array<double, 3>& v) { return {v[0], v[1], v[2]}; }

// Raises InputError for a config ValidateEstimatorConfig refuses (before anything is built).
const EstimatorConfig& Checked(const EstimatorConfig& config) {
  const std::string problem = ValidateEstimatorConfig(config);
  if (!problem.empty()) throw InputError("estimator config: " + problem);
  return config;
}

}  // namespace

std::string ValidateEstimatorConfig(const EstimatorConfig& c) {
  if (!(c.control_period_s > 0)) return "control_period_s: expected a number > 0";
  if (!(c.max_tick_s >= c.control_period_s)) return "max_tick_s: expected >= control_period_s";
  const AttitudeFilterConfig& a = c.attitude;
  const double times[] = {a.gravity_time_constant_s,       a.gyro_bias_time_constant_s,
                          a.ahrs_tilt_time_constant_s,     a.ahrs_gyro_bias_time_constant_s,
                          a.ahrs_yaw_time_constant_s,      a.still_bias_time_constant_s,
                          c.gravity_filter_time_constant_s};
  for (double t : times) {
    if (!(t >= 0) || !std::isfinite(t)) return "attitude time constants: expected numbers >= 0";
  }
  if (!(c.flat_foot_cop_fraction >= 0 && c.flat_foot_cop_fraction <= 1)) {
    return "flat_foot_cop_fraction: expected a number in [0, 1]";
  }
  if (!(a.gravity_gate_mps2 > 0) || !(a.max_gyro_bias_rad_per_s >= 0) ||
      !(c.attitude_std_rad >= 0) || !std::isfinite(c.attitude_std_rad)) {
    return "attitude gate, bias bound and std: expected gate > 0, others >= 0";
  }
  if (!(c.contact_off_fraction >= 0 && c.contact_off_fraction <= c.contact_on_fraction)) {
    return "contact fractions: expected 0 <= contact_off_fraction <= contact_on_fraction";
  }
  const double stds[] = {
      c.base_position_noise,      c.base_velocity_noise,     c.stance_foot_noise,
      c.swing_foot_noise,         c.kinematics_std_m,        c.foot_velocity_std_mps,
      c.swing_kinematics_std_m,   c.terrain_height_std_m,    c.initial_position_std_m,
      c.initial_velocity_std_mps, c.impact_velocity_std_mps, c.contact_settle_s};
  for (double std : stds) {
    if (!(std >= 0) || !std::isfinite(std)) return "noise figures: expected finite numbers >= 0";
  }
  // A measurement without noise next to a state without uncertainty divides by zero.
  if (!(c.kinematics_std_m > 0 && c.foot_velocity_std_mps > 0 && c.swing_kinematics_std_m > 0 &&
        c.terrain_height_std_m > 0)) {
    return "measurement noise: expected kinematics, foot velocity and terrain stds > 0";
  }
  if (!std::isfinite(c.terrain_height_m)) return "terrain_height_m: expected a finite number";
  return {};
}

StateEstimator::StateEstimator(const model::RobotSpec& spec, const EstimatorConfig& config)
    : config_(Checked(config)),
      kinematics_(spec),
      attitude_(config.attitude),
      has_ahrs_(spec.imu.has_orientation()),
      detectors_{
          ContactDetector(config.contact_on_fraction * spec.total_mass_kg * kGravity_mps2 / 2,
                          config.contact_off_fraction * spec.total_mass_kg * kGravity_mps2 / 2),
          ContactDetector(config.contact_on_fraction * spec.total_mass_kg * kGravity_mps2 / 2,
                          config.contact_off_fraction * spec.total_mass_kg * kGravity_mps2 / 2)} {
  const int n = spec.num_joints();
  state_.q_rad.setZero(n);
  state_.dq_radps.setZero(n);
  q_rad_ = spec.NominalPosture();
  dq_radps_.assign(n, 0.0);
  // With an AHRS, the attitude filter averages its white noise over ~τ: the std shrinks by
  // √(α / (2 − α)) with α = dt / (τ + dt) (first-order low-pass of white noise). Without one,
  // the tilt error is what the accelerometer leaves (config).
  const double dt = config_.control_period_s;
  const double tau = config_.attitude.ahrs_tilt_time_constant_s;
  const double alpha = tau > 0 ? dt / (tau + dt) : 1.0;
  orientation_std_rad_ = has_ahrs_
                             ? spec.noise.orientation_std_rad * std::sqrt(alpha / (2.0 - alpha))
                             : config_.attitude_std_rad;
  gyro_std_radps_ = spec.noise.gyro_std_radps;
  accelerometer_std_mps2_ = spec.noise.accelerometer_std_mps2;
  joint_velocity_std_radps_ = spec.noise.joint_velocity_std_radps;
  for (int foot = 0; foot < 2; ++foot) {
    sole_half_size_m_[foot] = {0.5 * spec.feet[foot].sole_length_m,
                               0.5 * spec.feet[foot].sole_width_m};
    for (const ChainJoint& joint : kinematics_.Chain(foot)) {
      if (joint.spec_index < 0) continue;
      const double resolution = spec.joints[joint.spec_index].sheet.EncoderResolutionRad();
      if (std::isfinite(resolution)) {
        encoder_std_rad_ = std::max(encoder_std_rad_, resolution / std::sqrt(12.0));
      }
    }
  }
}

void StateEstimator::CopyJoints(const hal::LowState& state) {
  const std::size_t n = q_rad_.size();
  if (state.q_rad.size() != n || state.dq_radps.size() != n) return;
  for (std::size_t j = 0; j < n; ++j) {
    if (std::isfinite(state.q_rad[j])) q_rad_[j] = state.q_rad[j];
    if (std::isfinite(state.dq_radps[j])) dq_radps_[j] = state.dq_radps[j];
  }
}

void StateEstimator::Reset(const hal::LowState& state, const Eigen::Vector2d& base_xy_m) {
  CopyJoints(state);
  kinematics_.Update(q_rad_.data());
  const Eigen::Quaterniond& q_BI = kinematics_.ImuOrientationInBase();
  gyro_I_.setZero();
  if (AllFinite(state.imu.angular_velocity_radps)) {
    gyro_I_ = ToVector(state.imu.angular_velocity_radps);
  }
  specific_force_I_ = q_BI.conjugate() * Eigen::Vector3d(0, 0, kGravity_mps2);
  if (AllFinite(state.imu.linear_acceleration_mps2) &&
      ToVector(state.imu.linear_acceleration_mps2).norm() > 0.5 * kGravity_mps2) {
    specific_force_I_ = ToVector(state.imu.linear_acceleration_mps2);
  }
  Eigen::Quaterniond q_WI;
  if (!MeasuredOrientation(state, &q_WI)) {
    // At rest the specific force points up: roll and pitch from it; yaw from the base at 0.
    q_WI = Eigen::Quaterniond::FromTwoVectors(specific_force_I_, Eigen::Vector3d::UnitZ());
    const Eigen::Matrix3d R_WB = (q_WI * q_BI.conjugate()).toRotationMatrix();
    const double yaw = std::atan2(R_WB(1, 0), R_WB(0, 0));
    q_WI = Eigen::AngleAxisd(-yaw, Eigen::Vector3d::UnitZ()) * q_WI;
  }
  attitude_.Reset(q_WI, Eigen::Vector3d::Zero());
  BaseFromImu();
  previous_gyro_B_ = gyro_B_;
  const Eigen::Matrix3d R_WB = orientation_WB_.toRotationMatrix();
  previous_R_WB_ = R_WB;
  filtered_specific_force_W_ = attitude_.orientation() * specific_force_I_;
  filtered_acceleration_W_.setZero();
  previous_velocity_W_.setZero();
  still_foot_ = {false, false};

  const Eigen::Vector3d left_W = R_WB * kinematics_.SolePosition(0);
  const Eigen::Vector3d right_W = R_WB * kinematics_.SolePosition(1);
  const double ground = config_.terrain_height_m;
  const Eigen::Vector3d base(base_xy_m.x(), base_xy_m.y(),
                             ground - 0.5 * (left_W.z() + right_W.z()));
  BaseKalmanFilter::Vector12d x;
  x << base, Eigen::Vector3d::Zero(), base + left_W, base + right_W;
  filter_.Reset(x, config_.initial_position_std_m, config_.initial_velocity_std_mps,
                config_.initial_position_std_m);

  for (int foot = 0; foot < 2; ++foot) {
    const hal::FootWrench& wrench = state.feet[foot];
    const bool usable = wrench.valid && AllFinite(wrench.force_N);
    detectors_[foot].Set(usable ? wrench.force_N[2] > detectors_[foot].on_threshold_N() : true);
    feet_[foot].force_valid = usable;
    feet_[foot].force_N = usable ? ToVector(wrench.force_N) : Eigen::Vector3d::Zero();
    feet_[foot].normal_force_N = feet_[foot].force_N.z();
    feet_[foot].contact = detectors_[foot].contact();
    contact_age_s_[foot] = std::numeric_limits<double>::infinity();  // settled at reset
  }
  last_time_s_ = std::isfinite(state.time_s) ? state.time_s : 0.0;
  initialised_ = true;
  FillState(last_time_s_);
}

bool StateEstimator::MeasuredOrientation(const hal::LowState& state, Eigen::Quaterniond* q_WI) {
  if (!has_ahrs_ || !state.imu.orientation_valid) return false;
  const auto& wxyz = state.imu.orientation_wxyz;
  const Eigen::Quaterniond q(wxyz[0], wxyz[1], wxyz[2], wxyz[3]);
  if (!q.coeffs().allFinite() || std::abs(q.norm() - 1.0) >= 0.01) {
    ++stats_.bad_orientation;
    return false;
  }
  *q_WI = q.normalized();
  return true;
}

void StateEstimator::BaseFromImu() {
  const Eigen::Quaterniond& q_BI = kinematics_.ImuOrientationInBase();
  orientation_WB_ = (attitude_.orientation() * q_BI.conjugate()).normalized();
  // The IMU's body turns with the base plus the joints between them.
  gyro_B_ = q_BI * (gyro_I_ - attitude_.gyro_bias()) -
            kinematics_.ImuRelativeAngularVelocity(dq_radps_.data());
}

void StateEstimator::UpdateOrientation(const hal::LowState& state, double dt_s) {
  if (AllFinite(state.imu.angular_velocity_radps)) {
    gyro_I_ = ToVector(state.imu.angular_velocity_radps);
  } else {
    ++stats_.bad_gyro;  // hold the last reading
  }
  // The gyro reading belongs to the end of the step, as MuJoCo's semi-implicit integration (and a
  // sampled IMU) has it: integrate with it.
  attitude_.Predict(gyro_I_, dt_s);
  Eigen::Quaterniond q_WI;
  if (MeasuredOrientation(state, &q_WI)) attitude_.CorrectOrientation(q_WI, dt_s);
  BaseFromImu();
}

Eigen::Vector3d StateEstimator::BaseAccelerationWorld(const hal::LowState& state, double dt_s) {
  if (AllFinite(state.imu.linear_acceleration_mps2)) {
    specific_force_I_ = ToVector(state.imu.linear_acceleration_mps2);
  } else {
    ++stats_.bad_accelerometer;  // hold the last reading
  }
  const Eigen::Vector3d& r_B = kinematics_.ImuPositionInBase();
  // The IMU sits at r from the base origin: a_imu = a_base + α × r + ω × (ω × r).
  Eigen::Vector3d f_B = kinematics_.ImuOrientationInBase() * specific_force_I_;
  if (r_B.squaredNorm() > 0) {
    const Eigen::Vector3d angular_acceleration_B =
        dt_s > 0 ? Eigen::Vector3d((gyro_B_ - previous_gyro_B_) / dt_s) : Eigen::Vector3d::Zero();
    f_B -= angular_acceleration_B.cross(r_B) + gyro_B_.cross(gyro_B_.cross(r_B));
  }
  previous_gyro_B_ = gyro_B_;
  // The specific force is an average over the step just ended: rotate it with the orientation
  // in the middle of that step.
  const Eigen::Matrix3d R_WB = orientation_WB_.toRotationMatrix();
  base_specific_force_W_ = 0.5 * (R_WB + previous_R_WB_) * f_B;
  previous_R_WB_ = R_WB;
  return base_specific_force_W_ + kGravityWorld;
}

void StateEstimator::UpdateContacts(const hal::LowState& state,
                                    const std::array<bool, 2>* contact_hint,
                                    const std::array<hal::FootWrench, 2>* estimated_wrench) {
  for (int foot = 0; foot < 2; ++foot) {
    const hal::FootWrench& wrench = state.feet[foot];
    FootEstimate& out = feet_[foot];
    if (wrench.valid) {
      if (AllFinite(wrench.force_N)) {
        out.force_N = ToVector(wrench.force_N);
        out.torque_Nm = ToVector(wrench.torque_Nm);
        out.normal_force_N = out.force_N.z();
        out.force_valid = true;
        detectors_[foot].Update(out.normal_force_N);
      } else {
        ++stats_.bad_foot_wrench;  // keep the contact state of the last good reading
        out.force_valid = false;
      }
    } else {
      out.force_valid = false;
      const hal::FootWrench* estimate =
          estimated_wrench != nullptr ? &(*estimated_wrench)[foot] : nullptr;
      out.force_estimated = estimate != nullptr && estimate->valid &&
                            AllFinite(estimate->force_N) && AllFinite(estimate->torque_Nm);
      out.force_N = out.force_estimated ? ToVector(estimate->force_N) : Eigen::Vector3d::Zero();
      out.torque_Nm = out.force_estimated ? ToVector(estimate->torque_Nm) : Eigen::Vector3d::Zero();
      out.normal_force_N = out.force_N.z();
      detectors_[foot].Set(contact_hint != nullptr ? (*contact_hint)[foot] : true);
    }
    out.contact = detectors_[foot].contact();
  }
}

Eigen::Vector3d StateEstimator::ContactPoint(int foot) const {
  const FootEstimate& f = feet_[foot];
  if (!config_.use_center_of_pressure || !(f.force_valid || f.force_estimated) ||
      !f.torque_Nm.allFinite() || !(f.normal_force_N > detectors_[foot].off_threshold_N())) {
    return Eigen::Vector3d::Zero();
  }
  // Torque about the sole centre of a force f at c (c_z = 0): τx = c_y f_z, τy = −c_x f_z.
  const Eigen::Vector2d& half = sole_half_size_m_[foot];
  return {std::clamp(-f.torque_Nm.y() / f.normal_force_N, -half.x(), half.x()),
          std::clamp(f.torque_Nm.x() / f.normal_force_N, -half.y(), half.y()), 0.0};
}

const control::RobotState& StateEstimator::Update(
    const hal::LowState& state, const std::array<bool, 2>* contact_hint,
    const std::array<hal::FootWrench, 2>* estimated_wrench) {
  if (!initialised_) {
    Reset(state);
    return state_;
  }
  ++stats_.updates;
  double dt = state.time_s - last_time_s_;
  if (!std::isfinite(dt) || dt < 0 || dt > config_.max_tick_s) {
    dt = config_.control_period_s;
    ++stats_.bad_time;
  }
  last_time_s_ = std::isfinite(state.time_s) ? state.time_s : last_time_s_ + dt;

  const std::size_t n = q_rad_.size();
  const bool joints_ok = state.q_rad.size() == n && state.dq_radps.size() == n &&
                         kinematics_.ChainsFinite(state.q_rad.data()) &&
                         kinematics_.ChainsFinite(state.dq_radps.data());
  if (!joints_ok) ++stats_.bad_joints;
  CopyJoints(state);
  if (joints_ok) kinematics_.Update(q_rad_.data());  // the IMU's pose in the base moves with q
  UpdateOrientation(state, dt);
  const Eigen::Vector3d acceleration_W = BaseAccelerationWorld(state, dt);
  UpdateContacts(state, contact_hint, estimated_wrench);
  for (int foot = 0; foot < 2; ++foot) {
    contact_age_s_[foot] = feet_[foot].contact ? contact_age_s_[foot] + dt : 0;
  }
  const Eigen::Matrix3d R_WB = orientation_WB_.toRotationMatrix();

  // Per stance foot: the point of the sole that stays put (centre of pressure or sole centre),
  // as an offset from the sole centre in the base frame. A sole rolling about that point moves
  // its centre with ω_foot × (p_sole − p_contact): a known input of the time update.
  std::array<Eigen::Vector3d, 2> contact_offset_B{Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()};
  std::array<Eigen::Vector3d, 2> foot_velocity_W{Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()};
  if (joints_ok) {
    for (int foot = 0; foot < 2; ++foot) {
      feet_[foot].contact_point_m = ContactPoint(foot);
      if (!feet_[foot].contact) continue;
      contact_offset_B[foot] = kinematics_.SoleRotation(foot) * feet_[foot].contact_point_m;
      const Eigen::Vector3d foot_angular_velocity_W =
          R_WB * (gyro_B_ + kinematics_.FootRelativeAngularVelocity(foot, dq_radps_.data()));
      foot_velocity_W[foot] = -foot_angular_velocity_W.cross(R_WB * contact_offset_B[foot]);
    }
  }

  const BaseKalmanFilter backup = filter_;
  // Accelerometer white noise of std σ per sample integrates into velocity like a random walk
  // of σ·√dt per √s; orientation error tilts gravity into the horizontal.
  const double sensor_velocity_noise =
      std::sqrt((accelerometer_std_mps2_ * accelerometer_std_mps2_ +
                 std::pow(orientation_std_rad_ * kGravity_mps2, 2)) *
                config_.control_period_s);
  ProcessNoise noise;
  noise.base_position = config_.base_position_noise;
  noise.base_velocity = std::hypot(config_.base_velocity_noise, sensor_velocity_noise);
  for (int foot = 0; foot < 2; ++foot) {
    noise.foot[foot] = feet_[foot].contact ? config_.stance_foot_noise : config_.swing_foot_noise;
  }
  filter_.Predict(dt, acceleration_W, foot_velocity_W, noise);

  if (joints_ok) {
    int applied = 0, attempted = 0;
    for (int foot = 0; foot < 2; ++foot) {
      const int block = foot == 0 ? kLeftFoot : kRightFoot;
      const Eigen::Vector3d& r_B = kinematics_.SolePosition(foot);
      const double jacobian_sq = kinematics_.JacobianSquaredNorm(foot);
      const double lever_sq = r_B.squaredNorm();
      // p_foot − p_base = R fk(q): model error, plus encoder quantisation through the leg
      // Jacobian, plus orientation error times the lever.
      const double model_std =
          feet_[foot].contact ? config_.kinematics_std_m : config_.swing_kinematics_std_m;
      const double position_variance = model_std * model_std +
                                       encoder_std_rad_ * encoder_std_rad_ * jacobian_sq +
                                       orientation_std_rad_ * orientation_std_rad_ * lever_sq;
      attempted += 3;
      applied += filter_.UpdateVector(block, kBasePosition, R_WB * r_B, position_variance);
      if (!feet_[foot].contact) continue;
      // The contact point does not move: 0 = v_base + R (ω × r_c + J q̇ + ω_foot,rel × offset).
      const Eigen::Vector3d& offset_B = contact_offset_B[foot];
      const Eigen::Vector3d relative_B =
          gyro_B_.cross(r_B + offset_B) +
          kinematics_.PointRelativeVelocity(foot, offset_B, dq_radps_.data());
      const double velocity_variance =
          config_.foot_velocity_std_mps * config_.foot_velocity_std_mps +
          joint_velocity_std_radps_ * joint_velocity_std_radps_ * jacobian_sq +
          gyro_std_radps_ * gyro_std_radps_ * lever_sq +
          (contact_age_s_[foot] < config_.contact_settle_s
               ? config_.impact_velocity_std_mps * config_.impact_velocity_std_mps
               : 0.0);
      attempted += 3;
      applied += filter_.UpdateVector(kBaseVelocity, -1, -(R_WB * relative_B), velocity_variance);
      if (config_.use_terrain_height) {
        // The contact point is on the terrain: p_foot,z + (R offset)_z = h.
        attempted += 1;
        applied +=
            filter_.UpdateScalar(block + 2, -1, config_.terrain_height_m - (R_WB * offset_B).z(),
                                 config_.terrain_height_std_m * config_.terrain_height_std_m)
                ? 1
                : 0;
      }
    }
    stats_.rejected_updates += static_cast<std::uint64_t>(attempted - applied);
  }
  filter_.Symmetrize();
  if (!filter_.state().allFinite() || !filter_.covariance().allFinite()) {
    filter_ = backup;
    ++stats_.filter_restores;
  }
  for (int foot = 0; foot < 2; ++foot) {
    still_foot_[foot] =
        joints_ok && feet_[foot].contact && contact_age_s_[foot] >= config_.contact_settle_s;
  }
  CorrectAttitude(dt);
  FillState(last_time_s_);
  return state_;
}

void StateEstimator::CorrectAttitude(double dt_s) {
  // Gravity: the base's specific force (world, with the current orientation) against its linear
  // acceleration from the filter's velocity, which the stance legs pin within a few ms and so
  // carries the legs' view rather than the accelerometer's. Both low-passed alike.
  const Eigen::Vector3d velocity_W = filter_.Block(kBaseVelocity);
  const Eigen::Vector3d acceleration_W =
      dt_s > 0 ? Eigen::Vector3d((velocity_W - previous_velocity_W_) / dt_s)
               : Eigen::Vector3d::Zero();
  previous_velocity_W_ = velocity_W;
  const double tau = config_.gravity_filter_time_constant_s;
  const double alpha = tau > 0 ? dt_s / (tau + dt_s) : 1.0;
  filtered_specific_force_W_ += alpha * (base_specific_force_W_ - filtered_specific_force_W_);
  filtered_acceleration_W_ += alpha * (acceleration_W - filtered_acceleration_W_);
  const bool legs = still_foot_[0] || still_foot_[1];
  if (legs && !has_ahrs_) {
    attitude_.CorrectGravity(filtered_specific_force_W_, filtered_acceleration_W_, dt_s);
  }
  // Gyro bias: feet standing still do not turn. Only in double support: in single support the
  // stance foot pivots about the vertical under the swing leg's reaction (MuJoCo's default
  // contacts have no torsional friction; ~0.05 rad/s measured on TM-1 at 0.5 m/s).
  if (still_foot_[0] && still_foot_[1]) {
    const Eigen::Matrix3d R_WB = orientation_WB_.toRotationMatrix();
    Eigen::Vector3d rate_W = Eigen::Vector3d::Zero();
    bool flat = true;
    for (int foot = 0; foot < 2; ++foot) {
      rate_W +=
          0.5 * R_WB * (gyro_B_ + kinematics_.FootRelativeAngularVelocity(foot, dq_radps_.data()));
      const Eigen::Vector3d& c = feet_[foot].contact_point_m;
      const Eigen::Vector2d& half = sole_half_size_m_[foot];
      flat = flat && std::abs(c.x()) <= config_.flat_foot_cop_fraction * half.x() &&
             std::abs(c.y()) <= config_.flat_foot_cop_fraction * half.y();
    }
    if (!flat) rate_W.head<2>().setZero();  // a sole on its edge rolls: yaw only
    attitude_.CorrectStillRate(rate_W, dt_s);
  }
  BaseFromImu();
}

void StateEstimator::FillState(double time_s) {
  state_.time_s = time_s;
  state_.base_position_m = filter_.Block(kBasePosition);
  state_.base_linear_velocity_mps = filter_.Block(kBaseVelocity);
  state_.base_orientation = orientation_WB_;
  state_.base_angular_velocity_radps = gyro_B_;
  for (int j = 0; j < static_cast<int>(q_rad_.size()); ++j) {
    state_.q_rad[j] = q_rad_[j];
    state_.dq_radps[j] = dq_radps_[j];
  }
  feet_[0].position_m = filter_.Block(kLeftFoot);
  feet_[1].position_m = filter_.Block(kRightFoot);
  state_.contact = {feet_[0].contact, feet_[1].contact};
}

}  // namespace tianmu::estimation
