// The simulated joint driver of one integrated joint: receives LowCmd targets after the driver's
// latency, runs PD at the driver's rate on the encoder reading, and passes the torque request
// through the actuator model (torque-speed envelope, thermal derating, power).
#pragma once

#include <vector>

#include "tianmu/actuators/joint_actuator.h"
#include "tianmu/hal/low_cmd.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::sim {

/// One joint's target as the driver holds it.
struct DriveTarget {
  hal::CommandMode mode = hal::CommandMode::kDamping;
  double q_des_rad = 0;
  double dq_des_radps = 0;
  double kp_Nm_per_rad = 0;
  double kd_Nms_per_rad = 0;
  double tau_ff_Nm = 0;
};

/// The ctrl that makes the MJCF actuator of `joint` apply the joint torque `tau_Nm` during the
/// next step, given the actuator's current length and velocity (mjData::actuator_length and
/// actuator_velocity). A motor gets tau / gear; a position servo gets the setpoint at which its
/// spring and damper produce that torque now, clamped to its ctrlrange (docs/actuators.md).
double ActuatorCtrl(const model::JointSpec& joint, double tau_Nm, double length, double velocity);

/// Driver and actuator of one joint.
class JointDrive {
 public:
  /// `component_models` false gives an ideal drive: no latency, PD every step, no quantisation,
  /// only a clamp at the peak torque.
  JointDrive(const model::JointSpec& joint, bool component_models, double ambient_C);

  /// Queues a target received at `time_s`; it takes effect after the driver latency.
  void Receive(const DriveTarget& target, double time_s);
  /// Output torque for the step starting at `time_s`, given the true joint state; advances the
  /// driver's clock, PD hold and the actuator's thermal state by `dt_s`.
  double Step(double time_s, double q_rad, double dq_radps, double dt_s);
  /// The position the encoder reports for `q_rad`.
  double Encoder(double q_rad) const;

  const actuators::JointActuatorState& actuator_state() const { return actuator_.state(); }
  actuators::JointActuator& actuator() { return actuator_; }
  /// Multiplies the available torque (fault injection: a weakened actuator), 1 = nominal.
  void set_strength(double factor) { strength_ = factor; }
  /// Torque the joint's holding brake applies as friction now: its holding torque while the drive
  /// is not powered (damping or off) after it has been enabled once, 0 while active, before the
  /// first active command, or without a brake (or component models).
  double BrakeTorqueNm() const {
    return active_.mode == hal::CommandMode::kActive || !powered_once_ ? 0.0
                                                                       : brake_holding_torque_Nm_;
  }

 private:
  double Request(const DriveTarget& t, double q_enc, double dq) const;

  bool component_models_;
  double latency_s_;
  double period_s_;
  double resolution_rad_;
  double peak_torque_Nm_;   ///< datasheet peak, capped by robot.yaml and MJCF limits
  double torque_limit_Nm_;  ///< robot.yaml torque_limit_Nm, 0 for none
  double
      damping_kd_;  ///< damping mode: dynamic braking from the datasheet (at least robot.yaml kd)
  double brake_holding_torque_Nm_;  ///< 0 without a brake or without component models
  /// The drive has applied an active command since construction: the simulated robot starts
  /// with its drives being enabled, so the brakes are released from the start.
  bool powered_once_ = false;
  actuators::JointActuator actuator_;
  /// (effective time, target) queued from pending_head_ on; a vector with a moving head rather
  /// than a deque, which allocates and frees blocks as commands pass through it every tick.
  std::vector<std::pair<double, DriveTarget>> pending_;
  std::size_t pending_head_ = 0;
  DriveTarget active_;
  double next_update_s_ = 0;
  double held_request_Nm_ = 0;
  double strength_ = 1;
};

}  // namespace tianmu::sim
