// Turns a plan into a behaviour tree in BehaviorTree.CPP v4 XML: a Sequence of skill action
// nodes named after the plan steps, with their ports filled from the scene objects' positions.
#pragma once

#include <string>
#include <vector>

#include "tianmu/brain/action_schema.h"
#include "tianmu/brain/scene_object.h"

namespace tianmu::brain {

/// The XML of a tree `tree_id` running `steps` in order. Port templates of the schemas are
/// resolved against `objects`: position(?x) gives "x,y,z" (m), heading(?a, ?b) the yaw from a to
/// b (deg). Raises InputError when a step's action is not in `domain` or an object is unknown.
std::string PlanToTreeXml(const std::vector<PlanStep>& steps,
                          const std::vector<ActionSchema>& domain,
                          const std::vector<SceneObject>& objects,
                          const std::string& tree_id = "Plan");

}  // namespace tianmu::brain
