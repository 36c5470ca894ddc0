#include "tianmu/hal/sim_port.h"

#include <cmath>

#include "tianmu/core/error.h"

namespace tianmu::hal {

SimPort::SimPort(sim::World* world, const SimPortOptions& options)
    : world_(world), options_(options) {
  const double ratio = options_.control_period_s / world_->timestep_s();
  steps_per_tick_ = static_cast<int>(std::lround(ratio));
  if (steps_per_tick_ < 1 || std::abs(ratio - steps_per_tick_) > 1e-6) {
    throw InputError("control period: expected a positive multiple of the physics step");
  }
  if (!(options_.command_timeout_s > 0)) {
    throw InputError("command timeout: expected a number > 0");
  }
  damping_.Resize(world_->spec().num_joints());
  damping_.mode = CommandMode::kDamping;
  last_command_time_s_ = world_->time_s();
}

void SimPort::ReadState(LowState* state) {
  world_->Sense(state);
  state->tick = tick_;
}

CommandStatus SimPort::WriteCommand(const LowCmd& cmd) {
  std::string reason;
  const CommandStatus status = ValidateCommand(cmd, world_->spec(), options_.limits, &reason);
  if (status != CommandStatus::kAccepted) {
    ++stats_.rejected_commands;
    stats_.last_rejection = reason;
    return status;
  }
  ++stats_.accepted_commands;
  last_command_time_s_ = world_->time_s();
  if (!stats_.watchdog_tripped) world_->SetCommand(cmd);
  return status;
}

void SimPort::Advance() {
  for (int i = 0; i < steps_per_tick_; ++i) {
    if (!stats_.watchdog_tripped &&
        world_->time_s() - last_command_time_s_ > options_.command_timeout_s + 1e-9) {
      stats_.watchdog_tripped = true;
      ++stats_.watchdog_trips;
      world_->SetCommand(damping_);
    }
    world_->Step();
  }
  ++tick_;
}

void SimPort::ClearWatchdog() {
  stats_.watchdog_tripped = false;
  last_command_time_s_ = world_->time_s();
}

}  // namespace tianmu::hal
