// tianmu bench sim: simulation speed of a robot standing under posture hold, with the component
// models and with ideal actuators. Prints figures; asserts nothing.
#include <cstdio>

#include "commands.h"
#include "flags.h"
#include "tianmu/control/posture_controller.h"
#include "tianmu/core/error.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

nlohmann::json BenchOnce(const model::RobotSpec& spec, const runtime::SimRunOptions& options) {
  control::PostureController controller(spec);
  const runtime::SimRunSummary s = runtime::RunSimulation(spec, options, &controller);
  const double steps = s.duration_s / options.world.timestep_s;
  return {{"steps_per_s", steps / s.wall_time_s},
          {"realtime_factor", s.realtime_factor},
          {"simulated_s", s.duration_s},
          {"wall_s", s.wall_time_s},
          {"fell", s.fell}};
}

int BenchSim(const Args& args) {
  Flags flags(args, {{"robot"}, {"scene"}, {"duration"}, {"json", false}});
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  runtime::SimRunOptions options;
  options.scene_name = flags.String("scene", "flat");
  options.scene = sim::ResolveScene(options.scene_name);
  options.duration_s = flags.Number("duration", 10.0, 0.1, 3600);
  options.world.seed = 0;

  std::fprintf(stderr, "bench sim: %s in %s, %.1f s standing, component models on\n",
               spec.name.c_str(), options.scene_name.c_str(), options.duration_s);
  const nlohmann::json with = BenchOnce(spec, options);
  options.world.component_models = false;
  std::fprintf(stderr, "bench sim: %s, ideal actuators\n", spec.name.c_str());
  const nlohmann::json ideal = BenchOnce(spec, options);

  nlohmann::json j = {{"bench", "sim"},
                      {"robot", spec.name},
                      {"scene", options.scene_name},
                      {"dof", spec.num_joints()},
                      {"timestep_s", options.world.timestep_s},
                      {"steps_per_s", with["steps_per_s"]},
                      {"realtime_factor", with["realtime_factor"]},
                      {"component_models", with},
                      {"ideal_actuators", ideal}};
  if (flags.Has("json")) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf(
        "%s: %.0f steps/s (%.1fx real time) with component models, %.0f steps/s "
        "(%.1fx) with ideal actuators\n",
        spec.name.c_str(), with["steps_per_s"].get<double>(), with["realtime_factor"].get<double>(),
        ideal["steps_per_s"].get<double>(), ideal["realtime_factor"].get<double>());
  }
  return 0;
}

}  // namespace

int RunBench(const Args& args) {
  if (args.empty()) throw InputError("expected a benchmark name (sim)");
  const Args rest(args.begin() + 1, args.end());
  if (args[0] == "sim") return BenchSim(rest);
  throw InputError("unknown benchmark '" + args[0] + "' (expected: sim)");
}

}  // namespace tianmu::cli
