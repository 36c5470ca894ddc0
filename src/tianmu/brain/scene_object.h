// Named things the brain can talk about: objects, places and people in a scene, with a category
// and colour for grounding instructions, and a position (world frame) for the skills' ports.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace tianmu::brain {

/// One named thing in the scene.
struct SceneObject {
  std::string name;      ///< unique id used in facts ("gauge_1", "table", "visitor")
  std::string category;  ///< English category word, singular ("gauge", "cup", "table", "person")
  std::string colour;    ///< English colour word or empty ("red")
  Eigen::Vector3d position_m = Eigen::Vector3d::Zero();  ///< world frame
  bool is_place = false;                                 ///< a place the robot can walk to
  std::string place;  ///< for objects and people: the place it is seen from (empty: none)
};

/// The planning facts these objects imply: place(P), visible_from(O, P), person(H) for category
/// "person", plus at(robot, start_place) when start_place is not empty.
std::vector<std::string> SceneFacts(const std::vector<SceneObject>& objects,
                                    const std::string& start_place);

}  // namespace tianmu::brain
