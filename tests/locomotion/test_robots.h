// Shared fixtures of the locomotion tests: the reference robots' derived configurations (each
// robot's MJCF compiled once per test binary).
#pragma once

#include <string>

#include "tianmu/control/locomotion/footstep.h"
#include "tianmu/control/locomotion/locomotion_config.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control::locomotion {

/// tm1 or tm1s, loaded from the source assets.
inline const model::RobotSpec& TestRobot(const std::string& name) {
  static const model::RobotSpec tm1 = model::LoadRobotByNameOrPath("tm1");
  static const model::RobotSpec tm1s = model::LoadRobotByNameOrPath("tm1s");
  return name == "tm1" ? tm1 : tm1s;
}

/// The derived locomotion configuration of tm1 or tm1s.
inline const LocomotionConfig& TestConfig(const std::string& name) {
  static const LocomotionConfig tm1 = DeriveLocomotionConfig(TestRobot("tm1"));
  static const LocomotionConfig tm1s = DeriveLocomotionConfig(TestRobot("tm1s"));
  return name == "tm1" ? tm1 : tm1s;
}

/// A flat foot pose at (x, y) on the ground with yaw `yaw` (test shorthand).
inline FootPose Foot(double x, double y, double yaw = 0) {
  FootPose p;
  p.position_m << x, y, 0;
  p.yaw_rad = yaw;
  return p;
}

}  // namespace tianmu::control::locomotion
