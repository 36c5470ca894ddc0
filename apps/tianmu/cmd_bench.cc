// tianmu bench: `sim` measures simulation speed of a robot standing under posture hold, with
// the component models and with ideal actuators; `control` measures the whole-body controller's
// tick time, QP iterations and the full stack's real-time factor (the other subcommands live in
// cmd_bench_*.cc). Prints figures; asserts nothing.
#include <cstdio>

#include "commands.h"
#include "flags.h"
#include "tianmu/control/cerebellum/humanoid_controller.h"
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
  Flags flags(args, BenchCommand().subcommands[0].flags);
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  runtime::SimRunOptions options;
  options.scene_name = flags.String("scene", "flat");
  options.scene = sim::ResolveScene(options.scene_name);
  options.duration_s = flags.Number("duration");
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

int BenchControl(const Args& args) {
  Flags flags(args, BenchCommand().subcommands[1].flags);
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  runtime::SimRunOptions options;
  options.scene_name = flags.String("scene", "flat");
  options.scene = sim::ResolveScene(options.scene_name);
  options.duration_s = flags.Number("duration");
  const double vx = flags.Number("vx");
  control::HumanoidController controller(spec);
  controller.SetCommandSchedule({{0.0, {vx, 0, 0}}});
  std::vector<double> iterations;
  iterations.reserve(static_cast<std::size_t>(options.duration_s * 1000) + 1);
  options.on_tick = [&](const runtime::TickContext&) {
    iterations.push_back(controller.status().qp_iterations);
    return true;
  };
  std::fprintf(stderr, "bench control: %s in %s, walking %.2f m/s for %.1f s\n", spec.name.c_str(),
               options.scene_name.c_str(), vx, options.duration_s);
  const runtime::SimRunSummary s = runtime::RunSimulation(spec, options, &controller);
  const nlohmann::json j = {{"bench", "control"},
                            {"robot", spec.name},
                            {"scene", options.scene_name},
                            {"controller", controller.name()},
                            {"simulated_s", s.duration_s},
                            {"tick_p50_ms", s.controller_tick_p50_ms},
                            {"tick_p99_ms", s.controller_tick_p99_ms},
                            {"qp_iterations_p50", runtime::Percentile(&iterations, 0.5)},
                            {"qp_failures", controller.status().qp_failures},
                            {"vx_mps", vx},
                            {"distance_m", s.distance_m},
                            {"realtime_factor", s.realtime_factor},
                            {"fell", s.fell}};
  if (flags.Has("json")) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf(
        "%s: controller tick %.3f ms median, %.3f ms p99, %g QP iterations median; full "
        "stack %.1fx real time%s\n",
        spec.name.c_str(), s.controller_tick_p50_ms, s.controller_tick_p99_ms,
        j["qp_iterations_p50"].get<double>(), s.realtime_factor, s.fell ? " (the robot fell)" : "");
  }
  return 0;
}

// --robot, --scene and --duration of bench sim and bench control.
std::vector<FlagSpec> RunFlags(const std::string& what) {
  return {
      Option("robot", "NAME|PATH", "the robot: a name from `tianmu robots` or a robot.yaml path")
          .Default("tm1")
          .Kind(ValueKind::kRobot),
      Option("scene", "NAME|PATH", "the world: flat, rough, slope or steps, or a scene MJCF")
          .Default("flat")
          .Kind(ValueKind::kFile),
      Option("duration", "T", "simulated time of " + what)
          .Unit("s")
          .Default("10")
          .Range(0.1, 3600)};
}

}  // namespace

CommandSpec BenchCommand() {
  std::vector<FlagSpec> sim_flags = RunFlags("each run");
  sim_flags.push_back(Switch("json", "print the figures as JSON on stdout"));
  std::vector<FlagSpec> control_flags = RunFlags("the walk");
  control_flags.push_back(
      Option("vx", "V", "forward walking speed").Unit("m/s").Default("0.5").Range(-2, 2));
  control_flags.push_back(Switch("json", "print the figures as JSON on stdout"));
  return {.name = "bench",
          .purpose =
              "benchmarks: simulation, controller, certification, service, recording, perception, "
              "fleet",
          .examples = {"tianmu bench sim --robot tm1 --json", "tianmu bench cerebellum --quick"},
          .subcommands = {{.name = "sim",
                           .purpose = "simulation speed standing, with and without the component "
                                      "models",
                           .flags = sim_flags,
                           .examples = {"tianmu bench sim --robot tm1 --duration 5 --json"},
                           .run = BenchSim},
                          {.name = "control",
                           .purpose = "whole-body controller tick time, QP iterations and the full "
                                      "stack's real-time factor while walking",
                           .flags = control_flags,
                           .examples = {"tianmu bench control --robot tm1 --vx 0.4"},
                           .run = BenchControl},
                          BenchCerebellumCommand(),
                          BenchCertifyCommand(),
                          BenchServiceCommand(),
                          BenchRecordCommand(),
                          BenchPerceptionCommand(),
                          BenchFleetCommand()}};
}

}  // namespace tianmu::cli
