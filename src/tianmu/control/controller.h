// Controller: anything that turns one tick's LowState into a LowCmd. The posture hold below and
// the whole-body controller implement it; the control loop and tools only see this interface.
#pragma once

#include "tianmu/hal/low_cmd.h"
#include "tianmu/hal/low_state.h"

namespace tianmu::control {

/// One controller of a robot, called once per control tick.
class Controller {
 public:
  virtual ~Controller() = default;
  /// Prepares for a run starting from `state`.
  virtual void Reset(const hal::LowState& state) = 0;
  /// Computes the command for this tick from the sensor readings only.
  virtual void Compute(const hal::LowState& state, hal::LowCmd* cmd) = 0;
  /// Short name for logs.
  virtual const char* name() const = 0;
};

}  // namespace tianmu::control
