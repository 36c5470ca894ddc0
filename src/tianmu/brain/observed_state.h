// The symbolic state after a skill failed, for replanning: what the plan predicted up to the
// failure, with where the robot is taken from perception (the nearest place, or a new place
// "here" when it is near none).
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "tianmu/brain/scene_object.h"
#include "tianmu/brain/world_state.h"

namespace tianmu::brain {

/// `predicted` with every at(robot, _) replaced by at(robot, P): P the place nearest to
/// `base_position_m` (world frame, floor distance) when within `tolerance_m`, else a place "here"
/// at that position, added to (or moved in) `objects`. facing(_) and looking_at(_) are dropped:
/// after a failure nothing is known about them.
WorldState ObserveState(const WorldState& predicted, const Eigen::Vector3d& base_position_m,
                        std::vector<SceneObject>* objects, double tolerance_m = 0.3);

}  // namespace tianmu::brain
