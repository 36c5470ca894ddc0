// Checks a LowCmd against the robot's joints before anything reaches the drivers: sizes,
// finiteness, and physical limits (targets inside the joint range, gains and torques bounded).
#pragma once

#include <string>

#include "tianmu/hal/low_cmd.h"
#include "tianmu/hal/robot_port.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::hal {

/// Limits a command must respect, derived per joint from the RobotSpec.
struct CommandLimits {
  double position_margin_rad = 0.05;  ///< q_des may exceed the joint range by this much
  /// Largest kp: a stiffness that reaches peak torque within this position error.
  double min_error_at_peak_rad = 0.005;
  /// Largest kd: a damping that reaches peak torque at this speed.
  double min_speed_at_peak_radps = 0.05;
};

/// Accepted, or the first problem found with `*reason` naming the joint and field.
CommandStatus ValidateCommand(const LowCmd& cmd, const model::RobotSpec& spec,
                              const CommandLimits& limits, std::string* reason);

}  // namespace tianmu::hal
