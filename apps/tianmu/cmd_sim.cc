// tianmu sim: a headless run of one robot in one scene under a controller (the whole-body
// controller by default), with velocity commands, pushes, an e-stop and an optional MCAP log;
// prints a summary measured from ground truth (JSON with --json).
#include <cstdio>

#include "commands.h"
#include "sim_setup.h"
#include "tianmu/core/error.h"
#include "tianmu/runtime/controller_factory.h"

namespace tianmu::cli {
namespace {

int RunSim(const Args& args) {
  Flags flags(args, SimulationFlagSpecs());
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  const runtime::SimRunOptions options = SimulationOptionsFromFlags(flags, 10.0);
  const std::unique_ptr<control::Controller> controller = ControllerFromFlags(flags, spec);
  char header[256];
  std::snprintf(header, sizeof(header), "sim: %s in %s for %.3g s (seed %llu, controller %s)",
                spec.name.c_str(), options.scene_name.c_str(), options.duration_s,
                static_cast<unsigned long long>(options.world.seed), controller->name());
  const runtime::SimRunSummary summary =
      runtime::RunSimulation(spec, options, controller.get(), StderrProgress("sim", header));
  if (flags.Has("json")) {
    std::printf("%s\n", summary.ToJson().dump(2).c_str());
  } else {
    std::printf("robot %s, scene %s, %.3f s simulated in %.3f s (%.1fx real time)\n",
                summary.robot.c_str(), summary.scene.c_str(), summary.duration_s,
                summary.wall_time_s, summary.realtime_factor);
    std::printf(
        "fell: %s%s, max tilt %.2f deg, base moved %.3f m, energy %.1f J\n",
        summary.fell ? "yes" : "no",
        summary.fall_time_s ? (" at " + std::to_string(*summary.fall_time_s) + " s").c_str() : "",
        summary.max_tilt_deg, summary.distance_m, summary.energy_J);
    if (!options.log_path.empty()) std::printf("log: %s\n", options.log_path.c_str());
  }
  return 0;
}

}  // namespace

CommandSpec SimCommand() {
  return {.name = "sim",
          .purpose = "run a headless simulation of one robot and summarise it from ground truth",
          .flags = SimulationFlagSpecs(),
          .examples = {"tianmu sim --robot tm1 --duration 10 --cmd 0.4,0,0 --log walk.mcap",
                       "tianmu sim --robot tm1 --duration 6 --push t=2,body=base,impulse=35,0,0"},
          .run = RunSim};
}

}  // namespace tianmu::cli
