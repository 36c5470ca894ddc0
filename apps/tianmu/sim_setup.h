// Flags shared by the subcommands that run a simulation (sim, demo, bench): robot, scene,
// seed, noise and actuator-model switches, turned into runtime::SimRunOptions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "flags.h"
#include "tianmu/control/controller.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/runtime/sim_run.h"

namespace tianmu::cli {

/// Bounds of --duration, the simulated time of one run (1 ms to a day).
inline constexpr double kMinDurationS = 1e-3;
inline constexpr double kMaxDurationS = 24 * 3600.0;

/// The flags every simulating subcommand accepts.
std::vector<FlagSpec> SimulationFlagSpecs();

/// Options from --scene, --seed, --push, --no-noise, --ideal-actuators, --log and --object
/// NAME@x,y,z[,yaw_deg] (objects from the knowledge base, or --objects-db FILE), validated: bad
/// values raise InputError before any work is done.
runtime::SimRunOptions SimulationOptionsFromFlags(const Flags& flags, double default_duration_s);

/// The controller named by --controller (default "wbc"), with --cmd / --cmd-file / --estop-at
/// applied; those flags need the whole-body controller (InputError otherwise).
std::unique_ptr<control::Controller> ControllerFromFlags(const Flags& flags,
                                                         const model::RobotSpec& spec);

/// Prints `header` on stderr once the run is set up, then "[ 40%] LABEL" style progress.
runtime::ProgressFn StderrProgress(const std::string& label, const std::string& header);

}  // namespace tianmu::cli
