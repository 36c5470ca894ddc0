// Measured input of the walking pattern generator: the CoM, its velocity and the sole poses,
// read from RobotDynamics after it was updated with the estimated RobotState (never from the
// simulator), in the form LocomotionInput carries them.
#pragma once

#include "tianmu/control/locomotion/walking_controller.h"
#include "tianmu/control/robot_dynamics.h"

namespace tianmu::control::locomotion {

/// Fills `input`'s CoM position and velocity (world) and both sole-site poses (world position,
/// yaw of the sole's x axis) from `dynamics`; leaves time, command and contact flags alone.
void MeasureLocomotionInput(const RobotDynamics& dynamics, LocomotionInput* input);

}  // namespace tianmu::control::locomotion
