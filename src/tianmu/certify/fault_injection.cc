// Fault-injecting controller decorator (see fault_injection.h).
#include "tianmu/certify/fault_injection.h"

#include <cmath>
#include <limits>

namespace tianmu::certify {

FaultInjectingController::FaultInjectingController(control::Controller* inner,
                                                   const model::RobotSpec& spec, FaultPlan plan,
                                                   std::uint64_t seed)
    : inner_(inner), spec_(spec), plan_(std::move(plan)), rng_(seed) {}

void FaultInjectingController::Reset(const hal::LowState& state) {
  hal::LowState corrupted = state;
  CorruptState(&corrupted);
  inner_cmd_.Resize(spec_.num_joints());
  inner_->Reset(corrupted);
}

void FaultInjectingController::CorruptState(hal::LowState* s) {
  // IMU: constant biases plus extra white noise so the total is scale × the nominal noise.
  const double extra = std::sqrt(std::max(0.0, plan_.imu_noise_scale * plan_.imu_noise_scale - 1));
  for (int k = 0; k < 3; ++k) {
    s->imu.angular_velocity_radps[k] +=
        plan_.gyro_bias_radps[k] + rng_.Gaussian(extra * spec_.noise.gyro_std_radps);
    s->imu.linear_acceleration_mps2[k] += plan_.accelerometer_bias_mps2[k] +
                                          rng_.Gaussian(extra * spec_.noise.accelerometer_std_mps2);
  }
  const double tilt =
      plan_.orientation_bias_rad + rng_.Gaussian(extra * spec_.noise.orientation_std_rad);
  if (tilt != 0) {
    // q ← q ⊗ (cos(t/2), sin(t/2), 0, 0): a small rotation about the IMU's x axis.
    const auto& q = s->imu.orientation_wxyz;
    const double c = std::cos(tilt / 2), sn = std::sin(tilt / 2);
    const std::array<double, 4> r = {q[0] * c - q[1] * sn, q[1] * c + q[0] * sn,
                                     q[2] * c + q[3] * sn, q[3] * c - q[2] * sn};
    s->imu.orientation_wxyz = r;
  }
  // Encoders: inside a stale window the controller keeps seeing the values from its start.
  bool stale = false;
  for (double start : plan_.stale_encoder_start_s) {
    if (s->time_s >= start && s->time_s < start + plan_.stale_encoder_duration_s) stale = true;
  }
  if (stale) {
    if (!holding_) {
      held_ = *s;
      holding_ = true;
    }
    s->q_rad = held_.q_rad;
    s->dq_radps = held_.dq_radps;
  } else {
    holding_ = false;
  }
}

void FaultInjectingController::MakeInvalid(hal::LowCmd* cmd, int kind) const {
  const int j = static_cast<int>(cmd->q_des_rad.size()) / 2;
  switch (kind % kInvalidKinds) {
    case 0:
      cmd->q_des_rad[j] = std::numeric_limits<double>::quiet_NaN();
      break;
    case 1: {
      const model::JointSpec& joint = spec_.joints[j];
      cmd->q_des_rad[j] = (joint.limited ? joint.upper_rad : 3.0) + 1.0;
      break;
    }
    case 2:
      cmd->kp_Nm_per_rad[j] = 1e9;
      break;
    case 3:
      cmd->tau_ff_Nm[j] = std::numeric_limits<double>::infinity();
      break;
    default:
      cmd->tau_ff_Nm.pop_back();
      break;
  }
}

void FaultInjectingController::Compute(const hal::LowState& state, hal::LowCmd* cmd) {
  hal::LowState corrupted = state;
  CorruptState(&corrupted);
  // The wrapped controller writes into its own buffer, so what is corrupted or delayed here
  // never leaks into its next tick.
  inner_->Compute(corrupted, &inner_cmd_);
  *cmd = inner_cmd_;
  if (plan_.command_latency_s > 0) {
    const double delay =
        plan_.command_latency_s + rng_.Uniform(-plan_.command_jitter_s, plan_.command_jitter_s);
    queue_.emplace_back(state.time_s + std::max(0.0, delay), *cmd);
    // Send the newest command whose delay has elapsed (older ones are superseded); before the
    // first is due, repeat the oldest.
    auto newest_due = queue_.end();
    for (auto k = queue_.begin(); k != queue_.end(); ++k) {
      if (k->first <= state.time_s + 1e-12) newest_due = k;
    }
    if (newest_due != queue_.end()) {
      last_released_ = newest_due->second;
      released_any_ = true;
      queue_.erase(queue_.begin(), newest_due + 1);
    }
    *cmd = released_any_ ? last_released_ : queue_.front().second;
    cmd->tick = state.tick;
  }
  while (next_invalid_ < plan_.invalid_command_times_s.size() &&
         state.time_s + 1e-12 >= plan_.invalid_command_times_s[next_invalid_]) {
    MakeInvalid(cmd, static_cast<int>(next_invalid_));
    ++next_invalid_;
    ++invalid_sent_;
  }
  if (plan_.command_loss_from_s >= 0 && state.time_s >= plan_.command_loss_from_s) {
    for (double& q : cmd->q_des_rad) q = std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace tianmu::certify
