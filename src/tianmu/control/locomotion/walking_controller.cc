#include "tianmu/control/locomotion/walking_controller.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tianmu::control::locomotion {
namespace {

// A desired CoP moved by more than this when clipped counts as saturated (m).
constexpr double kSaturationM = 1e-4;
// Footstep changes smaller than this are not worth re-fitting the swing for (m).
constexpr double kRetargetM = 1e-4;
// A measured DCM this far from its reference at touchdown restarts the reference from the
// measurement instead of asking the CoP to recover it (m).
constexpr double kDcmResetM = 0.05;
// Share of a step the double support before the closing step lasts at least.
constexpr double kStopTransferShare = 0.5;
// A category-1 stop settles on the feet as they are when the DCM is at least this share of the
// sole length inside their CoP region: enough CoP lever to halt it without a recovery step.
constexpr double kSettleInsideShare = 0.25;
// Ticks longer than this (a paused caller) are not integrated as one step (s).
constexpr double kMaxTickS = 0.05;
// Largest heading correction added to one footstep (rad): a few degrees per step close a heading
// error within a couple of steps without a visible stumble.
constexpr double kMaxYawCorrectionRad = 0.1;
// Time constant of the CoM lowering for a wide stance (s): quick enough to reach its depth within
// a recovery swing, smooth enough for the height PD.
constexpr double kComDropTimeConstantS = 0.08;
// Time constant of the change between the standing and the walking CoM height gains.
constexpr double kHeightGainBlendTimeConstantS = 0.2;

Eigen::Vector2d Xy(const FootPose& foot) { return foot.position_m.head<2>(); }

void HoldFoot(const FootPose& pose, FootReference* out) {
  out->in_contact = true;
  out->position_m = pose.position_m;
  out->velocity_mps.setZero();
  out->acceleration_mps2.setZero();
  out->yaw_rad = pose.yaw_rad;
  out->yaw_rate_radps = 0;
  out->yaw_acceleration_radps2 = 0;
}

}  // namespace

const char* ToString(WalkingState state) {
  switch (state) {
    case WalkingState::kStanding:
      return "standing";
    case WalkingState::kStarting:
      return "starting";
    case WalkingState::kWalking:
      return "walking";
    case WalkingState::kStopping:
      return "stopping";
  }
  return "?";
}

WalkingPatternGenerator::WalkingPatternGenerator(const LocomotionConfig& config)
    : config_((ValidateLocomotionConfig(config, "locomotion config"), config)),
      omega_(config.omega()),
      planner_(config),
      adjuster_(config),
      dcm_(config.omega()) {}

void WalkingPatternGenerator::Reset(const LocomotionInput& input) {
  // Keep the balance point of the posture the robot starts in (clipped to the central half of
  // the sole), so standing does not first shift the CoM onto the feet's geometric middle.
  standing_offset_.setZero();
  if (input.com_position_m.allFinite() && input.feet[0].position_m.allFinite() &&
      input.feet[1].position_m.allFinite()) {
    const Eigen::Vector2d middle = 0.5 * (Eigen::Vector2d(input.feet[0].position_m.head<2>()) +
                                          Eigen::Vector2d(input.feet[1].position_m.head<2>()));
    const double yaw = 0.5 * (input.feet[0].yaw_rad + input.feet[1].yaw_rad);
    const double limit = 0.25 * config_.foot_length_m;
    const Eigen::Vector2d local =
        Rotation2d(-yaw) * (Eigen::Vector2d(input.com_position_m.head<2>()) - middle);
    standing_offset_.x() = std::clamp(local.x(), -limit, limit);
  }
  Initialize(input);
  walk_requested_ = false;
  stop_requested_ = false;
  emergency_stop_ = false;
  stance_step_requested_ = false;
  planner_.set_stance_width(config_.nominal_step_width_m);
}

void WalkingPatternGenerator::Initialize(const LocomotionInput& input) {
  initialized_ = true;
  feet_ = input.feet;
  last_time_s_ = input.time_s;
  com_reference_ = input.com_position_m.allFinite()
                       ? Eigen::Vector2d(input.com_position_m.head<2>())
                       : FeetMiddle();
  last_com_height_m_ =
      0.5 * (feet_[0].position_m.z() + feet_[1].position_m.z()) + config_.nominal_com_height_m;
  last_com_velocity_.setZero();
  com_drop_m_ = 0;
  walking_gain_share_ = 0;
  gait_ = false;
  last_cop_ = FeetMiddle();
  step_adjusted_ = false;
  recovery_step_ = false;
  ResetStrides();
  EnterStanding(input.time_s);
}

void WalkingPatternGenerator::RequestWalk() {
  walk_requested_ = true;
  stop_requested_ = false;
  emergency_stop_ = false;
  planner_.set_stance_width(config_.nominal_step_width_m);
  stance_step_requested_ = false;
}

void WalkingPatternGenerator::RequestStop() {
  stop_requested_ = true;
  walk_requested_ = false;
}

void WalkingPatternGenerator::RequestStop(double stance_width_m) {
  RequestStop();
  planner_.set_stance_width(stance_width_m);
  stance_step_requested_ = true;
}

void WalkingPatternGenerator::RequestEmergencyStop() {
  RequestStop();
  emergency_stop_ = true;
}

Eigen::Vector2d WalkingPatternGenerator::HaltingDcmVelocity(const Eigen::Vector2d& dcm) const {
  // Walking on, a double support starts with the CoP where it was (on the old stance foot) and
  // moves it over. Stopping or recovering, the DCM is better halted at once: the reference CoP
  // starts at the point of the support closest to the DCM, i.e. under it when it is inside.
  const SupportPolygon region = SupportPolygon::FromFeet(
      feet_[0], feet_[1], config_.foot_length_m, config_.foot_width_m, config_.cop_margin_m);
  return omega_ * (dcm - region.Clip(dcm));
}

bool WalkingPatternGenerator::CanSettle(const Eigen::Vector2d& dcm) const {
  const SupportPolygon region = SupportPolygon::FromFeet(
      feet_[0], feet_[1], config_.foot_length_m, config_.foot_width_m, config_.cop_margin_m);
  return region.SignedDistance(dcm) <= -kSettleInsideShare * config_.foot_length_m;
}

Eigen::Vector2d WalkingPatternGenerator::FeetMiddle() const {
  return 0.5 * (Xy(feet_[0]) + Xy(feet_[1]));
}

double WalkingPatternGenerator::StanceWidth() const {
  const bool swinging = phase_ == SupportPhase::kSingleSupport && footsteps_.size > 0;
  const FootPose& a = swinging ? feet_[Index(stance_side_)] : feet_[0];
  const FootPose& b = swinging ? footsteps_.steps[0].pose : feet_[1];
  const double yaw = MeanYaw(a.yaw_rad, b.yaw_rad);
  return std::abs((Rotation2d(-yaw) * (Xy(b) - Xy(a))).y());
}

Eigen::Vector2d WalkingPatternGenerator::StandingPoint() const {
  const double yaw = 0.5 * (feet_[0].yaw_rad + feet_[1].yaw_rad);
  return FeetMiddle() + Rotation2d(yaw) * standing_offset_;
}

void WalkingPatternGenerator::EnterStanding(double time_s) {
  state_ = WalkingState::kStanding;
  gait_ = false;
  phase_ = SupportPhase::kDoubleSupport;
  final_transfer_ = false;
  closing_step_ = false;
  recovery_step_ = false;
  step_adjusted_ = false;
  phase_start_s_ = time_s;
  phase_end_s_ = std::numeric_limits<double>::infinity();
  footsteps_.size = 0;
  dcm_.SetStanding(time_s, StandingPoint());
}

void WalkingPatternGenerator::StartWalking(double time_s) {
  heading_reference_rad_ = MeanYaw(feet_[0].yaw_rad, feet_[1].yaw_rad);
  const FootSide lead = planner_.LeadingSide(command_.command, feet_[0], feet_[1]);
  stance_side_ = Other(lead);
  state_ = WalkingState::kStarting;
  gait_ = true;
  ResetStrides();
  const DcmSample now = dcm_.Evaluate(time_s);
  BeginDoubleSupport(time_s, config_.start_transfer_duration_s, now.dcm_m, now.dcm_velocity_mps,
                     Plan::kWalk);
}

void WalkingPatternGenerator::StartStanceStep(double time_s) {
  // The foot farther from the DCM steps; the other carries the robot meanwhile.
  const DcmSample now = dcm_.Evaluate(time_s);
  const bool left_farther =
      (Xy(feet_[0]) - now.dcm_m).squaredNorm() > (Xy(feet_[1]) - now.dcm_m).squaredNorm();
  stance_side_ = left_farther ? FootSide::kRight : FootSide::kLeft;
  state_ = WalkingState::kStopping;
  BeginDoubleSupport(time_s, config_.start_transfer_duration_s, now.dcm_m, now.dcm_velocity_mps,
                     Plan::kStop);
}

void WalkingPatternGenerator::BeginDoubleSupport(double time_s, double transfer_s,
                                                 const Eigen::Vector2d& dcm,
                                                 const Eigen::Vector2d& dcm_velocity, Plan plan,
                                                 bool keep_next_step) {
  phase_ = SupportPhase::kDoubleSupport;
  phase_start_s_ = time_s;
  final_transfer_ = false;
  closing_step_ = false;
  const FootSide swing = Other(stance_side_);
  const FootPose& stance = feet_[Index(stance_side_)];
  if (plan == Plan::kStop && planner_.IsSideBySide(stance, swing, feet_[Index(swing)])) {
    plan = Plan::kSettle;
  }
  // Walking steps take the duration of the command's cadence; stopping steps the nominal one.
  const double step_s = plan == Plan::kWalk ? config_.StepDurationFor(command_.command.vx_mps)
                                            : config_.step_duration_s;
  const double transfer = step_s * config_.DoubleSupportFractionFor(step_s);
  const double single = step_s - transfer;
  dcm_.Reset(time_s, dcm, dcm_velocity);
  if (plan == Plan::kSettle) {
    // Shift the DCM to the middle of the feet, then stand.
    stance_step_requested_ = false;
    final_transfer_ = true;
    phase_end_s_ = time_s + config_.final_transfer_duration_s;
    footsteps_.size = 0;
    dcm_.AddSegment(StandingPoint(), config_.final_transfer_duration_s, 0);
    dcm_.Finalize();
    return;
  }
  if (plan == Plan::kStop) {
    // Stopping changes the DCM plan from "keep going" to "come to rest over the stance foot":
    // a walking-length double support would need a CoP beyond the soles to make that turn.
    transfer_s = std::max(transfer_s, kStopTransferShare * config_.step_duration_s);
  }
  phase_end_s_ = time_s + transfer_s;
  dcm_.AddSegment(Xy(stance), transfer_s, single);
  if (plan == Plan::kStop) {
    // One closing step beside the stance foot, then settle between the feet.
    stance_step_requested_ = false;
    footsteps_.size = 1;
    Footstep& step = footsteps_.steps[0];
    step.side = swing;
    step.pose = planner_.SideBySide(stance, swing);
    step.liftoff_time_s = phase_end_s_;
    step.touchdown_time_s = phase_end_s_ + single;
    closing_step_ = true;
    dcm_.AddSegment(0.5 * (Xy(stance) + Xy(step.pose)), config_.final_transfer_duration_s, 0);
    dcm_.Finalize();
    return;
  }
  // Walking: the previewed footsteps are the CoPs of the following single supports; the plan
  // ends as if the robot stopped between the last two (its effect decays as e^(−ωT) per step).
  const FootstepPlan old_plan = footsteps_;
  const VelocityCommand gait_command = GaitCommand();
  planner_.Plan(stance, stance_side_, gait_command, phase_end_s_, config_.preview_steps,
                &footsteps_);
  Footstep& first = footsteps_.steps[0];
  FootPose first_pose = first.pose;
  if (keep_next_step && old_plan.size >= 2 && old_plan.steps[0].side == stance_side_ &&
      footsteps_.size >= 2) {
    // The next footstep was in the previous plan already, and so in the DCM reference this
    // double support leads into: keep it (moved with the foot that just landed) and let a new
    // command act from the step after. Changing it now would have to be absorbed within one
    // short double support, with a CoP beyond the soles.
    const FootPose& planned = old_plan.steps[0].pose;
    const FootPose& next = old_plan.steps[1].pose;
    const Eigen::Matrix2d turn = Rotation2d(stance.yaw_rad - planned.yaw_rad);
    first_pose.position_m.head<2>() = Xy(stance) + turn * (Xy(next) - Xy(planned));
    first_pose.position_m.z() =
        stance.position_m.z() + next.position_m.z() - planned.position_m.z();
    first_pose.yaw_rad = WrapAngle(stance.yaw_rad + next.yaw_rad - planned.yaw_rad);
  }
  // Steer the next footstep towards the heading the gait should have by now: what the feet
  // lost by landing short of their planned yaw (or slipping) is made up, a little per step.
  const double heading_error =
      WrapAngle(heading_reference_rad_ - MeanYaw(feet_[0].yaw_rad, feet_[1].yaw_rad));
  first_pose.yaw_rad = WrapAngle(
      first_pose.yaw_rad + std::clamp(heading_error, -kMaxYawCorrectionRad, kMaxYawCorrectionRad));
  first.pose = planner_.ClampToReachable(stance, first.side, first_pose);
  if (footsteps_.size >= 2) {
    FootstepPlan rest;
    planner_.Plan(first.pose, first.side, gait_command, first.liftoff_time_s + step_s,
                  footsteps_.size - 1, &rest);
    for (int i = 0; i < rest.size; ++i) footsteps_.steps[i + 1] = rest.steps[i];
  }
  const int n = footsteps_.size;
  for (int i = 0; i + 1 < n; ++i) dcm_.AddSegment(Xy(footsteps_.steps[i].pose), transfer, single);
  const Eigen::Vector2d previous = n >= 2 ? Xy(footsteps_.steps[n - 2].pose) : Xy(stance);
  dcm_.AddSegment(0.5 * (previous + Xy(footsteps_.steps[n - 1].pose)), transfer, 0);
  dcm_.Finalize();
}

void WalkingPatternGenerator::LiftOff(double time_s) {
  const FootSide swing = Other(stance_side_);
  phase_ = SupportPhase::kSingleSupport;
  phase_start_s_ = time_s;
  phase_end_s_ = dcm_.HoldEndTime(0);
  Footstep& step = footsteps_.steps[0];
  step.liftoff_time_s = time_s;
  step.touchdown_time_s = phase_end_s_;
  swing_.Start(time_s, phase_end_s_ - time_s, feet_[Index(swing)], step.pose,
               config_.swing_apex_height_m, config_.swing_landing_velocity_mps);
  nominal_offset_ = dcm_.EndOfHoldDcm(0) - Xy(step.pose);
  step_adjusted_ = false;
  if (state_ == WalkingState::kStarting) state_ = WalkingState::kWalking;
}

void WalkingPatternGenerator::Touchdown(const LocomotionInput& input, double time_s,
                                        const Eigen::Vector2d& dcm_measured) {
  const FootSide landed = Other(stance_side_);
  // Plan on from where the foot really is (the estimator's sole pose), not where it was sent.
  const FootPose& measured = input.feet[Index(landed)];
  feet_[Index(landed)] = measured.position_m.allFinite() && std::isfinite(measured.yaw_rad)
                             ? measured
                             : footsteps_.steps[0].pose;  // no usable measurement: as planned
  if (!input.contact[Index(landed)]) {
    // Touchdown by the clock with the foot not (yet) reporting contact: it is still above the
    // ground, which is therefore no higher than planned. Taking the measured height would ratchet
    // the planned ground (and the CoM height with it) upwards by the landing lag every step.
    feet_[Index(landed)].position_m.z() =
        std::min(feet_[Index(landed)].position_m.z(), footsteps_.steps[0].pose.position_m.z());
  }
  MeasureStride(landed, time_s, dcm_measured);
  ++step_count_;
  stance_side_ = landed;
  DcmSample start = dcm_.Evaluate(time_s);
  if (step_adjusted_ || recovery_step_ || (dcm_measured - start.dcm_m).norm() > kDcmResetM) {
    // The plan no longer describes the robot: continue from the measured DCM and CoM.
    start.dcm_m = dcm_measured;
    start.dcm_velocity_mps = omega_ * (dcm_measured - last_cop_);
    com_reference_ = measured_com_xy_;
  }
  Plan plan = Plan::kWalk;
  if (recovery_step_ || closing_step_ ||
      (stop_requested_ && emergency_stop_ && CanSettle(dcm_measured))) {
    // After a recovery or closing step the robot settles where the feet are, side by side or not:
    // the two soles span a support wide enough to stand on, and another closing step to correct
    // a landing error of a few centimetres would only prolong the stop.
    plan = Plan::kSettle;
  } else if (stop_requested_ || state_ == WalkingState::kStopping) {
    plan = Plan::kStop;
    state_ = WalkingState::kStopping;
  }
  recovery_step_ = false;
  step_adjusted_ = false;
  if (plan == Plan::kWalk) {
    heading_reference_rad_ =
        WrapAngle(heading_reference_rad_ +
                  command_.command.wz_radps * config_.StepDurationFor(command_.command.vx_mps));
  }
  if (plan != Plan::kWalk) start.dcm_velocity_mps = HaltingDcmVelocity(start.dcm_m);
  const double step_s = config_.StepDurationFor(command_.command.vx_mps);
  BeginDoubleSupport(time_s, step_s * config_.DoubleSupportFractionFor(step_s), start.dcm_m,
                     start.dcm_velocity_mps, plan, /*keep_next_step=*/true);
}

void WalkingPatternGenerator::ResetStrides() {
  touchdown_time_s_ = {-1, -1};
  last_touchdown_s_ = -1;
  stride_valid_ = false;
  lateral_error_integral_m_ = 0;
}

void WalkingPatternGenerator::MeasureStride(FootSide landed, double time_s,
                                            const Eigen::Vector2d& dcm_measured) {
  if (!gait_ || recovery_step_ || !dcm_measured.allFinite()) {
    ResetStrides();
    return;
  }
  const int i = Index(landed);
  const double stride_s = time_s - touchdown_time_s_[i];
  // One stride: two steps of at most the nominal duration each (a stride that took longer was
  // interrupted, e.g. by a stop).
  stride_valid_ =
      touchdown_time_s_[i] >= 0 && stride_s > 0 && stride_s <= 2.5 * config_.step_duration_s;
  if (stride_valid_) {
    stride_velocity_mps_ = (dcm_measured - touchdown_dcm_m_[i]) / stride_s;
    const double heading = MeanYaw(feet_[0].yaw_rad, feet_[1].yaw_rad);
    const double error =
        (Rotation2d(-heading) * stride_velocity_mps_).y() - command_.command.vy_mps;
    const double ki = config_.lateral_velocity_integral_gain_per_s;
    if (ki > 0 && last_touchdown_s_ >= 0) {
      // Anti-windup: the integral alone may ask for at most the lateral speed limit.
      const double bound = config_.max_vy_mps / ki;
      lateral_error_integral_m_ = std::clamp(
          lateral_error_integral_m_ + error * (time_s - last_touchdown_s_), -bound, bound);
    }
  }
  touchdown_time_s_[i] = time_s;
  touchdown_dcm_m_[i] = dcm_measured;
  last_touchdown_s_ = time_s;
}

VelocityCommand WalkingPatternGenerator::GaitCommand() const {
  VelocityCommand command = command_.command;
  if (!stride_valid_ ||
      (config_.lateral_velocity_gain <= 0 && config_.lateral_velocity_integral_gain_per_s <= 0)) {
    return command;
  }
  const double heading = MeanYaw(feet_[0].yaw_rad, feet_[1].yaw_rad);
  const double error = (Rotation2d(-heading) * stride_velocity_mps_).y() - command.vy_mps;
  command.vy_mps =
      std::clamp(command.vy_mps - config_.lateral_velocity_gain * error -
                     config_.lateral_velocity_integral_gain_per_s * lateral_error_integral_m_,
                 -config_.max_vy_mps, config_.max_vy_mps);
  return command;
}

void WalkingPatternGenerator::StartRecoveryStep(double time_s, const Eigen::Vector2d& dcm_measured,
                                                const Eigen::Vector2d& com_measured) {
  const RecoveryStep step = adjuster_.PlanRecoveryStep(dcm_measured, feet_[0], feet_[1]);
  state_ = WalkingState::kStopping;
  recovery_step_ = true;
  gait_ = false;
  final_transfer_ = false;
  stance_side_ = Other(step.swing_side);
  const FootPose& stance = feet_[Index(stance_side_)];
  footsteps_.size = 1;
  footsteps_.steps[0] = {step.swing_side, step.target, time_s, time_s + step.swing_duration_s};
  // Lift off at once; the reference restarts from the measured DCM.
  dcm_.Reset(time_s, dcm_measured, omega_ * (dcm_measured - last_cop_));
  dcm_.AddSegment(Xy(stance), 0, step.swing_duration_s);
  dcm_.AddSegment(0.5 * (Xy(stance) + Xy(step.target)), config_.final_transfer_duration_s, 0);
  dcm_.Finalize();
  com_reference_ = com_measured;
  LiftOff(time_s);
  nominal_offset_ = step.nominal_offset_m;
  step_adjusted_ = true;
  recovery_start_s_ = time_s;
  recovery_dcm_ = dcm_measured;
  recovery_cop_ = step.cop_m;
}

bool WalkingPatternGenerator::Advance(const LocomotionInput& input, double time_s,
                                      const Eigen::Vector2d& dcm_measured) {
  if (state_ == WalkingState::kStanding) {
    if (walk_requested_) {
      StartWalking(time_s);
      return true;
    }
    if (!stance_step_requested_) return false;
    StartStanceStep(time_s);
    return true;
  }
  if (phase_ == SupportPhase::kDoubleSupport) {
    const bool moving = state_ == WalkingState::kStarting || state_ == WalkingState::kWalking;
    const bool settle = emergency_stop_ && CanSettle(dcm_measured);
    if (stop_requested_ && (moving || (settle && closing_step_))) {
      // Stop before lifting the next foot: replace the upcoming step by the closing one, or, in
      // a category-1 stop, settle on the feet as they are (the DCM leaving that support still
      // triggers a recovery step).
      state_ = WalkingState::kStopping;
      const DcmSample now = dcm_.Evaluate(time_s);
      const double transfer =
          std::max(phase_end_s_ - time_s, 0.5 * config_.double_support_duration_s());
      BeginDoubleSupport(time_s, transfer, now.dcm_m, HaltingDcmVelocity(now.dcm_m),
                         settle ? Plan::kSettle : Plan::kStop);
      return true;
    }
    if (time_s < phase_end_s_) return false;
    if (final_transfer_) {
      EnterStanding(time_s);
    } else {
      LiftOff(time_s);
    }
    return true;
  }
  // Single support: touchdown at the planned time, or earlier when the foot reports contact late
  // in the swing (the ground is higher than planned).
  const FootSide swing = Other(stance_side_);
  const bool early =
      input.contact[Index(swing)] && swing_.Phase(time_s) >= config_.early_touchdown_phase;
  if (time_s < phase_end_s_ && !early) return false;
  Touchdown(input, time_s, dcm_measured);
  return true;
}

void WalkingPatternGenerator::AdjustSwing(double time_s, const Eigen::Vector2d& dcm_measured,
                                          const Eigen::Vector2d& cop, const DcmSample& reference,
                                          const SupportPolygon& support) {
  const double remaining = phase_end_s_ - time_s;
  if (remaining <= config_.adjustment_lock_time_s) return;
  const FootSide swing = Other(stance_side_);
  Footstep& step = footsteps_.steps[0];
  FootPose target;
  double touchdown_in_s = remaining;
  if (recovery_step_ || !config_.step_timing_adaptation) {
    target =
        adjuster_.AdjustStep(dcm_measured, cop, remaining, nominal_offset_,
                             feet_[Index(stance_side_)], swing, step.pose, nullptr, recovery_step_);
  } else {
    // Walking: landing sooner is allowed down to the shortest swing, never inside the lock time.
    const double shortest =
        std::min(std::max(swing_.start_s() + config_.min_swing_duration_s - time_s,
                          config_.adjustment_lock_time_s),
                 remaining);
    const TimedStep timed = adjuster_.AdjustStepAndTiming(
        {dcm_measured, reference.dcm_m, reference.cop_m, support}, remaining, shortest,
        nominal_offset_, feet_[Index(stance_side_)], swing, step.pose);
    target = timed.target;
    touchdown_in_s = timed.time_remaining_s;
  }
  const Eigen::Vector2d moved = Xy(target) - Xy(step.pose);
  const bool sooner = touchdown_in_s < remaining - 1e-6;
  if (moved.norm() < kRetargetM && !sooner) return;
  if (sooner) {
    phase_end_s_ = time_s + touchdown_in_s;
    step.touchdown_time_s = phase_end_s_;
    swing_.Retime(time_s, phase_end_s_, target);
  } else {
    swing_.Retarget(time_s, target);
  }
  step.pose = target;
  // Later previewed steps move along; they are re-planned at touchdown anyway.
  for (int i = 1; i < footsteps_.size; ++i) footsteps_.steps[i].pose.position_m.head<2>() += moved;
  step_adjusted_ = true;
}

void WalkingPatternGenerator::Update(const LocomotionInput& input, LocomotionReference* out) {
  if (!initialized_) Initialize(input);
  const double time_s = input.time_s;
  const double dt = std::clamp(time_s - last_time_s_, 0.0, kMaxTickS);
  last_time_s_ = time_s;
  command_ = ClampCommand(config_, input.command);
  // A non-finite CoM measurement is replaced by the reference (zero tracking error) and flagged:
  // nothing non-finite reaches the plan or the QP.
  const bool valid = input.com_position_m.allFinite() && input.com_velocity_mps.allFinite();
  const Eigen::Vector3d com =
      valid ? input.com_position_m
            : Eigen::Vector3d(com_reference_.x(), com_reference_.y(), last_com_height_m_);
  const Eigen::Vector3d com_velocity =
      valid ? input.com_velocity_mps
            : Eigen::Vector3d(last_com_velocity_.x(), last_com_velocity_.y(), 0);
  const Eigen::Vector2d com_xy = com.head<2>();
  const Eigen::Vector2d dcm_measured = com_xy + com_velocity.head<2>() / omega_;
  measured_com_xy_ = com_xy;

  // Events: at most a few per tick (e.g. touchdown, then a stop decision).
  for (int guard = 0; guard < 4 && Advance(input, time_s, dcm_measured); ++guard) {
  }
  // Standing (or settling): step when the DCM leaves the feet.
  if (config_.push_recovery_steps && phase_ == SupportPhase::kDoubleSupport &&
      (state_ == WalkingState::kStanding || final_transfer_)) {
    const SupportPolygon region = SupportPolygon::FromFeet(
        feet_[0], feet_[1], config_.foot_length_m, config_.foot_width_m, config_.cop_margin_m);
    if (adjuster_.ShouldStep(dcm_measured, region)) {
      StartRecoveryStep(time_s, dcm_measured, com_xy);
    }
  }

  const bool single = phase_ == SupportPhase::kSingleSupport;
  DcmSample reference = dcm_.Evaluate(time_s);
  if (recovery_step_ && single) {
    reference.cop_m = recovery_cop_;
    reference.dcm_m = PredictDcm(recovery_dcm_, recovery_cop_, omega_, time_s - recovery_start_s_);
    reference.dcm_velocity_mps = omega_ * (reference.dcm_m - recovery_cop_);
  }
  out->support = single
                     ? SupportPolygon::FromFoot(feet_[Index(stance_side_)], config_.foot_length_m,
                                                config_.foot_width_m, config_.cop_margin_m)
                     : SupportPolygon::FromFeet(feet_[0], feet_[1], config_.foot_length_m,
                                                config_.foot_width_m, config_.cop_margin_m);
  // DCM tracking: p_cmd = p_ref + (1 + k/ω)(ξ − ξ_ref) makes the error decay as e^(−k t).
  const Eigen::Vector2d cop_command =
      reference.cop_m + (1 + config_.dcm_gain) * (dcm_measured - reference.dcm_m);
  const Eigen::Vector2d cop = out->support.Clip(cop_command);
  out->cop_saturated = (cop - cop_command).norm() > kSaturationM;
  if (single && out->cop_saturated && (config_.step_adjustment || recovery_step_)) {
    AdjustSwing(time_s, dcm_measured, cop, reference, out->support);
  }
  last_cop_ = cop;

  // CoM reference: ẋ = ω(ξ_ref − x), integrated exactly over the tick for a constant ξ_ref.
  com_reference_ += (1 - std::exp(-omega_ * dt)) * (reference.dcm_m - com_reference_);
  const double ground_z = single ? feet_[Index(stance_side_)].position_m.z()
                                 : 0.5 * (feet_[0].position_m.z() + feet_[1].position_m.z());
  // A wide stance (a recovery step sideways) needs the hips lower for the legs to reach.
  com_drop_m_ += (1 - std::exp(-dt / kComDropTimeConstantS)) *
                 (config_.ComDropForWidth(StanceWidth()) - com_drop_m_);
  const double height_z = ground_z + config_.nominal_com_height_m - com_drop_m_;

  out->time_s = time_s;
  out->state = state_;
  out->phase = phase_;
  out->stance_side = stance_side_;
  const bool standing = state_ == WalkingState::kStanding;
  out->phase_fraction =
      standing
          ? 0
          : std::clamp((time_s - phase_start_s_) / std::max(phase_end_s_ - phase_start_s_, 1e-9),
                       0.0, 1.0);
  out->phase_remaining_s = standing ? 0 : std::max(phase_end_s_ - time_s, 0.0);
  for (int i = 0; i < 2; ++i) HoldFoot(feet_[i], &out->feet[i]);
  if (single) {
    const SwingSample s = swing_.Evaluate(time_s);
    FootReference& foot = out->feet[Index(Other(stance_side_))];
    foot.in_contact = false;
    foot.position_m = s.position_m;
    foot.velocity_mps = s.velocity_mps;
    foot.acceleration_mps2 = s.acceleration_mps2;
    foot.yaw_rad = s.yaw_rad;
    foot.yaw_rate_radps = s.yaw_rate_radps;
    foot.yaw_acceleration_radps2 = s.yaw_acceleration_radps2;
  }
  out->com_position_m << com_reference_, height_z;
  out->com_velocity_mps << omega_ * (reference.dcm_m - com_reference_), 0;
  out->com_acceleration_mps2.head<2>() = omega_ * omega_ * (com_xy - cop);
  // Stepping with a command (not a standing push's recovery steps): the walking height gains.
  walking_gain_share_ += (1 - std::exp(-dt / kHeightGainBlendTimeConstantS)) *
                         ((gait_ ? 1.0 : 0.0) - walking_gain_share_);
  const double s = walking_gain_share_;
  const double kp = config_.com_height_kp_per_s2 +
                    s * (config_.walking_com_height_kp_per_s2 - config_.com_height_kp_per_s2);
  const double kd = config_.com_height_kd_per_s +
                    s * (config_.walking_com_height_kd_per_s - config_.com_height_kd_per_s);
  out->com_acceleration_mps2.z() = kp * (height_z - com.z()) - kd * com_velocity.z();
  last_com_height_m_ = valid ? com.z() : height_z;
  last_com_velocity_ = out->com_velocity_mps.head<2>();
  out->measurement_valid = valid;
  out->cop_desired_m = cop;
  out->cop_reference_m = reference.cop_m;
  out->dcm_reference_m = reference.dcm_m;
  out->dcm_reference_velocity_mps = reference.dcm_velocity_mps;
  out->dcm_measured_m = dcm_measured;
  out->omega_per_s = omega_;
  out->step_count = step_count_;
  const bool moving = state_ == WalkingState::kStarting || state_ == WalkingState::kWalking;
  out->command_applied = moving ? command_.command : VelocityCommand{};
  out->command_clamped = command_.clamped;
  out->step_adjusted = step_adjusted_;
  out->recovery_step = recovery_step_;
  out->footsteps = footsteps_;
}

}  // namespace tianmu::control::locomotion
