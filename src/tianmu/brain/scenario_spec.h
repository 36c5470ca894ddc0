// Application scenarios (issue 18): a scene's named objects, how they are randomised per trial,
// the task (an instruction or a BT.CPP v4 tree), a time limit, success criteria judged from
// simulator ground truth and the capabilities the scenario requires; read from
// assets/scenarios/*.yaml.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/brain/scene_objects_file.h"
#include "tianmu/capability/requirement.h"

namespace tianmu::brain {

/// How a scenario's layout varies from trial to trial (uniform in ±value, seeded per trial).
struct ScenarioRandomisation {
  double object_position_m = 0;  ///< x and y of every object without its own jitter_m
  double start_position_m = 0;   ///< x and y of the robot's start pose
  double start_yaw_deg = 0;      ///< yaw of the robot's start pose
};

/// One capability the scenario needs, in the vocabulary of the certification profile.json
/// (capability/capability_key.h); demand specs use the same type and parser.
using ScenarioRequirement = capability::Requirement;

/// What must hold at the end of a trial for it to count as a success.
struct ScenarioCriteria {
  /// Facts that must hold in the symbolic state after the steps that succeeded (instruction
  /// tasks only; the skills report their own success, the simulator judges the rest below).
  std::vector<std::string> facts;          ///< "inspected(gauge_1)", ...
  std::string robot_at;                    ///< a place the base must end near (empty: not checked)
  double robot_within_m = 0.3;             ///< horizontal distance, ground truth
  std::vector<std::string> gaze_objects;   ///< each must be looked at by a look_at that succeeded
  double gaze_max_error_deg = 5;           ///< head camera axis vs the object, ground truth
  std::vector<std::string> faced_objects;  ///< each must be faced by a turn_to that succeeded
  double faced_max_error_deg = 20;         ///< base heading vs the object, ground truth
};

/// One scenario, as read from its YAML file.
struct ScenarioSpec {
  std::string name;                ///< file stem ("inspection_patrol")
  std::string title_en, title_zh;  ///< for people ("Reception", "迎宾接待")
  std::string category;            ///< manufacturing, services or hazardous
  std::string scene = "flat";      ///< sim::ResolveScene name or path
  SceneDescription objects;        ///< nominal layout (world frame, m); start_place is required
  std::vector<double> object_jitter_m;  ///< per object (same order), from jitter_m or the default
  ScenarioRandomisation randomisation;
  std::string instruction;          ///< the task as an instruction (en or zh), or empty
  std::filesystem::path tree_file;  ///< or as a BT.CPP v4 tree (object positions on the
                                    ///< blackboard under their names: target="{gauge_1}")
  double time_limit_s = 60;         ///< from the tree's first tick
  ScenarioCriteria success;
  std::vector<ScenarioRequirement> requires_capabilities;  ///< the `requires:` map, in order
  std::filesystem::path file;                              ///< where it was read from
};

/// Parses scenario YAML; `file` names it in errors and resolves a relative tree file. Raises
/// InputError "FILE:LINE: FIELD: expected ..." for unknown keys, missing or bad values, objects
/// named in the task or criteria that the scene does not have.
ScenarioSpec ParseScenario(const std::string& yaml_text, const std::filesystem::path& file);

/// Reads and parses `path`.
ScenarioSpec LoadScenario(const std::filesystem::path& path);

/// The shipped scenarios' files (assets/scenarios/*.yaml), sorted by name.
std::vector<std::filesystem::path> ScenarioFiles();

/// A shipped scenario by name, or a YAML file by path; raises InputError for neither.
ScenarioSpec LoadScenarioByNameOrPath(const std::string& name_or_path);

}  // namespace tianmu::brain
