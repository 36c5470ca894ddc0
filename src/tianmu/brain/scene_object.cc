#include "tianmu/brain/scene_object.h"

namespace tianmu::brain {

std::vector<std::string> SceneFacts(const std::vector<SceneObject>& objects,
                                    const std::string& start_place) {
  std::vector<std::string> facts;
  for (const SceneObject& o : objects) {
    if (o.is_place) facts.push_back("place(" + o.name + ")");
    if (!o.place.empty()) facts.push_back("visible_from(" + o.name + "," + o.place + ")");
    if (o.category == "person") facts.push_back("person(" + o.name + ")");
  }
  if (!start_place.empty()) facts.push_back("at(robot," + start_place + ")");
  return facts;
}

}  // namespace tianmu::brain
