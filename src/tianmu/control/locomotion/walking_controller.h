// WalkingPatternGenerator: the walking state machine (standing, starting, walking, stopping) that
// turns a velocity command and the estimated CoM and feet into references for the whole-body QP:
// support/swing feet, CoM position/velocity/acceleration from DCM tracking, desired CoP. Pure
// planning, no allocation per tick; standing, it steps when a push moves the DCM off the feet.
#pragma once

#include <Eigen/Dense>
#include <array>

#include "tianmu/control/locomotion/dcm_planner.h"
#include "tianmu/control/locomotion/footstep.h"
#include "tianmu/control/locomotion/footstep_planner.h"
#include "tianmu/control/locomotion/locomotion_config.h"
#include "tianmu/control/locomotion/step_adjustment.h"
#include "tianmu/control/locomotion/support_polygon.h"
#include "tianmu/control/locomotion/swing_trajectory.h"

namespace tianmu::control::locomotion {

/// Where the generator is in its walk.
enum class WalkingState {
  kStanding,  ///< both feet down, DCM held between the soles (steps only to recover a push)
  kStarting,  ///< shifting the weight onto the first stance foot
  kWalking,   ///< stepping with the velocity command
  kStopping,  ///< finishing the step, closing the feet, settling between them (or a push step)
};
/// "standing", "starting", "walking", "stopping".
const char* ToString(WalkingState state);

/// Which feet carry the robot.
enum class SupportPhase { kDoubleSupport, kSingleSupport };

/// One tick's input: time, the command, and the estimator's belief (never simulator truth).
struct LocomotionInput {
  double time_s = 0;
  VelocityCommand command;  ///< robot heading frame; clamped to the limits
  Eigen::Vector3d com_position_m = Eigen::Vector3d::Zero();    ///< measured CoM, world
  Eigen::Vector3d com_velocity_mps = Eigen::Vector3d::Zero();  ///< measured CoM velocity, world
  std::array<FootPose, 2> feet;             ///< measured sole-site poses [left, right], world
  std::array<bool, 2> contact{true, true};  ///< measured contact [left, right]
};

/// The reference of one foot's sole site (world frame; the sole stays flat).
struct FootReference {
  bool in_contact = true;  ///< support foot (hold still, may carry load) or swing foot (track)
  Eigen::Vector3d position_m = Eigen::Vector3d::Zero();
  Eigen::Vector3d velocity_mps = Eigen::Vector3d::Zero();
  Eigen::Vector3d acceleration_mps2 = Eigen::Vector3d::Zero();
  double yaw_rad = 0;
  double yaw_rate_radps = 0;
  double yaw_acceleration_radps2 = 0;
};

/// Everything the whole-body controller tracks, plus what logs and tests want to see.
struct LocomotionReference {
  double time_s = 0;
  WalkingState state = WalkingState::kStanding;
  SupportPhase phase = SupportPhase::kDoubleSupport;
  FootSide stance_side = FootSide::kLeft;  ///< the support foot in single support
  double phase_fraction = 0;               ///< share of the current support phase elapsed, [0, 1]
  double phase_remaining_s = 0;            ///< time left in the current phase (0 when standing)
  std::array<FootReference, 2> feet;       ///< [left, right]
  /// CoM reference (world): horizontal position/velocity follow the DCM reference (ẋ = ω(ξ − x));
  /// vertical holds the nominal height above the support soles.
  Eigen::Vector3d com_position_m = Eigen::Vector3d::Zero();
  Eigen::Vector3d com_velocity_mps = Eigen::Vector3d::Zero();
  /// Desired CoM acceleration (world): horizontal ω²(x_meas − p_cmd) from DCM tracking (feedback
  /// included: the QP should use it as a feed-forward), vertical PD on the height.
  Eigen::Vector3d com_acceleration_mps2 = Eigen::Vector3d::Zero();
  Eigen::Vector2d cop_desired_m = Eigen::Vector2d::Zero();    ///< p_cmd clipped to the support
  Eigen::Vector2d cop_reference_m = Eigen::Vector2d::Zero();  ///< p_ref of the plan
  bool cop_saturated = false;  ///< p_cmd was outside the support and clipped
  Eigen::Vector2d dcm_reference_m = Eigen::Vector2d::Zero();
  Eigen::Vector2d dcm_reference_velocity_mps = Eigen::Vector2d::Zero();
  Eigen::Vector2d dcm_measured_m = Eigen::Vector2d::Zero();  ///< x + ẋ/ω from the input
  double omega_per_s = 0;
  int step_count = 0;               ///< footsteps completed since construction
  VelocityCommand command_applied;  ///< the clamped command (zero unless starting or walking)
  bool command_clamped = false;     ///< the input command exceeded a limit
  bool step_adjusted = false;       ///< the current swing target moved from its plan
  bool recovery_step = false;       ///< the current step recovers a push while standing
  bool measurement_valid = true;    ///< false: the input CoM was not finite, the reference used
  FootstepPlan footsteps;           ///< upcoming footsteps, the swinging one first
  SupportPolygon support;           ///< the region the desired CoP was clipped to
};

/// The walking pattern generator. Construct once per robot; call Update every control tick.
class WalkingPatternGenerator {
 public:
  /// Raises InputError if `config` is inconsistent.
  explicit WalkingPatternGenerator(const LocomotionConfig& config);

  /// Stands at the measured feet and CoM of `input` and drops pending requests. The first
  /// Update stands the same way but keeps a RequestWalk() made before it.
  void Reset(const LocomotionInput& input);
  /// Walk (in place while the command is zero) until RequestStop().
  void RequestWalk();
  /// Finish the current step, bring the feet side by side, stand. Latched until RequestWalk().
  void RequestStop();
  /// As RequestStop(), with the feet `stance_width_m` apart at the end (the closing step lands
  /// there); standing, one step sideways makes the stance that wide.
  void RequestStop(double stance_width_m);
  /// Category-1 stop: stand on the feet where they are at the next double support (now, if both
  /// are down), without a closing step; settle between them, stand. Latched until RequestWalk().
  void RequestEmergencyStop();

  /// Advances to `input.time_s` and writes this tick's references. No allocation, no throw.
  void Update(const LocomotionInput& input, LocomotionReference* out);

  WalkingState state() const { return state_; }
  const LocomotionConfig& config() const { return config_; }
  double omega() const { return omega_; }

 private:
  enum class Plan { kWalk, kStop, kSettle };
  // Stands at the measured feet and CoM, keeping pending walk/stop requests.
  void Initialize(const LocomotionInput& input);
  bool Advance(const LocomotionInput& input, double time_s, const Eigen::Vector2d& dcm_measured);
  void StartWalking(double time_s);
  void StartStanceStep(double time_s);
  // Starts a double support leading into single support on stance_side_ (or into standing).
  // `keep_next_step`: walking on, keep the next footstep of the previous plan.
  void BeginDoubleSupport(double time_s, double transfer_s, const Eigen::Vector2d& dcm,
                          const Eigen::Vector2d& dcm_velocity, Plan plan,
                          bool keep_next_step = false);
  void LiftOff(double time_s);
  void Touchdown(const LocomotionInput& input, double time_s, const Eigen::Vector2d& dcm_measured);
  void EnterStanding(double time_s);
  void StartRecoveryStep(double time_s, const Eigen::Vector2d& dcm_measured,
                         const Eigen::Vector2d& com_measured);
  // Single support with the CoP saturated: moves the swing foot's target (and, walking, lands
  // sooner when the target is out of reach; StepAdjuster::AdjustStepAndTiming).
  void AdjustSwing(double time_s, const Eigen::Vector2d& dcm_measured, const Eigen::Vector2d& cop,
                   const DcmSample& reference, const SupportPolygon& support);
  // The command the footsteps are planned for: the clamped command with the lateral velocity
  // feedback (LocomotionConfig::lateral_velocity_gain).
  VelocityCommand GaitCommand() const;
  // At a touchdown of `landed` while walking: the stride-average DCM velocity and its lateral
  // error's integral.
  void MeasureStride(FootSide landed, double time_s, const Eigen::Vector2d& dcm_measured);
  // Forgets the strides measured (start of a walk, a recovery step).
  void ResetStrides();
  Eigen::Vector2d FeetMiddle() const;
  // Lateral sole distance (feet's heading frame) of the stance the robot is in or stepping into.
  double StanceWidth() const;
  // Where the DCM rests when standing: the feet's middle plus the CoM offset the robot had over
  // its feet at Reset (its nominal posture's balance point), in the feet's heading frame.
  Eigen::Vector2d StandingPoint() const;
  /// True if the DCM is far enough inside the feet's CoP region to stand on them as they are.
  bool CanSettle(const Eigen::Vector2d& dcm) const;
  // ξ̇ = ω(ξ − p) with p the point of the double support closest to `dcm`.
  Eigen::Vector2d HaltingDcmVelocity(const Eigen::Vector2d& dcm) const;

  LocomotionConfig config_;
  double omega_;
  FootstepPlanner planner_;
  StepAdjuster adjuster_;
  DcmPlanner dcm_;
  SwingTrajectory swing_;

  bool initialized_ = false;
  WalkingState state_ = WalkingState::kStanding;
  SupportPhase phase_ = SupportPhase::kDoubleSupport;
  bool final_transfer_ = false;  ///< this double support settles between the feet, then stands
  bool closing_step_ = false;    ///< the upcoming (or swinging) step is a stop's closing step
  bool stance_step_requested_ = false;  ///< RequestStop(width): a closing step not yet planned
  bool walk_requested_ = false;
  bool stop_requested_ = false;
  bool emergency_stop_ = false;  ///< the stop requested is a category-1 stop
  double phase_start_s_ = 0;
  double phase_end_s_ = 0;
  double last_time_s_ = 0;
  FootSide stance_side_ = FootSide::kLeft;  ///< support foot of the current/next single support
  std::array<FootPose, 2> feet_;            ///< support poses of the feet (swing: lift-off pose)
  FootstepPlan footsteps_;
  Eigen::Vector2d nominal_offset_ = Eigen::Vector2d::Zero();  ///< b of the current step
  bool step_adjusted_ = false;
  bool recovery_step_ = false;
  // A recovery step's DCM reference runs forward from the DCM at lift-off with the CoP held at
  // recovery_cop_: what the step was placed for.
  double recovery_start_s_ = 0;
  Eigen::Vector2d recovery_dcm_ = Eigen::Vector2d::Zero();
  Eigen::Vector2d recovery_cop_ = Eigen::Vector2d::Zero();
  int step_count_ = 0;
  // Mean sole yaw the gait should have after the last touchdown: the heading at the start of the
  // walk plus wz·T per step. Footsteps steer towards it, so yaw a landing loses is made up.
  double heading_reference_rad_ = 0;
  ClampedCommand command_;
  Eigen::Vector2d com_reference_ = Eigen::Vector2d::Zero();
  Eigen::Vector2d standing_offset_ = Eigen::Vector2d::Zero();  ///< feet heading frame
  Eigen::Vector2d last_cop_ = Eigen::Vector2d::Zero();         ///< desired CoP of the previous tick
  double last_com_height_m_ = 0;  ///< stand-in for a non-finite CoM measurement
  double com_drop_m_ = 0;         ///< CoM lowered below nominal for a wide stance (filtered)
  /// Stepping with a command: from the start of a walk until standing again, interrupted by a
  /// push-recovery step (which keeps the standing CoM height gains).
  bool gait_ = false;
  /// 0 standing, 1 stepping with a command: blends the standing and walking CoM height gains.
  double walking_gain_share_ = 0;
  Eigen::Vector2d measured_com_xy_ = Eigen::Vector2d::Zero();  ///< this tick's (checked) CoM
  // Lateral velocity feedback: each foot's last walking touchdown (time, measured DCM), the
  // stride-average DCM velocity between two touchdowns of one foot (world frame) and the
  // integral of its lateral error in the heading frame (m).
  std::array<double, 2> touchdown_time_s_{-1, -1};
  std::array<Eigen::Vector2d, 2> touchdown_dcm_m_{Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero()};
  double last_touchdown_s_ = -1;
  Eigen::Vector2d stride_velocity_mps_ = Eigen::Vector2d::Zero();
  bool stride_valid_ = false;
  double lateral_error_integral_m_ = 0;
  Eigen::Vector2d last_com_velocity_ = Eigen::Vector2d::Zero();
};

}  // namespace tianmu::control::locomotion
