// Scenario trials: a scenario run on a simulated robot over seeded trials (trial i uses seed + i
// for the layout, the world and the oracle), each judged from simulator ground truth, and the
// summary: success rate with its Wilson 95 % interval, mean cycle time, failures by reason. What
// `tianmu scenario run` prints.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/brain/scenario_spec.h"
#include "tianmu/brain/tree_ticker.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/skills/oracle_port.h"

namespace tianmu::brain {

/// How to run.
struct ScenarioRunOptions {
  int trials = 10;               ///< how many trials, one after another
  std::uint64_t seed = 1;        ///< trial i uses seed + i
  skills::OracleOptions oracle;  ///< its seed is derived from the trial's
  double settle_s = 0.5;         ///< standing before the tree starts
  TickerOptions ticker;
};

/// One trial's outcome.
struct ScenarioTrial {
  std::uint64_t seed = 0;  ///< layout, world and oracle seed of this trial
  bool success = false;    ///< every success criterion held
  /// "" on success; else fall, timeout, unreachable, ambiguous_instruction, bad_instruction,
  /// skill_failure (skill_reason says the skill's own), criteria (a ground-truth check failed),
  /// error (a tree error).
  std::string reason;
  std::string skill_reason;  ///< with skill_failure: the skill's reason (timeout, unreachable...)
  std::string detail;        ///< what happened, for people
  double cycle_time_s = 0;   ///< from the tree's first tick to its verdict (simulated)
  std::vector<std::string> plan;                           ///< the plan's steps (instruction tasks)
  Eigen::Vector3d start_offset = Eigen::Vector3d::Zero();  ///< robot start x, y (m), yaw (rad)
  Eigen::Vector3d final_base_position_m = Eigen::Vector3d::Zero();  ///< world, ground truth
  std::map<std::string, double> gaze_error_deg;   ///< per object looked at, ground truth
  std::map<std::string, double> faced_error_deg;  ///< per object turned to, ground truth
};

/// All trials of one scenario.
struct ScenarioSummary {
  std::string scenario, robot;          ///< names
  std::vector<ScenarioTrial> trials;    ///< in seed order
  int successes = 0;                    ///< trials that succeeded
  double success_rate = 0;              ///< successes / trials
  double ci_low = 0, ci_high = 0;       ///< Wilson 95 % interval of the success rate
  double mean_cycle_time_s = 0;         ///< over the successful trials
  std::map<std::string, int> failures;  ///< by reason ("skill_failure:timeout" for skills)
};

/// The scenario's objects for one trial: positions jittered (x, y) per object and the whole
/// layout moved by the inverse of a jittered robot start pose, so that the robot (which always
/// spawns at the origin facing +x) starts off its nominal pose relative to the scene.
/// `start_offset` receives the start pose (x, y in m, yaw in rad).
SceneDescription RandomisedObjects(const ScenarioSpec& scenario, std::uint64_t seed,
                                   Eigen::Vector3d* start_offset);

/// Runs one trial with `seed`.
ScenarioTrial RunScenarioTrial(const ScenarioSpec& scenario, const model::RobotSpec& robot,
                               std::uint64_t seed, const ScenarioRunOptions& options);

/// Runs options.trials trials one after another; raises InputError before simulating for a bad
/// scene or tree file or a robot that cannot run the skills.
ScenarioSummary RunScenario(const ScenarioSpec& scenario, const model::RobotSpec& robot,
                            const ScenarioRunOptions& options);

/// The summary as JSON (success_rate, ci_low, ci_high, mean_cycle_time_s, failures, trials).
nlohmann::json ScenarioSummaryToJson(const ScenarioSummary& summary);

}  // namespace tianmu::brain
