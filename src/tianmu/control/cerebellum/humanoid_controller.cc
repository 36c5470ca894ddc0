#include "tianmu/control/cerebellum/humanoid_controller.h"

#include <algorithm>
#include <cmath>

#include "tianmu/control/locomotion/measured_input.h"

namespace tianmu::control {
namespace {

std::array<wbc::ContactParameters, 2> ContactsOf(const model::RobotSpec& spec,
                                                 const RobotDynamics& dynamics,
                                                 const HumanoidControllerConfig& config) {
  std::array<wbc::ContactParameters, 2> out;
  for (int f = 0; f < 2; ++f) {
    out[f].sole_site = dynamics.binding().feet[f].sole_site;
    out[f].sole_length_m = spec.feet[f].sole_length_m;
    out[f].sole_width_m = spec.feet[f].sole_width_m;
    out[f].friction = config.friction;
  }
  return out;
}

Eigen::Matrix3d YawRotation(double yaw_rad) {
  return Eigen::AngleAxisd(yaw_rad, Eigen::Vector3d::UnitZ()).toRotationMatrix();
}

// Rotation of `body` relative to the soles' heading in the nominal posture (base upright at the
// origin): what the pelvis and torso tasks hold, turned with the walking heading. Identity for
// bodies whose frames face the soles' x axis; any other forward axis of a model comes out here.
Eigen::Matrix3d NominalOrientationInHeadingFrame(const model::RobotSpec& spec,
                                                 RobotDynamics* dynamics, int body) {
  RobotState nominal;
  nominal.q_rad.resize(spec.num_joints());
  nominal.dq_radps = Eigen::VectorXd::Zero(spec.num_joints());
  for (int j = 0; j < spec.num_joints(); ++j) nominal.q_rad[j] = spec.joints[j].nominal_rad;
  dynamics->Update(nominal);
  const model::RobotBinding& b = dynamics->binding();
  const double heading =
      locomotion::MeanYaw(locomotion::YawOf(dynamics->SiteRotation(b.feet[0].sole_site)),
                          locomotion::YawOf(dynamics->SiteRotation(b.feet[1].sole_site)));
  return YawRotation(heading).transpose() * dynamics->BodyRotation(body);
}

}  // namespace

int TorsoBody(const model::RobotSpec& spec, const mjModel* m) {
  const model::GroupSpec* waist = spec.Group("waist");
  if (waist == nullptr || waist->joints.empty()) return -1;
  const std::string& last = spec.joints[waist->joints.back()].name;
  const int joint = mj_name2id(m, mjOBJ_JOINT, last.c_str());
  return joint < 0 ? -1 : m->jnt_bodyid[joint];
}

namespace {

/// The centroidal momentum task's gains from the controller's weights and the CoM height.
wbc::CentroidalMomentumGains MomentumGains(const HumanoidControllerConfig& config,
                                           const locomotion::LocomotionConfig& locomotion) {
  wbc::CentroidalMomentumGains gains;
  gains.linear_weight.setConstant(config.com_weight);
  gains.angular_weight = config.angular_momentum_weight;
  gains.angular_damping_per_s = config.angular_momentum_damping_per_s;
  gains.reference_length_m = locomotion.nominal_com_height_m;
  return gains;
}

// The walking controller plans on flat ground and takes the stance feet's heights from the
// estimator. With the estimator's default (terrain height unknown, stance feet as anchors) those
// heights random-walk by millimetres per step, and tm1s-noft (30° heading error, 1.6 m instead of
// 3.3 m at 0.3 m/s, seed 7) and TM-1 at 1.1 m/s (6.56 m instead of 7.2 m in 8 s) regressed: until
// the planner handles uneven ground, it keeps the flat-ground height measurement (NOTES.md).
estimation::EstimatorConfig WalkingEstimatorConfig() {
  estimation::EstimatorConfig config;
  config.use_terrain_height = true;
  return config;
}

}  // namespace

HumanoidController::HumanoidController(const model::RobotSpec& spec,
                                       const HumanoidControllerConfig& config,
                                       std::optional<locomotion::LocomotionConfig> locomotion)
    : spec_(spec),
      config_(config),
      estimator_(spec, WalkingEstimatorConfig()),
      dynamics_(spec),
      leg_contact_(dynamics_),
      walking_(locomotion ? *locomotion : locomotion::DeriveLocomotionConfig(spec)),
      com_task_(Eigen::Vector3d::Constant(config.com_weight), Eigen::Vector3d::Zero(),
                Eigen::Vector3d::Zero()),
      momentum_task_({dynamics_.binding().feet[0].sole_site, dynamics_.binding().feet[1].sole_site},
                     MomentumGains(config, walking_.config())),
      pelvis_task_("pelvis", dynamics_.binding().base_body,
                   Eigen::Vector3d::Constant(config.pelvis_weight),
                   {config.pelvis_kp, config.pelvis_kd}),
      posture_task_(dynamics_, std::vector<double>(spec.num_joints(), config.posture_kp),
                    std::vector<double>(spec.num_joints(), config.posture_kd),
                    std::vector<double>(spec.num_joints(), config.posture_weight)),
      qp_(spec, dynamics_, ContactsOf(spec, dynamics_, config)) {
  if (config.centroidal_momentum_task) {
    qp_.AddTask(&momentum_task_);
  } else {
    qp_.AddTask(&com_task_);
  }
  qp_.AddTask(&pelvis_task_);
  pelvis_nominal_R_ =
      NominalOrientationInHeadingFrame(spec, &dynamics_, dynamics_.binding().base_body);
  const int torso = TorsoBody(spec, dynamics_.model());
  torso_body_ = torso;
  if (torso >= 0) {
    torso_nominal_R_ = NominalOrientationInHeadingFrame(spec, &dynamics_, torso);
    torso_task_.emplace("torso", torso, Eigen::Vector3d::Constant(config.torso_weight),
                        wbc::TaskGains{config.torso_kp, config.torso_kd});
    qp_.AddTask(&*torso_task_);
  }
  for (int f = 0; f < 2; ++f) {
    sole_site_[f] = dynamics_.binding().feet[f].sole_site;
    Eigen::Matrix<double, 6, 1> swing_weight =
        Eigen::Matrix<double, 6, 1>::Constant(config.swing_weight);
    if (dynamics_.ActuatedJointsToSite(sole_site_[f]).size() < 6) {
      swing_weight[3] = config.short_leg_swing_roll_weight;  // about the sole's x axis
    }
    foot_tasks_[f] = std::make_unique<wbc::FrameTask>(
        f == 0 ? "left_foot" : "right_foot", sole_site_[f], swing_weight,
        wbc::TaskGains{config.swing_kp, config.swing_kd},
        wbc::TaskGains{config.swing_kp, config.swing_kd});
    foot_tasks_[f]->set_active(false);
    qp_.AddTask(foot_tasks_[f].get());
  }
  qp_.AddTask(&posture_task_);
  AddManipulationTasks();
  nominal_posture_.resize(spec.num_joints());
  for (int j = 0; j < spec.num_joints(); ++j) nominal_posture_[j] = spec.joints[j].nominal_rad;
  posture_task_.SetReference(nominal_posture_);
  rest_ = ComputeRestPose(spec, torso, walking_.config().nominal_step_width_m);
  last_good_.Resize(spec.num_joints());
  last_good_.mode = hal::CommandMode::kDamping;
}

void HumanoidController::SetCommandSchedule(std::vector<TimedCommand> schedule) {
  std::stable_sort(
      schedule.begin(), schedule.end(),
      [](const TimedCommand& a, const TimedCommand& b) { return a.time_s < b.time_s; });
  schedule_ = std::move(schedule);
  next_command_ = 0;
}

void HumanoidController::Reset(const hal::LowState& state) {
  ClearHeldObject();
  estimator_.Reset(state);
  dynamics_.Update(estimator_.state());
  locomotion::MeasureLocomotionInput(dynamics_, &input_);
  input_.time_s = state.time_s;
  input_.contact = {true, true};
  walking_.Reset(input_);
  leg_contact_.Reset();
  next_command_ = 0;
  command_ = {};
  walking_requested_ = false;
  mode_ = Mode::kBalancing;
  slow_since_s_ = -1;
  lowering_start_s_ = -1;
  ClearJointTargets();
  for (int h = 0; h < static_cast<int>(hand_tasks_.size()); ++h) ClearHandTarget(h);
  ClearGazeTarget();
  SetComWeight(Eigen::Vector3d::Constant(config_.com_weight));
  status_ = {};
}

void HumanoidController::SetComReference(const Eigen::Vector3d& p, const Eigen::Vector3d& v,
                                         const Eigen::Vector3d& a) {
  com_task_.SetReference(p, v, a);
  momentum_task_.SetReference(p, v, a);
}

void HumanoidController::SetComWeight(const Eigen::Vector3d& weight) {
  com_task_.set_weight(weight);
  momentum_task_.set_weight(weight);
}

void HumanoidController::SetVelocityCommand(const locomotion::VelocityCommand& command) {
  schedule_.clear();
  next_command_ = 0;
  if (mode_ == Mode::kBalancing) ApplyCommand(command);
}

void HumanoidController::SetJointTargets(const Eigen::VectorXd& q_rad, double weight) {
  Eigen::VectorXd reference = nominal_posture_;
  for (int j = 0; j < spec_.num_joints() && j < q_rad.size(); ++j) {
    const bool tracked = std::isfinite(q_rad[j]);
    if (tracked) reference[j] = q_rad[j];
    posture_task_.SetWeight(j, tracked ? weight : config_.posture_weight);
  }
  posture_task_.SetReference(reference);
}

void HumanoidController::ClearJointTargets() {
  for (int j = 0; j < spec_.num_joints(); ++j) posture_task_.SetWeight(j, config_.posture_weight);
  posture_task_.SetReference(nominal_posture_);
}

void HumanoidController::ApplyCommand(const locomotion::VelocityCommand& command) {
  command_ = command;
  if (!command_.IsZero() && !walking_requested_) {
    walking_.RequestWalk();
    walking_requested_ = true;
  } else if (command_.IsZero() && walking_requested_) {
    walking_.RequestStop();
    walking_requested_ = false;
  }
}

void HumanoidController::ApplyCommandSchedule(double time_s) {
  while (next_command_ < schedule_.size() && schedule_[next_command_].time_s <= time_s + 1e-9) {
    ApplyCommand(schedule_[next_command_].command);
    ++next_command_;
  }
}

void HumanoidController::UpdateEmergencyStop(double time_s) {
  if (mode_ == Mode::kBalancing && estop_at_s_ >= 0 && time_s + 1e-9 >= estop_at_s_) {
    mode_ = Mode::kStopping;
    status_.estop_time_s = time_s;
    status_.estop_category = static_cast<int>(estop_category_);
    command_ = {};
    if (estop_category_ == model::StopCategory::kControlledThenRest) {
      // Finish the step and stand with the feet as wide apart as the rest pose has them.
      walking_.RequestStop(rest_.stance_width_m);
    } else {
      walking_.RequestEmergencyStop();
    }
    walking_requested_ = false;
  }
  if (mode_ != Mode::kStopping) return;
  // Stable stand: the pattern generator stands on both feet and the CoM has come to rest.
  const bool standing = walking_.state() == locomotion::WalkingState::kStanding &&
                        dynamics_.CoMVelocity().head<2>().norm() < config_.stop_speed_mps;
  if (!standing) {
    slow_since_s_ = -1;
    return;
  }
  if (slow_since_s_ < 0) slow_since_s_ = time_s;
  if (time_s - slow_since_s_ >= config_.stop_hold_s) {
    status_.stopped_time_s = slow_since_s_;
    if (estop_category_ == model::StopCategory::kControlledHold) {
      mode_ = Mode::kHolding;
    } else {
      StartLowering(time_s);
    }
  }
}

namespace {

// Minimum-jerk blend s(τ) of `duration_s` and its first two time derivatives.
struct Blend {
  double s = 1, ds = 0, dds = 0;
};
Blend MinimumJerk(double elapsed_s, double duration_s) {
  if (elapsed_s >= duration_s || duration_s <= 0) return {};
  const double t = std::max(elapsed_s, 0.0) / duration_s;
  Blend b;
  b.s = t * t * t * (10 - 15 * t + 6 * t * t);
  b.ds = 30 * t * t * (1 - 2 * t + t * t) / duration_s;
  b.dds = 60 * t * (1 - 3 * t + 2 * t * t) / (duration_s * duration_s);
  return b;
}

}  // namespace

void HumanoidController::StartLowering(double time_s) {
  mode_ = Mode::kLowering;
  lowering_start_s_ = time_s;
  slow_since_s_ = -1;
  // The standing frame: the soles' midpoint and mean heading, as RestPose expresses itself in.
  const Eigen::Vector3d left = dynamics_.SitePosition(sole_site_[0]);
  const Eigen::Vector3d right = dynamics_.SitePosition(sole_site_[1]);
  frame_origin_ = 0.5 * (left + right);
  frame_R_ =
      YawRotation(locomotion::MeanYaw(locomotion::YawOf(dynamics_.SiteRotation(sole_site_[0])),
                                      locomotion::YawOf(dynamics_.SiteRotation(sole_site_[1]))));
  lowering_q0_ = estimator_.state().q_rad;
  lowering_com0_ = frame_R_.transpose() * (dynamics_.CoM() - frame_origin_);
  lowering_pelvis0_ = Eigen::Quaterniond(frame_R_.transpose() *
                                         dynamics_.BodyRotation(dynamics_.binding().base_body));
  if (torso_task_) {
    lowering_torso0_ =
        Eigen::Quaterniond(frame_R_.transpose() * dynamics_.BodyRotation(torso_body_));
  }
  // Lowering to rest: hands and head go back to the posture the rest pose plans.
  for (int h = 0; h < static_cast<int>(hand_tasks_.size()); ++h) ClearHandTarget(h);
  ClearGazeTarget();
  // The legs follow the rest pose in joint space; the CoM keeps balance horizontally only.
  for (int j = 0; j < spec_.num_joints(); ++j) {
    const std::string& group = spec_.joints[j].group;
    if (group.size() > 4 && group.compare(group.size() - 4, 4, "_leg") == 0) {
      posture_task_.SetWeight(j, config_.rest_leg_posture_weight);
    }
  }
  SetComWeight(Eigen::Vector3d(config_.rest_com_weight, config_.rest_com_weight, 0));
}

void HumanoidController::UpdateLowering(double time_s) {
  const double elapsed = time_s - lowering_start_s_;
  const Blend b = MinimumJerk(elapsed, config_.rest_lowering_time_s);
  // CoM: straight line from where it stood to the rest CoM, tracked with PD plus feed-forward.
  const Eigen::Vector3d span = frame_R_ * (rest_.com_m - lowering_com0_);
  const Eigen::Vector3d p = frame_origin_ + frame_R_ * lowering_com0_ + b.s * span;
  const Eigen::Vector3d v = b.ds * span;
  const Eigen::Vector3d a = b.dds * span + config_.rest_kp_per_s2 * (p - dynamics_.CoM()) +
                            config_.rest_kd_per_s * (v - dynamics_.CoMVelocity());
  SetComReference(p, v, a);
  // Pelvis and torso turn along the shortest arc to their rest orientation.
  const Eigen::Quaterniond pelvis_rest(rest_.pelvis_R);
  const Eigen::AngleAxisd pelvis_turn(pelvis_rest * lowering_pelvis0_.inverse());
  pelvis_expected_R_ = frame_R_ * lowering_pelvis0_.slerp(b.s, pelvis_rest).toRotationMatrix();
  pelvis_task_.SetReference(pelvis_expected_R_,
                            frame_R_ * pelvis_turn.axis() * pelvis_turn.angle() * b.ds);
  if (torso_task_) {
    const Eigen::Quaterniond torso_rest(rest_.torso_R);
    const Eigen::AngleAxisd torso_turn(torso_rest * lowering_torso0_.inverse());
    torso_task_->SetReference(frame_R_ * lowering_torso0_.slerp(b.s, torso_rest).toRotationMatrix(),
                              frame_R_ * torso_turn.axis() * torso_turn.angle() * b.ds);
  }
  posture_task_.SetReference(lowering_q0_ + b.s * (rest_.q_rad - lowering_q0_));
  // At rest: the blend is over and the CoM has stopped; then the drives may let go.
  const bool still = elapsed >= config_.rest_lowering_time_s &&
                     dynamics_.CoMVelocity().norm() < config_.stop_speed_mps;
  if (!still) {
    slow_since_s_ = -1;
    return;
  }
  if (slow_since_s_ < 0) slow_since_s_ = time_s;
  if (time_s - slow_since_s_ >= config_.stop_hold_s) {
    mode_ = Mode::kDamping;
    status_.rest_time_s = slow_since_s_;
  }
}

void HumanoidController::SetTaskReferences() {
  const locomotion::LocomotionReference& r = reference_;
  SetComReference(r.com_position_m, r.com_velocity_mps, r.com_acceleration_mps2);
  std::array<bool, 2> contact{};
  for (int f = 0; f < 2; ++f) {
    const locomotion::FootReference& foot = r.feet[f];
    contact[f] = foot.in_contact;
    foot_tasks_[f]->set_active(!foot.in_contact);
    if (foot.in_contact) continue;
    Eigen::Matrix<double, 6, 1> velocity, acceleration;
    velocity << foot.velocity_mps, 0, 0, foot.yaw_rate_radps;
    acceleration << foot.acceleration_mps2, 0, 0, foot.yaw_acceleration_radps2;
    foot_tasks_[f]->SetReference(foot.position_m, YawRotation(foot.yaw_rad), velocity,
                                 acceleration);
  }
  qp_.SetContacts(contact);
  const double yaw = locomotion::MeanYaw(r.feet[0].yaw_rad, r.feet[1].yaw_rad);
  const double yaw_rate = 0.5 * (r.feet[0].yaw_rate_radps + r.feet[1].yaw_rate_radps);
  pelvis_task_.SetReference(YawRotation(yaw) * pelvis_nominal_R_, Eigen::Vector3d(0, 0, yaw_rate));
  if (torso_task_) {
    torso_task_->SetReference(YawRotation(yaw) * torso_nominal_R_, Eigen::Vector3d(0, 0, yaw_rate));
  }
}

bool HumanoidController::DetectFall() const {
  const RobotState& s = estimator_.state();
  const Eigen::Matrix3d R = s.base_orientation.toRotationMatrix();
  if (lowering_start_s_ >= 0) {
    // Lowering or at rest: the crouch is low on purpose; a fall is the pelvis turning away from
    // the orientation the lowering planned.
    const Eigen::AngleAxisd off(pelvis_expected_R_.transpose() * R);
    return std::abs(off.angle()) > config_.fall_tilt_rad;
  }
  const double tilt = std::acos(std::clamp(R(2, 2), -1.0, 1.0));
  const double feet_z = std::min(dynamics_.SitePosition(sole_site_[0]).z(),
                                 dynamics_.SitePosition(sole_site_[1]).z());
  const double height = s.base_position_m.z() - std::min(feet_z, s.base_position_m.z());
  return tilt > config_.fall_tilt_rad ||
         height < config_.fall_height_fraction * spec_.standing_base_height_m;
}

void HumanoidController::WriteTorqueCommand(const hal::LowState& state, hal::LowCmd* cmd) {
  constexpr double kDt = 0.001;
  const RobotState& estimate = estimator_.state();
  cmd->tick = state.tick;
  cmd->mode = hal::CommandMode::kActive;
  for (int j = 0; j < spec_.num_joints(); ++j) {
    const model::JointSpec& joint = spec_.joints[j];
    const double qdd = solution_.joint_acceleration[dynamics_.JointDof(j)];
    // Low-gain PD one tick ahead along the planned acceleration absorbs model error.
    const double dq_des = std::clamp(estimate.dq_radps[j] + qdd * kDt, -joint.max_velocity_radps,
                                     joint.max_velocity_radps);
    double q_des = estimate.q_rad[j] + dq_des * kDt;
    if (joint.limited) q_des = std::clamp(q_des, joint.lower_rad, joint.upper_rad);
    cmd->q_des_rad[j] = q_des;
    cmd->dq_des_radps[j] = dq_des;
    cmd->kp_Nm_per_rad[j] = config_.joint_pd_fraction * joint.kp_Nm_per_rad;
    cmd->kd_Nms_per_rad[j] = config_.joint_damping_fraction * joint.kd_Nms_per_rad;
    cmd->tau_ff_Nm[j] =
        std::clamp(solution_.torque_Nm[j], -joint.peak_torque_Nm, joint.peak_torque_Nm);
  }
}

void HumanoidController::Compute(const hal::LowState& state, hal::LowCmd* cmd) {
  const int n = spec_.num_joints();
  if (cmd->size() != n) cmd->Resize(n);
  // Feet without a working F/T reading take their contact from the gait phase and leg load
  // decided last tick, and their centre of pressure from the leg's wrench; feet with one ignore
  // both.
  const std::array<bool, 2> hint = leg_contact_.contact();
  const RobotState& estimate = estimator_.Update(state, &hint, &leg_contact_.wrench());
  dynamics_.Update(estimate);
  leg_contact_.Update(state, solution_.joint_acceleration, reference_,
                      walking_.config().early_touchdown_phase);
  if (mode_ != Mode::kFallen && DetectFall()) {
    mode_ = Mode::kFallen;
    status_.fall_detected_time_s = state.time_s;
  }
  if (mode_ == Mode::kFallen || mode_ == Mode::kDamping) {
    // Protective fall or the end of a category-1 stop: the drivers only damp motion.
    cmd->tick = state.tick;
    cmd->mode = hal::CommandMode::kDamping;
    return;
  }
  if (mode_ == Mode::kLowering) {
    // The pattern generator is done (standing, feet down): the lowering drives the tasks.
    SetTaskReferences();
    UpdateLowering(state.time_s);
    SolveAndWrite(state, cmd);
    return;
  }
  ApplyCommandSchedule(state.time_s);
  locomotion::MeasureLocomotionInput(dynamics_, &input_);
  // Foot heights from the estimator's filtered feet: a foot in contact is pinned to the terrain
  // there, so a touchdown measured a few millimetres high (the base height estimate, a foot still
  // settling) does not ratchet the planned ground height, and with it the CoM height, upwards.
  for (int f = 0; f < 2; ++f) {
    if (estimate.contact[f]) input_.feet[f].position_m.z() = estimator_.foot(f).position_m.z();
  }
  input_.time_s = state.time_s;
  input_.command = command_;
  input_.contact = estimate.contact;
  walking_.Update(input_, &reference_);
  if (reference_.command_clamped) ++status_.commands_clamped;
  UpdateEmergencyStop(state.time_s);
  SetTaskReferences();
  SolveAndWrite(state, cmd);
}

void HumanoidController::SolveAndWrite(const hal::LowState& state, hal::LowCmd* cmd) {
  UpdateHandForces();
  const bool ok = qp_.Solve(dynamics_, state.temperature_C, &solution_);
  status_.qp_iterations = solution_.iterations;
  if (solution_.joint_limits_relaxed) ++status_.qp_joint_limits_relaxed;
  if (!ok) {
    // Never send garbage: repeat the last good command, which the drivers can hold.
    ++status_.qp_failures;
    *cmd = last_good_;
    cmd->tick = state.tick;
    return;
  }
  WriteTorqueCommand(state, cmd);
  last_good_ = *cmd;
}

ControllerStatus HumanoidController::status() const {
  ControllerStatus s = status_;
  switch (mode_) {
    case Mode::kBalancing:
      s.mode = locomotion::ToString(walking_.state());
      break;
    case Mode::kStopping:
      s.mode = "stopping";
      break;
    case Mode::kLowering:
      s.mode = "lowering";
      break;
    case Mode::kHolding:
      s.mode = "holding";
      break;
    case Mode::kDamping:
      s.mode = "damping";
      break;
    case Mode::kFallen:
      s.mode = "fallen";
      break;
  }
  s.command_wz_radps = reference_.command_applied.wz_radps;
  return s;
}

}  // namespace tianmu::control
