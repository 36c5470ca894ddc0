// Controller: anything that turns one tick's LowState into a LowCmd. The posture hold below and
// the whole-body controller implement it; the control loop and tools only see this interface.
#pragma once

#include <cstdint>

#include "tianmu/control/robot_state.h"
#include "tianmu/hal/low_cmd.h"
#include "tianmu/hal/low_state.h"

namespace tianmu::control {

/// What a controller reports about itself (for summaries, safety figures and logs).
struct ControllerStatus {
  const char* mode = "active";       ///< e.g. "standing", "walking", "stopping", "damping"
  double fall_detected_time_s = -1;  ///< robot time a fall was detected, -1 if none
  double estop_time_s = -1;          ///< robot time the e-stop was received, -1 if none
  double stopped_time_s = -1;        ///< robot time the stop reached a stable stand
  double rest_time_s = -1;           ///< robot time a category-1 stop reached its rest posture
  int estop_category = 0;            ///< 1 or 2 once an e-stop was received, else 0
  double command_wz_radps = 0;       ///< yaw rate being executed (for heading checks)
  std::uint64_t qp_failures = 0;
  std::uint64_t qp_joint_limits_relaxed = 0;  ///< ticks solved only without the range bounds
  int qp_iterations = 0;                      ///< of the last tick
  std::uint64_t commands_clamped = 0;         ///< velocity commands beyond the limits (clamped)
};

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
  /// The controller's state estimate, or nullptr when it keeps none.
  virtual const RobotState* estimate() const { return nullptr; }
  /// Status and counters.
  virtual ControllerStatus status() const { return {}; }
};

}  // namespace tianmu::control
