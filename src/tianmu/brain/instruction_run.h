// One instruction end to end on a simulated robot: read it against the scene's objects, plan,
// write the plan as a behaviour tree, and tick that tree beside the 1 kHz control loop with the
// real skills and the oracle perception port until it succeeds, fails, or the robot falls. What
// `tianmu do` prints.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/brain/instruction.h"
#include "tianmu/brain/planner.h"
#include "tianmu/brain/scene_objects_file.h"
#include "tianmu/brain/tree.h"
#include "tianmu/brain/tree_ticker.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/skills/oracle_port.h"

namespace tianmu::brain {

/// What to run.
struct InstructionRunOptions {
  std::string instruction;
  SceneDescription objects;     ///< named objects, places and the start place
  std::filesystem::path scene;  ///< scene MJCF (sim::ResolveScene)
  std::string scene_name;
  std::uint64_t seed = 1;        ///< world and oracle seed
  skills::OracleOptions oracle;  ///< its seed is derived from `seed`
  double settle_s = 0.5;         ///< standing before the tree starts
  TickerOptions ticker;          ///< tree rate beside the control loop
  PlannerOptions planner;
  bool execute = true;  ///< false: read, plan and write the tree only
  int max_replans = 1;  ///< new plans after a failed step (0: report the first failure)
};

/// One reason the run did not succeed.
struct RunFailure {
  std::string step;    ///< plan step ("walk_to(dock,wp1)") or "" before execution
  std::string reason;  ///< ambiguous_instruction, bad_instruction, unreachable, fall, timeout, ...
  std::string detail;
};

/// One replanning after a failed step.
struct Replanning {
  std::string failed_step;
  std::string observed;  ///< the state planned from
  PlanResult plan;       ///< the new plan, or why there is none
};

/// What happened.
struct InstructionRunResult {
  Instruction instruction;
  PlanResult plan;
  std::string tree_xml;  ///< the first plan as BT.CPP v4 XML (empty without a plan)
  std::vector<Replanning> replans;
  bool executed = false;
  bool success = false;
  double duration_s = 0;                  ///< from the tree's first tick to its verdict (simulated)
  std::vector<RunFailure> failures;       ///< every failed step, including those replanned around
  std::vector<NodeSnapshot> final_nodes;  ///< each node's status at the end (of the last tree)
  /// Where the robot's base ended (world frame, m; simulator ground truth, not perception).
  Eigen::Vector3d final_base_position_m = Eigen::Vector3d::Zero();
  std::string perception = "oracle";
};

/// Runs the instruction; raises InputError only for bad options (an unreadable scene, a robot
/// without a head camera for look_at, ...); instructions that cannot be carried out come back as
/// failures with reasons.
InstructionRunResult RunInstruction(const model::RobotSpec& spec,
                                    const InstructionRunOptions& options);

}  // namespace tianmu::brain
