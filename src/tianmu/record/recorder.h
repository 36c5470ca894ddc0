// The episode recorder: hooks a simulation run (runtime::SimRunOptions::on_tick) and samples
// observations, actions and the high-level command into an EpisodeWriter at a chosen rate.
#pragma once

#include <array>
#include <functional>

#include "tianmu/model/robot_spec.h"
#include "tianmu/record/episode_file.h"
#include "tianmu/runtime/sim_run.h"

namespace tianmu::record {

/// The high-level velocity command (vx m/s, vy m/s, wz rad/s) in force at robot time t.
using CommandSource = std::function<std::array<double, 3>(double time_s)>;

/// Fills `frame` from one control tick: joint readings, IMU, foot wrenches, touch, the command
/// sent and the controller's base estimate (arrays sized for `spec`). Leaves time_s and
/// command_velocity to the caller. Allocation-free once the frame has been filled before.
void FillEpisodeFrame(const model::RobotSpec& spec, const hal::LowState& state,
                      const hal::LowCmd& cmd, const control::Controller* controller,
                      EpisodeFrame* frame);

/// Samples control ticks into `writer` every 1/rate_hz seconds (every tick at the control rate).
class EpisodeRecorder {
 public:
  /// `spec` and `writer` must outlive the recorder; rate_hz > 0.
  EpisodeRecorder(const model::RobotSpec& spec, EpisodeWriter* writer, double rate_hz,
                  CommandSource command = {});

  /// For SimRunOptions::on_tick: appends a frame when one is due; always returns true.
  bool OnTick(const runtime::TickContext& tick);
  /// Wall-clock seconds spent in OnTick so far (the recording's cost to the control loop).
  double busy_s() const { return busy_s_; }

 private:
  const model::RobotSpec& spec_;
  EpisodeWriter* writer_;
  double period_s_;
  double next_due_s_ = -1;
  CommandSource command_;
  EpisodeFrame frame_;
  double busy_s_ = 0;
};

}  // namespace tianmu::record
