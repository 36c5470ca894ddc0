#include "tianmu/record/recorder.h"

#include <algorithm>
#include <chrono>

namespace tianmu::record {
namespace {

// Copies `from` into `to`, zero-filling or truncating to `size` (a controller in damping mode
// may leave command arrays empty).
void CopySized(const std::vector<double>& from, std::size_t size, std::vector<double>* to) {
  to->assign(size, 0.0);
  std::copy_n(from.begin(), std::min(size, from.size()), to->begin());
}

}  // namespace

void FillEpisodeFrame(const model::RobotSpec& spec, const hal::LowState& state,
                      const hal::LowCmd& cmd, const control::Controller* controller,
                      EpisodeFrame* frame) {
  const std::size_t nj = spec.joints.size(), nt = spec.touch_sensors.size();
  CopySized(state.q_rad, nj, &frame->q_rad);
  CopySized(state.dq_radps, nj, &frame->dq_radps);
  CopySized(state.tau_measured_Nm, nj, &frame->tau_Nm);
  CopySized(state.touch_N, nt, &frame->touch_N);
  frame->imu_orientation_wxyz = state.imu.orientation_wxyz;
  frame->imu_angular_velocity_radps = state.imu.angular_velocity_radps;
  frame->imu_linear_acceleration_mps2 = state.imu.linear_acceleration_mps2;
  for (int f = 0; f < 2; ++f) {
    for (int k = 0; k < 3; ++k) {
      frame->foot_wrench[f][k] = state.feet[f].force_N[k];
      frame->foot_wrench[f][3 + k] = state.feet[f].torque_Nm[k];
    }
  }
  const control::RobotState* estimate = controller != nullptr ? controller->estimate() : nullptr;
  if (estimate != nullptr) {
    for (int k = 0; k < 3; ++k) {
      frame->base_position_m[k] = estimate->base_position_m[k];
      frame->base_linear_velocity_mps[k] = estimate->base_linear_velocity_mps[k];
    }
    const Eigen::Quaterniond& q = estimate->base_orientation;
    frame->base_orientation_wxyz = {q.w(), q.x(), q.y(), q.z()};
  }
  CopySized(cmd.q_des_rad, nj, &frame->q_des_rad);
  CopySized(cmd.dq_des_radps, nj, &frame->dq_des_radps);
  CopySized(cmd.kp_Nm_per_rad, nj, &frame->kp_Nm_per_rad);
  CopySized(cmd.kd_Nms_per_rad, nj, &frame->kd_Nms_per_rad);
  CopySized(cmd.tau_ff_Nm, nj, &frame->tau_ff_Nm);
}

EpisodeRecorder::EpisodeRecorder(const model::RobotSpec& spec, EpisodeWriter* writer,
                                 double rate_hz, CommandSource command)
    : spec_(spec), writer_(writer), period_s_(1.0 / rate_hz), command_(std::move(command)) {
  frame_.q_rad.assign(spec.joints.size(), 0.0);
  frame_.touch_N.assign(spec.touch_sensors.size(), 0.0);
}

bool EpisodeRecorder::OnTick(const runtime::TickContext& tick) {
  // Half a control tick of slack so that 1 kHz recording takes every 1 ms tick.
  if (next_due_s_ >= 0 && tick.time_s + 1e-7 < next_due_s_) return true;
  const auto start = std::chrono::steady_clock::now();
  next_due_s_ = (next_due_s_ < 0 ? tick.time_s : next_due_s_) + period_s_;
  frame_.time_s = tick.time_s;
  FillEpisodeFrame(spec_, *tick.state, *tick.cmd, tick.controller, &frame_);
  frame_.command_velocity = command_ ? command_(tick.time_s) : std::array<double, 3>{};
  writer_->Append(frame_);
  busy_s_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return true;
}

}  // namespace tianmu::record
