// Fault injection without touching the simulator: a Controller decorator that corrupts the
// LowState the wrapped controller sees (IMU bias and extra noise, stale encoders) and delays or
// replaces the LowCmd it emits (command latency with jitter, invalid commands, command loss).
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "tianmu/control/controller.h"
#include "tianmu/core/rng.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::certify {

/// Which faults to inject; the defaults inject nothing.
struct FaultPlan {
  // IMU
  double imu_noise_scale = 1;  ///< total IMU noise = scale × robot.yaml noise (adds the rest)
  std::array<double, 3> gyro_bias_radps{};
  std::array<double, 3> accelerometer_bias_mps2{};
  double orientation_bias_rad = 0;  ///< constant tilt error about the IMU's x axis
  // Encoders
  std::vector<double> stale_encoder_start_s;  ///< windows in which q and dq stop updating
  double stale_encoder_duration_s = 0;
  // Commands
  double command_latency_s = 0;                 ///< extra delay of every command
  double command_jitter_s = 0;                  ///< ± uniform jitter on that delay
  std::vector<double> invalid_command_times_s;  ///< replace the command with an invalid one
  double command_loss_from_s = -1;  ///< ≥ 0: from then on only invalid (NaN) commands go out
};

/// Wraps a controller and applies a FaultPlan (deterministic for a seed).
class FaultInjectingController : public control::Controller {
 public:
  /// `inner` must outlive this object.
  FaultInjectingController(control::Controller* inner, const model::RobotSpec& spec, FaultPlan plan,
                           std::uint64_t seed);

  void Reset(const hal::LowState& state) override;
  void Compute(const hal::LowState& state, hal::LowCmd* cmd) override;
  const char* name() const override { return inner_->name(); }
  const control::RobotState* estimate() const override { return inner_->estimate(); }
  control::ControllerStatus status() const override { return inner_->status(); }

  /// Invalid commands sent so far (to compare with the port's rejections).
  int invalid_commands_sent() const { return invalid_sent_; }
  /// Kinds of invalid command, cycled through: NaN target, out-of-range target, excessive
  /// stiffness, infinite feed-forward torque, wrong array size.
  static constexpr int kInvalidKinds = 5;

 private:
  void CorruptState(hal::LowState* state);
  void MakeInvalid(hal::LowCmd* cmd, int kind) const;

  control::Controller* inner_;
  const model::RobotSpec& spec_;
  FaultPlan plan_;
  Rng rng_;
  hal::LowState held_;  ///< encoder values frozen during a stale window
  bool holding_ = false;
  hal::LowCmd inner_cmd_;  ///< the wrapped controller's own command buffer (never corrupted)
  std::deque<std::pair<double, hal::LowCmd>> queue_;  ///< (release time, command)
  hal::LowCmd last_released_;
  bool released_any_ = false;
  std::size_t next_invalid_ = 0;
  int invalid_sent_ = 0;
};

}  // namespace tianmu::certify
