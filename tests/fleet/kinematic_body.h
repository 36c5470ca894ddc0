// A point robot for fleet tests: walks straight at the commanded speed towards the target and
// stands when told to, so the protocol can be tested without a physics simulation.
#pragma once

#include <cmath>

#include "tianmu/fleet/robot_agent.h"

namespace tianmu::fleet::testing {

/// Moves a point on the floor by MotionCommands.
struct KinematicBody {
  BodyReading reading;

  /// Advances `dt_s` seconds under `command`.
  void Step(const MotionCommand& command, double dt_s) {
    if (!command.walk) {
      reading.speed_mps = 0;
      reading.standing = true;
      return;
    }
    const Eigen::Vector2d offset = command.target_m - reading.position_m;
    const double distance_m = offset.norm();
    const double step_m = std::min(distance_m, command.speed_mps * dt_s);
    if (distance_m > 1e-9) {
      reading.position_m += step_m * offset / distance_m;
      reading.heading_rad = std::atan2(offset.y(), offset.x());
    }
    reading.speed_mps = step_m / dt_s;
    reading.standing = step_m < 1e-9;
  }
};

}  // namespace tianmu::fleet::testing
