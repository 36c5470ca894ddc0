// The starter library: robot clips built from the joint-space key poses each robot's
// motion_map.yaml declares (wave, bow, point left/right, reach forward, squat, look around).
#pragma once

#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/motion/motion_map.h"
#include "tianmu/motion/robot_clip.h"

namespace tianmu::motion {

/// The clip of one starter motion: key poses joined by minimum-jerk segments at `fps`, the base
/// placed so the left sole stays where it is in the nominal stance (feet never slide), metrics
/// filled.
RobotClip MakeStarterClip(const model::RobotSpec& spec, const StarterMotion& motion,
                          double fps = 50);

/// Every starter motion of `map`, in file order.
std::vector<RobotClip> MakeStarterClips(const model::RobotSpec& spec, const MotionMap& map,
                                        double fps = 50);

}  // namespace tianmu::motion
