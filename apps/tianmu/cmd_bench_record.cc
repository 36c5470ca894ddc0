// tianmu bench record: episode recording throughput (episodes per minute, MB/s written) and its
// cost to the control loop, measured by running the same random-walk episodes with recording
// off, at the dataset rate and at every control tick. Prints figures; asserts nothing.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/error.h"
#include "tianmu/record/dataset.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

namespace fs = std::filesystem;

// Removes the benchmark's scratch directory however the benchmark ends.
struct ScratchDir {
  fs::path dir;
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

nlohmann::json Measure(const model::RobotSpec& spec, record::RecordOptions o, double rate_hz,
                       double baseline_wall_s) {
  o.rate_hz = rate_hz;
  const record::RecordResult r = record::RecordDataset(spec, o);
  double record_s = 0, sim_s = 0;
  for (const auto& e : r.episodes) {
    record_s += e.record_s;
    sim_s += e.duration_s;
  }
  const double mb = static_cast<double>(r.total_bytes) / 1e6;
  return {{"rate_hz", rate_hz},
          {"episodes", r.episodes.size()},
          {"wall_s", r.wall_s},
          {"episodes_per_min", 60.0 * static_cast<double>(r.episodes.size()) / r.wall_s},
          {"frames", r.total_frames},
          {"mb_written", mb},
          {"mb_per_s_wall", mb / r.wall_s},
          {"mb_per_s_writer", record_s > 0 ? mb / record_s : 0.0},
          {"mb_per_sim_minute", sim_s > 0 ? mb * 60 / sim_s : 0.0},
          {"record_time_s", record_s},
          // Share of the control loop's wall time spent sampling and writing (measured inside
          // the loop, so other processes on the machine do not blur it).
          {"loop_overhead_pct", 100.0 * record_s / (r.wall_s - record_s)},
          // The same from whole-run wall times against the recording-off run (noisier).
          {"wall_overhead_pct", 100.0 * (r.wall_s - baseline_wall_s) / baseline_wall_s}};
}

}  // namespace

int BenchRecord(const Args& args) {
  const Flags flags(args, BenchRecordCommand().flags);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  ScratchDir scratch{fs::temp_directory_path() /
                     ("tianmu-bench-record-" + std::to_string(::getpid()))};
  record::RecordOptions o;
  o.scene = sim::ResolveScene("flat");
  o.episodes = static_cast<int>(flags.Number("episodes"));
  o.episode_duration_s = flags.Number("duration");
  const double rate_hz = flags.Number("rate");
  o.out_dir = scratch.dir;
  o.force = true;
  o.seed = 1;

  std::fprintf(stderr, "bench record: %s, %d random-walk episodes of %.3g s, recording off\n",
               spec.name.c_str(), o.episodes, o.episode_duration_s);
  o.write = false;
  const record::RecordResult off = record::RecordDataset(spec, o);
  o.write = true;
  std::fprintf(stderr, "bench record: recording at %g Hz\n", rate_hz);
  const nlohmann::json at_rate = Measure(spec, o, rate_hz, off.wall_s);
  std::fprintf(stderr, "bench record: recording every control tick (1000 Hz)\n");
  const nlohmann::json per_tick = Measure(spec, o, 1000, off.wall_s);

  const nlohmann::json j = {
      {"bench", "record"},
      {"robot", spec.name},
      {"episodes", o.episodes},
      {"episode_duration_s", o.episode_duration_s},
      {"off", {{"wall_s", off.wall_s}, {"episodes_per_min", 60.0 * o.episodes / off.wall_s}}},
      {"episodes_per_min", at_rate["episodes_per_min"]},
      {"mb_per_s", at_rate["mb_per_s_writer"]},
      {"overhead_pct", at_rate["loop_overhead_pct"]},
      {"at_rate", at_rate},
      {"per_tick", per_tick}};
  if (flags.Has("json")) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf(
        "%s: %.1f episodes/min recording at %g Hz (%.1f off); writer %.1f MB/s; control-loop "
        "overhead %.2f %% at %g Hz, %.2f %% at 1000 Hz\n",
        spec.name.c_str(), at_rate["episodes_per_min"].get<double>(), rate_hz,
        j["off"]["episodes_per_min"].get<double>(), at_rate["mb_per_s_writer"].get<double>(),
        at_rate["loop_overhead_pct"].get<double>(), rate_hz,
        per_tick["loop_overhead_pct"].get<double>());
  }
  return 0;
}

CommandSpec BenchRecordCommand() {
  return {
      .name = "record",
      .purpose =
          "episode recording throughput (episodes/min, MB/s) and its cost to the "
          "control loop",
      .flags =
          {Option("robot", "NAME|PATH",
                  "the robot: a name from `tianmu robots` or a robot.yaml path")
               .Default("tm1")
               .Kind(ValueKind::kRobot),
           Option("episodes", "N", "random-walk episodes per measurement")
               .Default("3")
               .Range(1, 1000),
           Option("duration", "T", "length of each episode").Unit("s").Default("5").Range(0.5, 600),
           Option("rate", "HZ", "dataset frame rate").Unit("Hz").Default("50").Range(0.1, 1000),
           Switch("json", "print the figures as JSON on stdout")},
      .examples = {"tianmu bench record --episodes 5 --json"},
      .run = BenchRecord};
}

}  // namespace tianmu::cli
