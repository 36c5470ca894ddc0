// LocomotionConfig: the numbers of the walking pattern generator (timing, step limits, gains),
// derived from a robot's own model in its nominal posture, then optionally overridden from YAML.
#pragma once

#include <string>
#include <vector>

#include "tianmu/core/config_node.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control::locomotion {

/// Parameters of footstep planning, the DCM reference, swing feet and balance. Lengths in m,
/// times in s, angles in rad; "width" is the lateral distance between the two sole centres.
struct LocomotionConfig {
  // --- robot geometry (derived from the model; overridable except leg_length_m) ---
  double nominal_com_height_m = 0.85;  ///< CoM height above the soles when standing (z_c)
  double nominal_step_width_m = 0.18;  ///< lateral distance between the sole sites, standing
  double foot_length_m = 0.22;         ///< sole length (smaller of the two feet)
  double foot_width_m = 0.10;          ///< sole width (smaller of the two feet)
  double leg_length_m = 0.9;  ///< hip-to-sole chain length (informative, scales the defaults)
  /// Hip height above the soles in the nominal posture and the lateral distance between the two
  /// hips (the legs' first joints): with leg_length_m they say how wide the feet can be set
  /// before the legs run out of length at a given CoM height.
  double hip_height_m = 0.8;
  double hip_width_m = 0.18;
  double gravity_mps2 = 9.81;

  // --- timing ---
  double step_duration_s = 0.5;  ///< one step: double support + single support
  /// Fast walking: beyond `cadence_step_length_m` per step, steps get quicker (down to this
  /// duration) before they get longer, as people raise their cadence with speed.
  double fast_step_duration_s = 0.4;
  double double_support_fraction = 0.15;   ///< share of a step with both feet loaded
  double start_transfer_duration_s = 0.5;  ///< weight shift onto the first stance foot
  double final_transfer_duration_s = 0.5;  ///< weight shift back to both feet when stopping
  int preview_steps = 3;                   ///< footsteps planned ahead while walking (1..3)

  // --- swing foot ---
  double swing_apex_height_m = 0.07;         ///< sole lift above the higher of both ends
  double swing_landing_velocity_mps = 0.05;  ///< downward sole speed at touchdown
  double early_touchdown_phase = 0.75;       ///< swing fraction after which contact ends the swing

  // --- step limits, in the stance foot's frame ---
  double max_step_length_m = 0.45;      ///< forward offset of a footstep from the stance foot
  double cadence_step_length_m = 0.36;  ///< forward step length beyond which steps get quicker
  double max_step_back_m = 0.22;        ///< backward offset of a footstep from the stance foot
  double max_step_width_m = 0.18;       ///< lateral offset beyond nominal_step_width_m
  double min_step_width_m = 0.12;       ///< smallest lateral sole distance (legs never cross)
  double max_step_yaw_rad = 0.4;        ///< yaw of a footstep relative to the stance foot

  // --- command limits (robot heading frame); commands beyond are clamped and reported ---
  double max_vx_mps = 0.7;           ///< forward
  double max_backward_vx_mps = 0.4;  ///< backward (positive number)
  double max_vy_mps = 0.17;          ///< lateral, either side
  double max_wz_radps = 0.4;         ///< yaw rate, either side

  // --- balance ---
  double dcm_gain = 2.0;                ///< k/ω of the DCM law: the DCM error decays as e^(−k t)
  double cop_margin_m = 0.01;           ///< the desired CoP stays this far inside the soles' edges
  double step_trigger_margin_m = 0.01;  ///< standing: DCM this far outside the CoP region steps
  bool push_recovery_steps = true;      ///< standing: step when the DCM leaves the support
  bool step_adjustment = true;          ///< walking: move the next footstep when the CoP saturates
  /// walking: land sooner when the footstep is out of reach (derived: off for five-joint legs)
  bool step_timing_adaptation = true;
  double adjustment_lock_time_s = 0.05;  ///< no footstep changes in the last part of a swing
  /// walking: the stride-average lateral velocity (the DCM's, from one touchdown of a foot to its
  /// next) is fed back into the lateral command the footsteps are planned for, v_y,plan =
  /// v_y − k_p e − k_i ∫e dt with e = v̄_y − v_y (clamped to max_vy_mps): a gait that drifts
  /// sideways is steered back to the commanded velocity. Derived: on for five-joint legs
  /// (1.0 and 0.5/s), whose lateral centre of pressure needs the torso and drifts without it.
  double lateral_velocity_gain = 0;
  double lateral_velocity_integral_gain_per_s = 0;  ///< k_i of the same feedback, 1/s
  double min_swing_duration_s = 0.2;  ///< shortest push-recovery swing (step timing adaptation)
  /// Adjusted and push-recovery steps may reach this factor beyond the walking step limits
  /// (length, back, width): walking limits are for comfort, not the leg's reach.
  double recovery_reach_scale = 1.5;
  /// Widest sole distance a standing push-recovery step may take sideways: the leg's reach, not
  /// the walking comfort limit. A lateral push beyond what the ankles hold needs one wide step
  /// with the foot on the push side (the legs may not cross).
  double recovery_max_step_width_m = 0.6;
  /// Widest sole distance a walking step whose footstep is adjusted (step adjustment, step
  /// timing) may take sideways. Narrower than a standing recovery step's by default: the swing
  /// foot is already on its way and the robot moves on after it.
  double adjusted_max_step_width_m = 0.55;
  /// Deepest CoM lowering to let the legs reach a wide stance (share of nominal_com_height_m).
  double max_com_drop_share = 0.12;
  double com_height_kp_per_s2 = 100;  ///< vertical CoM PD (acceleration per metre)
  double com_height_kd_per_s = 20;    ///< vertical CoM PD (acceleration per m/s)
  /// Vertical CoM PD while stepping with a velocity command. The swing legs move mass up and
  /// down at the step frequency (2–2.5 steps/s when walking fast): tracking the height with the
  /// standing gains (about 1.6 Hz) lets the CoM bob, the pendulum's ω varies over the step and
  /// the DCM lags the plan (steps are shortened). Standing and push-recovery steps keep the
  /// softer standing gains, which let the legs give way while a wide recovery step lands.
  /// Derived: the standing gains for five-joint legs.
  double walking_com_height_kp_per_s2 = 400;
  double walking_com_height_kd_per_s = 40;  ///< see walking_com_height_kp_per_s2

  /// ω = √(g / z_c) of the linear inverted pendulum, 1/s.
  double omega() const;
  /// Single-support (swing) duration of a step.
  double single_support_duration_s() const;
  /// Double-support duration of a step.
  double double_support_duration_s() const;
  /// The step duration for walking forward or backward at `vx_mps`: step_duration_s while a step
  /// is at most cadence_step_length_m long, then shorter, down to fast_step_duration_s.
  double StepDurationFor(double vx_mps) const;
  /// The double-support share of a step of `step_s`: double_support_fraction at step_duration_s,
  /// shrinking with the square of the step time (quick steps roll over quickly).
  double DoubleSupportFractionFor(double step_s) const;
  /// How far the CoM must sink below nominal_com_height_m for both legs (each at most
  /// 97 % of leg_length_m from hip to sole) to reach soles `width_m` apart with the CoM
  /// between them; 0 up to the nominal width, at most max_com_drop_share of the height.
  double ComDropForWidth(double width_m) const;
};

/// Robot-derived defaults: CoM height above the soles, sole distance, foot size and leg length
/// measured on `spec.model` in the nominal posture; timing scales with √(leg length) (0.5 s for
/// a 0.9 m leg), step limits with leg length, command limits from step limits and timing.
LocomotionConfig DeriveLocomotionConfig(const model::RobotSpec& spec);

/// Applies the fields present in the YAML map `node` (same names as the struct fields) to
/// `config`, re-deriving command limits not given from the step limits, and checks consistency.
/// Raises InputError naming file, line and field for unknown keys, bad values or conflicts.
void ApplyOverrides(const ConfigNode& node, LocomotionConfig* config);

/// One field of a configuration file: its key and the value as text ("0.5", "true").
struct LocomotionConfigEntry {
  std::string key;
  std::string value;
};

/// Every field ApplyOverrides accepts, with its value in `config` written so that it reads back
/// exactly (shortest round-trip numbers), in ApplyOverrides' order.
std::vector<LocomotionConfigEntry> LocomotionConfigEntries(const LocomotionConfig& config);

/// Raises InputError (naming `source`) if `config` is inconsistent (e.g. min width > nominal).
void ValidateLocomotionConfig(const LocomotionConfig& config, const std::string& source);

}  // namespace tianmu::control::locomotion
