// Scenes: MJCF files in assets/scenes/ holding terrain and props (<asset>, <worldbody>, <visual>
// and <equality> only), merged into a robot's MJCF to give the world the simulator runs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/model/mujoco_handles.h"

namespace tianmu::sim {

/// A scene name (assets/scenes/NAME.xml) or a path to a scene file; raises InputError listing
/// the known scenes when neither exists.
std::filesystem::path ResolveScene(const std::string& name_or_path);

/// Names of the scenes in assets/scenes/, sorted.
std::vector<std::string> ListScenes();

/// The MJCF text of `robot_mjcf` with the <asset> and <worldbody> children of `scene_mjcf`
/// appended; asset directories are rewritten so the text compiles from `output_dir`. Raises
/// InputError naming the scene file when it holds anything else or is malformed XML. The
/// scene-format documents in `extra_scene_xml` (spawned objects) are merged after the scene.
std::string MergeSceneIntoRobot(const std::filesystem::path& robot_mjcf,
                                const std::filesystem::path& scene_mjcf,
                                const std::filesystem::path& output_dir,
                                const std::vector<std::string>& extra_scene_xml = {});

/// Compiles the robot inside the scene, plus any `extra_scene_xml` documents (through a
/// temporary merged file).
model::MjModelPtr LoadRobotInScene(const std::filesystem::path& robot_mjcf,
                                   const std::filesystem::path& scene_mjcf,
                                   const std::vector<std::string>& extra_scene_xml = {});

}  // namespace tianmu::sim
