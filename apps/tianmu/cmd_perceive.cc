// tianmu perceive: object-pose accuracy against simulator ground truth. Each trial lays out the
// tabletop scene (tagged and untagged knowledge-base objects 0.5-2 m ahead) at random, renders
// the robot's head camera with its sensor model, finds the objects by AprilTag and by the
// marker-free shape fit, and compares with the true poses; prints rates, errors, false
// positives, and breakdowns per object and distance band.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_store.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/perception/object_pose_trials.h"
#include "tianmu/perception/tabletop_scene.h"

namespace tianmu::cli {
namespace {

namespace fs = std::filesystem;

// A temporary directory removed on scope exit (the tag textures live there during the run).
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("tianmu_perceive_" + std::to_string(getpid()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void PrintText(const nlohmann::json& j) {
  const auto num = [](const nlohmann::json& v, const char* fmt) {
    char buf[32];
    if (v.is_number()) {
      std::snprintf(buf, sizeof(buf), fmt, v.get<double>());
      return std::string(buf);
    }
    return std::string("-");
  };
  std::printf("perceive: %s, tabletop, %d trials from seed %llu\n",
              j["robot"].get<std::string>().c_str(), j["trials"].get<int>(),
              j["seed"].get<unsigned long long>());
  std::printf("  tagged    detection %s  error p50 %s cm  p95 %s cm  orientation p50 %s deg\n",
              num(j["tagged_detection_rate"], "%.3f").c_str(),
              num(j["tagged_position_error_cm_p50"], "%.2f").c_str(),
              num(j["tagged_position_error_cm_p95"], "%.2f").c_str(),
              num(j["orientation_error_deg_p50"], "%.2f").c_str());
  std::printf("  untagged  detection %s  error p50 %s cm  p95 %s cm\n",
              num(j["untagged_detection_rate"], "%.3f").c_str(),
              num(j["untagged_position_error_cm_p50"], "%.2f").c_str(),
              num(j["untagged_position_error_cm_p95"], "%.2f").c_str());
  std::printf("  false positives per frame %s\n",
              num(j["false_positives_per_frame"], "%.3f").c_str());
  std::printf("  %-32s %6s %6s %8s %8s\n", "object", "seen", "found", "p50 cm", "p95 cm");
  for (const auto& [id, o] : j["per_object"].items()) {
    std::printf("  %-32s %6d %6d %8s %8s\n", id.c_str(), o["objects_in_view"].get<int>(),
                o["detected"].get<int>(), num(o["position_error_cm_p50"], "%.2f").c_str(),
                num(o["position_error_cm_p95"], "%.2f").c_str());
  }
  for (const auto& [band, b] : j["per_distance_band"].items()) {
    std::printf("  %-6s m  tagged %s (p95 %s cm)  untagged %s (p95 %s cm)\n", band.c_str(),
                num(b["tagged"]["detection_rate"], "%.3f").c_str(),
                num(b["tagged"]["position_error_cm_p95"], "%.2f").c_str(),
                num(b["untagged"]["detection_rate"], "%.3f").c_str(),
                num(b["untagged"]["position_error_cm_p95"], "%.2f").c_str());
  }
}

int Perceive(const Args& args) {
  const Flags flags(args, PerceiveCommand().flags);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  const std::string scene = flags.String("scene", "tabletop");
  if (scene != "tabletop") {
    throw InputError("--scene: unknown perception scene '" + scene + "' (known: tabletop)");
  }
  const double trials = flags.Number("trials");
  if (trials != static_cast<int>(trials)) throw InputError("--trials: expected a whole number");
  perception::ObjectPoseTrialOptions options;
  options.trials = static_cast<int>(trials);
  options.seed = flags.Unsigned("seed");
  options.sensor_noise = !flags.Has("no-noise");
  if (flags.Has("save-frames")) {
    options.frame_dir = flags.String("save-frames");
    if (!fs::is_directory(options.frame_dir)) {
      throw InputError("--save-frames: '" + options.frame_dir.string() + "' is not a directory");
    }
  }
  const model::RobotSpec robot = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));

  const auto store = knowledge::OpenObjectStore(flags.String("objects-db"));
  std::vector<knowledge::ObjectRecord> objects;
  for (const std::string& id : perception::DefaultTabletopObjectIds()) {
    std::optional<knowledge::ObjectRecord> o = store->Find(id);
    if (!o) {
      throw InputError("--objects-db: the tabletop scene needs object '" + id + "', which " +
                       store->path().string() + " lacks (import assets/objects/starter.json)");
    }
    objects.push_back(*o);
  }
  int tagged = 0;
  for (const auto& o : objects) tagged += o.tag.has_value();
  if (tagged == 0) {
    throw InputError("--objects-db: no object of the tabletop scene carries a tag in " +
                     store->path().string() +
                     " (a base made before tags existed: `tianmu objects import "
                     "assets/objects/starter.json --replace`)");
  }
  TempDir work;
  options.work_dir = work.path();
  std::fprintf(stderr,
               "perceive: %s, tabletop (%zu objects, %d tagged), %d trial(s) from seed %llu\n",
               robot.name.c_str(), objects.size(), tagged, options.trials,
               static_cast<unsigned long long>(options.seed));
  const nlohmann::json j = perception::RunObjectPoseTrials(robot, objects, options);
  if (flags.Has("json")) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    PrintText(j);
  }
  return 0;
}

}  // namespace

CommandSpec PerceiveCommand() {
  return {
      .name = "perceive",
      .purpose =
          "object-pose accuracy (AprilTags and marker-free primitives) against simulator "
          "ground truth",
      .flags = {Option("robot", "NAME|PATH",
                       "the robot: a name from `tianmu robots` or a robot.yaml path")
                    .Default("tm1")
                    .Kind(ValueKind::kRobot),
                Option("scene", "NAME", "the perception scene")
                    .Default("tabletop")
                    .Choices({"tabletop"}),
                Option("trials", "N", "how many random layouts (a whole number)")
                    .Default("20")
                    .Range(1, 10000),
                Option("seed", "N", "seed of the first trial; trial k uses seed + k").Default("1"),
                Switch("no-noise", "render without the camera's robot.yaml noise"),
                Option("save-frames", "DIR",
                       "write each trial's camera image to DIR/trial_NNN.png (DIR must exist)")
                    .Kind(ValueKind::kDirectory),
                Option("objects-db", "FILE",
                       "the object knowledge base to take the scene's objects from (default: the "
                       "bundled one)")
                    .Kind(ValueKind::kFile),
                Switch("json", "print the figures as JSON on stdout")},
      .examples = {"tianmu perceive --robot tm1 --trials 20 --json",
                   "tianmu perceive --trials 5 --seed 7"},
      .run = Perceive};
}

}  // namespace tianmu::cli
