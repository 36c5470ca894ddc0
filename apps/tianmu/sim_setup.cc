#include "sim_setup.h"

#include <cstdio>
#include <map>
#include <optional>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_mjcf.h"
#include "tianmu/knowledge/object_store.h"
#include "tianmu/runtime/command_schedule.h"
#include "tianmu/runtime/controller_config.h"
#include "tianmu/runtime/controller_factory.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {

std::vector<FlagSpec> SimulationFlagSpecs() {
  return {
      Option("robot", "NAME|PATH", "the robot: a name from `tianmu robots` or a robot.yaml path")
          .Default("tm1")
          .Kind(ValueKind::kRobot),
      Option("scene", "NAME|PATH",
             "the world: flat, rough, slope or steps (assets/scenes/), or a scene MJCF file")
          .Default("flat")
          .Kind(ValueKind::kFile),
      Option("duration", "T", "simulated time")
          .Unit("s")
          .Default("10")
          .Range(kMinDurationS, kMaxDurationS),
      Option("seed", "N", "seed of the sensor noise and any other randomness of the run")
          .Default("0"),
      Option("push", "SPEC",
             "a push: t=T,body=NAME,f=FX,FY,FZ[,tau=TX,TY,TZ][,dur=D] (N, N·m, s, world frame) "
             "or impulse=IX,IY,IZ (N·s) in place of f")
          .Repeatable(),
      Option("log", "FILE.mcap", "write every control tick to an MCAP log").Kind(ValueKind::kFile),
      Switch("json", "print the summary as JSON on stdout"),
      Switch("no-noise", "simulate ideal sensors (no noise, no bias)"),
      Switch("ideal-actuators", "ideal torque sources instead of the component models"),
      Option("controller", "NAME", "the controller")
          .Default("wbc")
          .Choices(runtime::ControllerNames()),
      Option("cmd", "VX,VY,WZ",
             "walk at this velocity from t = 0 (m/s, m/s, rad/s in the heading frame; wbc only)"),
      Option("cmd-file", "COURSE.yaml", "walk a timed course of velocity commands (wbc only)")
          .Kind(ValueKind::kFile),
      Option("estop-at", "T", "trigger an emergency stop at this simulated time; wbc only")
          .Unit("s")
          .Range(0, 1e6),
      Option("estop-category", "1|2",
             "stop category of --estop-at: 1 stops and lowers to rest with damping, 2 stops "
             "and holds")
          .Default("robot.yaml's estop.category")
          .Choices({"1", "2"}),
      Option("controller-config", "C.yaml",
             "whole-body controller weights and locomotion limits overriding the defaults")
          .Kind(ValueKind::kFile),
      Option("object", "NAME@X,Y,Z[,YAW]",
             "place an object from the knowledge base at X,Y,Z (m, world frame), yaw in degrees")
          .Repeatable(),
      Option("objects-db", "FILE",
             "the object knowledge base to take --object from (default: the bundled one)")
          .Kind(ValueKind::kFile)};
}

runtime::SimRunOptions SimulationOptionsFromFlags(const Flags& flags, double default_duration_s) {
  runtime::SimRunOptions options;
  options.scene_name = flags.String("scene", "flat");
  options.scene = sim::ResolveScene(options.scene_name);
  options.duration_s = flags.Number("duration", default_duration_s, kMinDurationS, kMaxDurationS);
  options.world.seed = flags.Unsigned("seed");
  options.world.sensor_noise = !flags.Has("no-noise");
  options.world.component_models = !flags.Has("ideal-actuators");
  for (const std::string& text : flags.All("push")) {
    options.pushes.push_back(sim::ParsePerturbation(text));
  }
  if (flags.Has("log")) {
    options.log_path = flags.Required("log", "a path for the MCAP log");
    CheckWritable(options.log_path);
  }
  if (flags.Has("objects-db") && !flags.Has("object")) {
    throw InputError("--objects-db: only with --object");
  }
  if (flags.Has("object")) {
    const auto store = knowledge::OpenObjectStore(flags.String("objects-db"));
    std::vector<knowledge::SpawnedObject> objects;
    std::map<std::string, int> instances;
    for (const std::string& text : flags.All("object")) {
      const knowledge::ObjectPlacement placement =
          knowledge::ParseObjectPlacement(text, "--object");
      std::optional<knowledge::ObjectRecord> object = store->Find(placement.name);
      if (!object) {
        throw InputError("--object: unknown object '" + placement.name +
                         "' (tianmu objects list shows the knowledge base)");
      }
      const std::string body = knowledge::ObjectBodyName(object->id, instances[object->id]++);
      objects.push_back({std::move(*object), body, placement});
    }
    options.world.extra_scene_xml.push_back(knowledge::ObjectsSceneMjcf(objects));
  }
  return options;
}

std::unique_ptr<control::Controller> ControllerFromFlags(const Flags& flags,
                                                         const model::RobotSpec& spec) {
  const std::string name = flags.String("controller", "wbc");
  std::unique_ptr<control::Controller> controller;
  if (flags.Has("controller-config")) {
    if (name != "wbc") throw InputError("--controller-config: needs --controller wbc");
    const runtime::CerebellumConfig config =
        runtime::LoadCerebellumConfig(spec, flags.String("controller-config"));
    controller = std::make_unique<control::HumanoidController>(spec, config.wbc, config.locomotion);
  } else {
    controller = runtime::MakeController(name, spec);
  }
  auto* humanoid = dynamic_cast<control::HumanoidController*>(controller.get());
  for (const char* flag : {"cmd", "cmd-file", "estop-at", "estop-category"}) {
    if (flags.Has(flag) && humanoid == nullptr) {
      throw InputError(std::string("--") + flag + ": needs --controller wbc");
    }
  }
  if (flags.Has("cmd") && flags.Has("cmd-file")) {
    throw InputError("--cmd and --cmd-file: give one of them");
  }
  if (flags.Has("cmd")) {
    humanoid->SetCommandSchedule(
        {{0.0, runtime::ParseVelocityCommand(flags.String("cmd"), "--cmd")}});
  }
  if (flags.Has("cmd-file")) {
    humanoid->SetCommandSchedule(runtime::LoadCommandSchedule(flags.String("cmd-file")));
  }
  if (flags.Has("estop-category") && !flags.Has("estop-at")) {
    throw InputError("--estop-category: needs --estop-at");
  }
  if (flags.Has("estop-at")) {
    std::optional<model::StopCategory> category;
    if (flags.Has("estop-category")) {
      const std::string c = flags.String("estop-category");
      if (c != "1" && c != "2") {
        throw InputError(
            "--estop-category: expected 1 (stop, lower to rest, damping) or 2 (stop "
            "and hold), got '" +
            c + "'");
      }
      category = c == "1" ? model::StopCategory::kControlledThenRest
                          : model::StopCategory::kControlledHold;
    }
    humanoid->ScheduleEmergencyStop(flags.Number("estop-at", 0), category);
  }
  return controller;
}

runtime::ProgressFn StderrProgress(const std::string& label, const std::string& header) {
  return [label, header](double fraction) {
    if (fraction <= 0) {
      std::fprintf(stderr, "%s\n", header.c_str());
      return;
    }
    std::fprintf(stderr, "[%3d%%] %s\n", static_cast<int>(fraction * 100 + 0.5), label.c_str());
  };
}

}  // namespace tianmu::cli
