// The cerebellum (小脑): state estimator → walking pattern generator (footsteps, DCM, swing feet,
// step adjustment) → whole-body QP → joint torques with low-gain PD, and the safety layer
// (controlled stop, fall detection with protective damping). Reads LowState only.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "tianmu/control/cerebellum/leg_contact_estimator.h"
#include "tianmu/control/cerebellum/rest_pose.h"
#include "tianmu/control/controller.h"
#include "tianmu/control/locomotion/walking_controller.h"
#include "tianmu/control/robot_dynamics.h"
#include "tianmu/control/wbc/centroidal_momentum_task.h"
#include "tianmu/control/wbc/com_task.h"
#include "tianmu/control/wbc/frame_task.h"
#include "tianmu/control/wbc/gaze_task.h"
#include "tianmu/control/wbc/hand_pose_task.h"
#include "tianmu/control/wbc/orientation_task.h"
#include "tianmu/control/wbc/posture_task.h"
#include "tianmu/control/wbc/whole_body_qp.h"
#include "tianmu/estimation/state_estimator.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control {

/// Task weights and gains of the whole-body controller. Accelerations gains are in 1/s² and
/// 1/s, so the defaults hold for any humanoid whose robot.yaml gains hold it up.
struct HumanoidControllerConfig {
  double com_weight = 100;  ///< CoM acceleration (linear momentum rate) rows
  /// Balance through the centroidal momentum task (CoM acceleration exact on the contact
  /// wrenches, angular momentum damped) instead of the CoM task on J_com q̈ (which drops J̇_com v).
  /// Off by default: on TM-1S it loses standing pushes it survives without (docs/locomotion.md).
  bool centroidal_momentum_task = false;
  /// Angular momentum rate rows of the centroidal task (about the CoM, scaled to CoM acceleration
  /// by 1/(m·z_c)): small, so the upper body may swing to help balance (hip strategy).
  double angular_momentum_weight = 0.5;
  double angular_momentum_damping_per_s = 10;  ///< L̇_ref = −damping · L
  double pelvis_weight = 50;
  double pelvis_kp = 200, pelvis_kd = 30;
  double torso_weight = 20;
  double torso_kp = 150, torso_kd = 25;
  double swing_weight = 200;
  double swing_kp = 600, swing_kd = 50;
  /// Swing-foot roll weight for legs with fewer than six joints (no ankle roll): their foot roll
  /// follows the leg, and insisting on a flat sole would cost the foot's lateral placement.
  double short_leg_swing_roll_weight = 0.1;
  double posture_weight = 0.1;
  double posture_kp = 100, posture_kd = 20;
  double joint_pd_fraction = 0.15;      ///< fraction of robot.yaml kp sent with the torques
  double joint_damping_fraction = 0.3;  ///< fraction of robot.yaml kd sent with the torques
  double fall_tilt_rad = 0.6;           ///< fall: the base tilts beyond this ...
  double fall_height_fraction = 0.6;    ///< ... or drops below this share of standing height
  double stop_speed_mps = 0.05;         ///< stable stand: CoM slower than this, feet down ...
  double stop_hold_s = 0.2;             ///< ... for this long
  double rest_lowering_time_s = 2.5;    ///< category 1: stand to rest posture (minimum jerk)
  double rest_kp_per_s2 = 100, rest_kd_per_s = 20;  ///< CoM tracking while lowering
  /// Lowering follows the rest pose in joint space with this posture weight on the legs, while
  /// the CoM task keeps only its horizontal rows, weighted `rest_com_weight` (balance first).
  double rest_leg_posture_weight = 5;
  double rest_com_weight = 1000;
  double friction = 0.7;
  /// Hand pose tasks (palm sites; only while a hand target is set): position and orientation
  /// rows, PD gains. Below the CoM weight, so balance wins over an unreachable hand target.
  double hand_position_weight = 30;
  double hand_orientation_weight = 3;
  double hand_kp = 100, hand_kd = 20;
  /// Gaze task (head camera's forward axis at a point; only while a gaze target is set). Stiff
  /// like the swing feet: the neck's light inertia turns small gains into torques below its
  /// joints' friction (at 60/15 the head stalled 8-12° short of targets 22-27° away).
  double gaze_weight = 10;
  double gaze_kp = 600, gaze_kd = 50;
};

/// An object the hands hold: its mass properties enter the controller's dynamics model, split
/// evenly between the holding hands (world frame, at the state the controller estimates now).
struct HeldObject {
  double mass_kg = 0;
  Eigen::Vector3d com_m = Eigen::Vector3d::Zero();  ///< object CoM, world frame
  /// Inertia about the object's CoM, world axes (kg·m²).
  Eigen::Matrix3d inertia_kgm2 = Eigen::Matrix3d::Zero();
  std::vector<int> hands;  ///< indices into RobotSpec::hands
};

/// One entry of a velocity command schedule: from `time_s` on, walk with this command.
struct TimedCommand {
  double time_s = 0;
  locomotion::VelocityCommand command;
};

/// The whole-body controller: stands, walks, recovers from pushes, stops safely.
class HumanoidController : public Controller {
 public:
  /// Locomotion limits come from the robot (DeriveLocomotionConfig) unless given.
  explicit HumanoidController(const model::RobotSpec& spec,
                              const HumanoidControllerConfig& config = {},
                              std::optional<locomotion::LocomotionConfig> locomotion = {});

  void Reset(const hal::LowState& state) override;
  void Compute(const hal::LowState& state, hal::LowCmd* cmd) override;
  const char* name() const override { return "wbc"; }
  const RobotState* estimate() const override { return &estimator_.state(); }
  ControllerStatus status() const override;

  /// Velocity commands by robot time (sorted by time); a non-zero command starts walking, an
  /// all-zero entry after walking stops it.
  void SetCommandSchedule(std::vector<TimedCommand> schedule);
  /// Emergency stop at robot time `time_s`: stop walking and stand; then category 1 lowers the
  /// robot to its rest pose and goes to damping, category 2 holds the stand with power on.
  /// Without a category, robot.yaml's estop.category (default 1).
  void ScheduleEmergencyStop(double time_s, std::optional<model::StopCategory> category = {}) {
    estop_at_s_ = time_s;
    estop_category_ = category.value_or(spec_.estop_category);
  }
  /// Live control (service, teleoperation): walk with `command` from the next tick on; an
  /// all-zero command stops walking. Drops any remaining schedule. Not thread-safe: call it from
  /// the thread that calls Compute.
  void SetVelocityCommand(const locomotion::VelocityCommand& command);
  /// Emergency stop at the next tick (category as in ScheduleEmergencyStop).
  void RequestEmergencyStop(std::optional<model::StopCategory> category = {}) {
    ScheduleEmergencyStop(0, category);
  }
  /// Motion playback: joint targets (rad, RobotSpec order) tracked with `weight` by the posture
  /// task; entries that are NaN keep the nominal posture at its usual weight.
  void SetJointTargets(const Eigen::VectorXd& q_rad, double weight);
  /// Back to the nominal posture for every joint.
  void ClearJointTargets();

  /// Hand `hand` (index into RobotSpec::hands) moves its palm site to this pose (world frame),
  /// standing or walking; false when the robot has no such hand. Until cleared.
  bool SetHandTarget(int hand, const Eigen::Vector3d& position_m, const Eigen::Matrix3d& rotation);
  /// As SetHandTarget for the palm's position only; its orientation is left free.
  bool SetHandPositionTarget(int hand, const Eigen::Vector3d& position_m);
  /// Hand `hand` back to the posture task (and no longer pressing: ClearHandForce).
  void ClearHandTarget(int hand);
  /// The palm of hand `hand` presses on what it touches with `force_N` (world frame, the force
  /// on the object, at the palm site): a squeeze on a box's side, a push on a button. The
  /// controller adds the object's reaction to its dynamics, so the arm torques produce the force
  /// feed-forward (the hand task alone would only push as hard as its position error asks).
  /// False when the robot has no such hand or the force is not finite. Until cleared.
  bool SetHandForce(int hand, const Eigen::Vector3d& force_N);
  /// Hand `hand` presses on nothing any more.
  void ClearHandForce(int hand);
  /// The force hand `hand` is told to apply (zero when none).
  Eigen::Vector3d hand_force(int hand) const;
  /// The head camera looks at `point_m` (world frame); false when the robot has no head camera.
  bool SetGazeTarget(const Eigen::Vector3d& point_m);
  /// The head back to the posture task.
  void ClearGazeTarget();
  /// The hands hold `object`: its mass and inertia join the hand bodies of the dynamics model
  /// (replacing an earlier object). False when a hand index is out of range or the mass <= 0.
  bool SetHeldObject(const HeldObject& object);
  /// Nothing held any more.
  void ClearHeldObject();
  /// The hand and gaze tasks (for diagnostics and tests).
  const wbc::HandPoseTask* hand_task(int hand) const;
  const wbc::GazeTask* gaze_task() const { return gaze_task_.get(); }
  /// The controller's dynamics model at the last tick's estimate.
  const RobotDynamics& dynamics() const { return dynamics_; }

  const locomotion::LocomotionReference& reference() const { return reference_; }
  const locomotion::LocomotionConfig& locomotion_config() const { return walking_.config(); }
  /// Where a category-1 stop lowers the robot.
  const RestPose& rest_pose() const { return rest_; }

 private:
  enum class Mode { kBalancing, kStopping, kLowering, kHolding, kDamping, kFallen };
  /// Adds the hand and gaze tasks (inactive) to the QP; humanoid_manipulation.cc.
  void AddManipulationTasks();
  void UpdateDynamicsAfterModelChange();
  /// Hands the QP the reactions of the hand forces (humanoid_manipulation.cc).
  void UpdateHandForces();
  void ApplyCommandSchedule(double time_s);
  void ApplyCommand(const locomotion::VelocityCommand& command);
  void SetTaskReferences();
  bool DetectFall() const;
  void UpdateEmergencyStop(double time_s);
  void StartLowering(double time_s);
  void SolveAndWrite(const hal::LowState& state, hal::LowCmd* cmd);
  void UpdateLowering(double time_s);
  void WriteTorqueCommand(const hal::LowState& state, hal::LowCmd* cmd);

  const model::RobotSpec& spec_;
  HumanoidControllerConfig config_;
  estimation::StateEstimator estimator_;
  RobotDynamics dynamics_;
  LegContactEstimator leg_contact_;  ///< contact hint for feet without a (working) F/T sensor
  locomotion::WalkingPatternGenerator walking_;
  locomotion::LocomotionInput input_;
  locomotion::LocomotionReference reference_;
  /// Sets the CoM reference (and its weight) of whichever balance task the QP has.
  void SetComReference(const Eigen::Vector3d& p, const Eigen::Vector3d& v,
                       const Eigen::Vector3d& a);
  void SetComWeight(const Eigen::Vector3d& weight);

  wbc::CoMTask com_task_;
  wbc::CentroidalMomentumTask momentum_task_;  ///< in the QP instead of com_task_ when configured
  wbc::OrientationTask pelvis_task_;
  std::optional<wbc::OrientationTask> torso_task_;
  int torso_body_ = -1;  ///< body of torso_task_, -1 without a waist
  /// Pelvis and torso orientation relative to the soles' heading in the nominal posture.
  Eigen::Matrix3d pelvis_nominal_R_ = Eigen::Matrix3d::Identity();
  Eigen::Matrix3d torso_nominal_R_ = Eigen::Matrix3d::Identity();
  std::array<std::unique_ptr<wbc::FrameTask>, 2> foot_tasks_;
  wbc::PostureTask posture_task_;
  std::vector<std::unique_ptr<wbc::HandPoseTask>> hand_tasks_;  ///< per RobotSpec hand
  std::unique_ptr<wbc::GazeTask> gaze_task_;                    ///< null without a head camera
  std::vector<int> payload_bodies_;                             ///< bodies carrying a payload
  std::vector<Eigen::Vector3d> hand_force_N_;  ///< per hand: force on the object, world frame
  std::vector<char> hand_force_on_;            ///< per hand: SetHandForce in effect
  Eigen::MatrixXd hand_jacobian_;              ///< 6 x nv buffer for a palm's Jacobian
  Eigen::VectorXd hand_generalized_force_;     ///< nv buffer: Σ reactions as Jᵀ f
  Eigen::VectorXd nominal_posture_;
  wbc::WholeBodyQp qp_;
  wbc::WholeBodySolution solution_;
  std::array<int, 2> sole_site_{};
  std::vector<TimedCommand> schedule_;
  std::size_t next_command_ = 0;
  locomotion::VelocityCommand command_;
  bool walking_requested_ = false;
  double estop_at_s_ = -1;
  model::StopCategory estop_category_ = model::StopCategory::kControlledThenRest;
  RestPose rest_;
  /// Lowering to rest: start time, start pose (standing frame), the standing frame (world).
  double lowering_start_s_ = -1;
  Eigen::VectorXd lowering_q0_;
  Eigen::Vector3d lowering_com0_ = Eigen::Vector3d::Zero();
  Eigen::Quaterniond lowering_pelvis0_, lowering_torso0_;
  Eigen::Vector3d frame_origin_ = Eigen::Vector3d::Zero();
  Eigen::Matrix3d frame_R_ = Eigen::Matrix3d::Identity();
  /// Pelvis orientation the fall check compares with once lowering has started (world).
  Eigen::Matrix3d pelvis_expected_R_ = Eigen::Matrix3d::Identity();
  Mode mode_ = Mode::kBalancing;
  double slow_since_s_ = -1;
  hal::LowCmd last_good_;
  ControllerStatus status_;
};

/// The body the waist moves (the torso), or -1 when the robot has no waist group.
int TorsoBody(const model::RobotSpec& spec, const mjModel* m);

}  // namespace tianmu::control
