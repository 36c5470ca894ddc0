#include "tianmu/brain/observed_state.h"

#include <limits>

namespace tianmu::brain {

WorldState ObserveState(const WorldState& predicted, const Eigen::Vector3d& base_position_m,
                        std::vector<SceneObject>* objects, double tolerance_m) {
  const SceneObject* nearest = nullptr;
  double nearest_m = std::numeric_limits<double>::infinity();
  for (const SceneObject& o : *objects) {
    if (!o.is_place || o.name == "here") continue;
    const double d = (o.position_m.head<2>() - base_position_m.head<2>()).norm();
    if (d < nearest_m) {
      nearest_m = d;
      nearest = &o;
    }
  }
  std::string place;
  if (nearest && nearest_m <= tolerance_m) {
    place = nearest->name;
  } else {
    place = "here";
    SceneObject* here = nullptr;
    for (SceneObject& o : *objects) {
      if (o.name == "here") here = &o;
    }
    if (!here) {
      objects->push_back({"here", "place", "", base_position_m, true, ""});
    } else {
      here->position_m = base_position_m;
    }
  }
  WorldState observed;
  for (const Fact& f : predicted.facts()) {
    const bool robot_at = f.predicate == "at" && !f.args.empty() && f.args[0] == "robot";
    if (robot_at || f.predicate == "facing" || f.predicate == "looking_at") continue;
    observed.Add(f);
  }
  observed.Add({"at", {"robot", place}});
  if (place == "here") observed.Add({"place", {"here"}});
  return observed;
}

}  // namespace tianmu::brain
