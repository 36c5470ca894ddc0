// The robot parts items act on, found from robot.yaml's groups and the kinematics of the nominal
// posture instead of joint names: each leg's knee and the right arm's shoulder pitch.
#pragma once

#include <optional>
#include <string>

#include "tianmu/model/robot_spec.h"

namespace tianmu::certify::items {

/// The knee of the `side` ("left" or "right") leg group, as a RobotSpec joint index: of the
/// group's joints whose hinge axis lies within 30° of the base's lateral axis in the nominal
/// posture (the pitch joints), the second highest (hip pitch above, ankle pitch below). nullopt
/// when the group is missing or has fewer than three pitch joints.
std::optional<int> LegKneeJoint(const model::RobotSpec& spec, const std::string& side);

/// The shoulder pitch joint of the `side` arm group: its highest pitch joint (nominal posture),
/// or nullopt when the group is missing or has none.
std::optional<int> ShoulderPitchJoint(const model::RobotSpec& spec, const std::string& side);

}  // namespace tianmu::certify::items
