// The named objects of a scene for the brain, read from JSON until scenes and the perception port
// carry them: {"start": "dock", "objects": [{"name": "gauge_1", "category": "gauge", "colour":
// "", "position_m": [3, 0, 1.2], "place": "wp1", "is_place": false}, ...]}.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/brain/scene_object.h"

namespace tianmu::brain {

/// A scene as the brain sees it.
struct SceneDescription {
  std::string start_place;  ///< where the robot starts (a place's name)
  std::vector<SceneObject> objects;
};

/// Parses the JSON text; `file` names it in errors. Raises InputError naming the file and field
/// (objects[i].name, ...) for missing or mistyped fields, repeated names, an unknown start or
/// place, or a place that is not one.
SceneDescription ParseSceneObjects(const std::string& json_text, const std::string& file);

/// Reads and parses `path`.
SceneDescription LoadSceneObjects(const std::filesystem::path& path);

}  // namespace tianmu::brain
