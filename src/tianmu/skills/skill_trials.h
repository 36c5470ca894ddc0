// Skill trials: run one skill on a simulated robot over seeds (the same world each time, a new
// seed for sensor noise and the oracle port each trial) and count outcomes from the skill's own
// verdict, with falls judged by the simulator. What `tianmu skill run` prints.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/skills/oracle_port.h"
#include "tianmu/skills/skill.h"

namespace tianmu::skills {

/// What to run.
struct SkillTrialOptions {
  std::string skill;
  SkillParams params;
  std::filesystem::path scene;  ///< scene MJCF (sim::ResolveScene)
  std::string scene_name;
  int trials = 10;
  std::uint64_t seed = 1;  ///< trial i runs with seed + i
  OracleOptions oracle;    ///< its seed is replaced per trial
  double settle_s = 0.5;   ///< standing before the skill starts
};

/// One trial.
struct SkillTrial {
  std::uint64_t seed = 0;
  bool success = false;
  FailureReason reason = FailureReason::kNone;
  std::string detail;
  double duration_s = 0;         ///< from Start to the verdict (0 when refused before execution)
  double metric = 0;             ///< the skill's metric at the end: ground truth where it has one
  bool metric_is_truth = false;  ///< metric measured by a noise-free oracle (ground truth)
};

/// All trials.
struct SkillTrialsSummary {
  std::string skill, robot, scene;
  std::string perception;  ///< the port's kind ("oracle")
  std::string metric_name;
  std::vector<SkillTrial> trials;
  int successes = 0;
  double mean_duration_s = 0;           ///< over the successful trials
  double mean_metric = 0;               ///< over all trials
  bool metric_is_truth = false;         ///< every trial's metric is ground truth
  std::map<std::string, int> failures;  ///< by FailureReasonName
};

/// Runs the trials; raises InputError (before simulating) for an unknown skill or bad params.
SkillTrialsSummary RunSkillTrials(const model::RobotSpec& spec, const SkillTrialOptions& options);

}  // namespace tianmu::skills
