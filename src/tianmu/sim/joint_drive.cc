#include "tianmu/sim/joint_drive.h"

#include <algorithm>
#include <cmath>

namespace tianmu::sim {

double ActuatorCtrl(const model::JointSpec& joint, double tau_Nm, double length, double velocity) {
  const double force = tau_Nm / joint.gear;
  if (joint.actuator_style == model::ActuatorStyle::kMotor) return force;
  // force = kp (ctrl - length) - kv velocity, solved for ctrl.
  const double ctrl = (force + joint.servo_kv * velocity) / joint.servo_kp + length;
  return joint.ctrl_limited ? std::clamp(ctrl, joint.ctrl_lower, joint.ctrl_upper) : ctrl;
}

JointDrive::JointDrive(const model::JointSpec& joint, bool component_models, double ambient_C)
    : component_models_(component_models),
      latency_s_(component_models ? joint.sheet.driver.latency_s : 0.0),
      period_s_(component_models ? 1.0 / joint.sheet.driver.control_rate_hz : 0.0),
      resolution_rad_(component_models ? joint.sheet.EncoderResolutionRad() : 0.0),
      peak_torque_Nm_(joint.peak_torque_Nm),
      torque_limit_Nm_(joint.torque_limit_Nm),
      // Damping mode: the drive shorts the phases (dynamic braking) when the datasheets are
      // modelled; never weaker than the robot.yaml damping gain.
      damping_kd_(component_models
                      ? std::max(joint.kd_Nms_per_rad, joint.sheet.ShortCircuitDampingNmsPerRad())
                      : joint.kd_Nms_per_rad),
      brake_holding_torque_Nm_(component_models ? joint.sheet.brake_holding_torque_Nm : 0.0),
      actuator_(joint.sheet, ambient_C) {
  pending_.reserve(16);
}

void JointDrive::Receive(const DriveTarget& target, double time_s) {
  // A newer command supersedes queued ones that would take effect later (cannot happen with a
  // constant latency, but keeps the queue ordered if it ever does).
  const double effective = time_s + latency_s_;
  while (pending_.size() > pending_head_ && pending_.back().first >= effective) {
    pending_.pop_back();
  }
  if (pending_head_ > 0 && pending_.size() == pending_.capacity()) {
    // Full: drop the consumed entries at the front (no reallocation).
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(pending_head_));
    pending_head_ = 0;
  }
  pending_.emplace_back(effective, target);
}

double JointDrive::Encoder(double q_rad) const {
  return resolution_rad_ > 0 ? actuators::QuantizePosition(q_rad, resolution_rad_) : q_rad;
}

double JointDrive::Request(const DriveTarget& t, double q_enc, double dq) const {
  switch (t.mode) {
    case hal::CommandMode::kActive:
      return t.kp_Nm_per_rad * (t.q_des_rad - q_enc) + t.kd_Nms_per_rad * (t.dq_des_radps - dq) +
             t.tau_ff_Nm;
    case hal::CommandMode::kDamping:
      return -damping_kd_ * dq;
    case hal::CommandMode::kOff:
      return 0.0;
  }
  return 0.0;
}

double JointDrive::Step(double time_s, double q_rad, double dq_radps, double dt_s) {
  // Small tolerance so that targets due "now" are not delayed a step by rounding.
  constexpr double kEps = 1e-9;
  while (pending_.size() > pending_head_ && pending_[pending_head_].first <= time_s + kEps) {
    active_ = pending_[pending_head_].second;
    ++pending_head_;
    if (pending_head_ == pending_.size()) {
      pending_.clear();  // keeps the capacity
      pending_head_ = 0;
    }
  }
  powered_once_ = powered_once_ || active_.mode == hal::CommandMode::kActive;
  if (!component_models_) {
    const double request = Request(active_, q_rad, dq_radps);
    return std::clamp(request, -peak_torque_Nm_ * strength_, peak_torque_Nm_ * strength_);
  }
  // The driver's PD runs at its own rate; between updates the torque request is held.
  if (time_s + kEps >= next_update_s_) {
    held_request_Nm_ = Request(active_, Encoder(q_rad), dq_radps);
    next_update_s_ = time_s + std::max(period_s_, 0.0);
  }
  double request = held_request_Nm_;
  if (torque_limit_Nm_ > 0) request = std::clamp(request, -torque_limit_Nm_, torque_limit_Nm_);
  if (strength_ < 1.0) {
    const double available =
        strength_ * actuators::AvailableTorqueNm(actuator_.sheet(), request, dq_radps,
                                                 actuator_.state().winding_temperature_C);
    request = std::clamp(request, -available, available);
  }
  return actuator_.Step(request, dq_radps, dt_s);
}

}  // namespace tianmu::sim
