// tianmu record: records episodes of a task (random-walk: the whole-body controller following
// seeded random velocity commands) into DIR as one HDF5 file per episode plus dataset.json.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/error.h"
#include "tianmu/record/dataset.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

int RunRecord(const Args& args) {
  const Flags flags(args, RecordCommand().flags);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  record::RecordOptions o;
  o.out_dir = flags.Required("out", "an output directory for the episodes");
  o.task = flags.String("task", "random-walk");
  o.episodes = static_cast<int>(flags.Number("episodes"));
  if (o.episodes != flags.Number("episodes")) {
    throw InputError("--episodes: expected a whole number");
  }
  o.episode_duration_s = flags.Number("duration");
  o.rate_hz = flags.Number("rate");
  o.seed = flags.Unsigned("seed");
  o.force = flags.Has("force");
  o.sensor_noise = !flags.Has("no-noise");
  o.component_models = !flags.Has("ideal-actuators");
  o.scene_name = flags.String("scene", "flat");
  o.scene = sim::ResolveScene(o.scene_name);
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  std::fprintf(stderr, "record: %d episode(s) of %s, %s in %s, %.3g s each at %.4g Hz -> %s\n",
               o.episodes, o.task.c_str(), spec.name.c_str(), o.scene_name.c_str(),
               o.episode_duration_s, o.rate_hz, o.out_dir.c_str());
  const record::RecordResult r = record::RecordDataset(spec, o, [](int done, int total) {
    std::fprintf(stderr, "[%3d%%] record: episode %d/%d\n", done * 100 / total, done, total);
  });
  int successes = 0;
  for (const auto& e : r.episodes) successes += e.success ? 1 : 0;
  const double mb = static_cast<double>(r.total_bytes) / 1e6;
  if (flags.Has("json")) {
    nlohmann::json episodes = nlohmann::json::array();
    for (const auto& e : r.episodes) {
      episodes.push_back({{"file", e.file},
                          {"seed", e.seed},
                          {"frames", e.frames},
                          {"duration_s", e.duration_s},
                          {"success", e.success},
                          {"bytes", e.bytes}});
    }
    std::printf("%s\n", nlohmann::json({{"out", o.out_dir.string()},
                                        {"episodes", r.episodes.size()},
                                        {"successful", successes},
                                        {"total_frames", r.total_frames},
                                        {"total_bytes", r.total_bytes},
                                        {"wall_s", r.wall_s},
                                        {"files", episodes}})
                            .dump(2)
                            .c_str());
  } else {
    std::printf("%zu episodes (%d without a fall), %lld frames, %.2f MB in %s (%.1f s)\n",
                r.episodes.size(), successes, static_cast<long long>(r.total_frames), mb,
                o.out_dir.c_str(), r.wall_s);
  }
  return 0;
}

}  // namespace

CommandSpec RecordCommand() {
  return {
      .name = "record",
      .purpose = "record episodes of a task into a dataset (one HDF5 file per episode)",
      .flags =
          {Option("robot", "NAME|PATH",
                  "the robot: a name from `tianmu robots` or a robot.yaml path")
               .Default("tm1")
               .Kind(ValueKind::kRobot),
           Option("scene", "NAME|PATH", "the world: flat, rough, slope or steps, or a scene MJCF")
               .Default("flat")
               .Kind(ValueKind::kFile),
           Option("task", "NAME", "what the robot does in each episode")
               .Default("random-walk")
               .Choices(record::TaskNames()),
           Option("episodes", "N", "how many episodes (a whole number)")
               .Default("1")
               .Range(1, 100000),
           Option("duration", "T", "simulated length of each episode")
               .Unit("s")
               .Default("10")
               .Range(0.1, 3600),
           Option("rate", "HZ", "frames per second written")
               .Unit("Hz")
               .Default("50")
               .Range(0.1, 1000),
           Option("seed", "N", "seed of the first episode; episode k uses seed + k").Default("0"),
           Option("out", "DIR", "the dataset directory (required)").Kind(ValueKind::kDirectory),
           Switch("force", "allow an existing --out (its episodes are replaced)"),
           Switch("no-noise", "simulate ideal sensors (no noise, no bias)"),
           Switch("ideal-actuators", "ideal torque sources instead of the component models"),
           Switch("json", "print the episodes written as JSON on stdout")},
      .examples = {"tianmu record --task random-walk --episodes 10 --out out/episodes",
                   "tianmu record --robot tm1s --episodes 2 --duration 5 --out out/tm1s --json"},
      .run = RunRecord};
}

}  // namespace tianmu::cli
