// SimPort: a RobotPort backed by an in-process sim::World. Validates every command, and switches
// to damping by itself when no valid command arrives within the timeout (the watchdog).
#pragma once

#include "tianmu/hal/command_validation.h"
#include "tianmu/hal/robot_port.h"
#include "tianmu/sim/world.h"

namespace tianmu::hal {

/// Timing and safety settings of a simulated port.
struct SimPortOptions {
  double control_period_s = 0.001;  ///< one Advance(); a multiple of the physics step
  double command_timeout_s = 0.02;  ///< watchdog: damping after this long without a command
  CommandLimits limits;
};

/// The simulated robot as control code sees it.
class SimPort : public RobotPort {
 public:
  /// `world` must outlive the port. Raises InputError if the control period is not a positive
  /// multiple of the world's step or the timeout is not positive.
  SimPort(sim::World* world, const SimPortOptions& options);

  int num_joints() const override { return world_->spec().num_joints(); }
  void ReadState(LowState* state) override;
  CommandStatus WriteCommand(const LowCmd& cmd) override;
  void Advance() override;
  double time_s() const override { return world_->time_s(); }
  const PortStats& stats() const override { return stats_; }

  /// Leaves watchdog damping; the next valid command is applied again.
  void ClearWatchdog();
  sim::World& world() { return *world_; }

 private:
  sim::World* world_;
  SimPortOptions options_;
  int steps_per_tick_ = 1;
  std::uint64_t tick_ = 0;
  double last_command_time_s_ = 0;
  PortStats stats_;
  LowCmd damping_;
};

}  // namespace tianmu::hal
