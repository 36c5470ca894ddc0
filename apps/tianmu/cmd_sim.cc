// tianmu sim: a headless run of one robot in one scene under a controller (the whole-body
// controller by default), with velocity commands, pushes, an e-stop, an optional MCAP log and
// an optional MP4 video; prints a summary measured from ground truth (JSON with --json).
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "commands.h"
#include "sim_cameras.h"
#include "sim_setup.h"
#include "sim_video.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"
#include "tianmu/runtime/controller_factory.h"

namespace tianmu::cli {
namespace {

// The simulation flags plus the video's.
std::vector<FlagSpec> SimFlagSpecs() {
  std::vector<FlagSpec> flags = SimulationFlagSpecs();
  flags.push_back(Option("video", "FILE.mp4",
                         "render a 640x480, 30 frames/s video of the run after it (H.264, else "
                         "MPEG-4)")
                      .Kind(ValueKind::kFile));
  flags.push_back(
      Option("camera", "NAME", "with --video: film through this MJCF camera (e.g. head_rgbd)"));
  flags.push_back(
      Switch("follow", "with --video: a third-person view following the robot (the default)"));
  flags.push_back(Switch("log-cameras",
                         "with --log: render the robot.yaml cameras at their rates and log every "
                         "frame (PNG image, depth, calibration; the run waits for each frame)"));
  return flags;
}

// --video, --camera and --follow, checked before the run; nullopt without --video.
std::optional<perception::RunVideoOptions> VideoOptionsFromFlags(const Flags& flags) {
  if (!flags.Has("video")) {
    if (flags.Has("camera") || flags.Has("follow")) {
      throw InputError("--camera and --follow go with --video");
    }
    return std::nullopt;
  }
  if (flags.Has("camera") && flags.Has("follow")) {
    throw InputError("--camera and --follow: choose one view");
  }
  perception::RunVideoOptions video;
  video.path = flags.Required("video", "a path for the MP4 video");
  video.camera = flags.Has("camera") ? flags.String("camera") : "";
  CheckWritable(video.path);
  return video;
}

int RunSim(const Args& args) {
  Flags flags(args, SimFlagSpecs());
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  runtime::SimRunOptions options = SimulationOptionsFromFlags(flags, 10.0);
  const std::unique_ptr<control::Controller> controller = ControllerFromFlags(flags, spec);
  const std::optional<perception::RunVideoOptions> video_options = VideoOptionsFromFlags(flags);
  std::unique_ptr<perception::RunVideo> video;
  if (video_options) {
    video = std::make_unique<perception::RunVideo>(spec, *video_options);
    AttachVideo(video.get(), &options);
  }
  CameraLogging camera_logging;
  if (flags.Has("log-cameras")) {
    if (options.log_path.empty()) throw InputError("--log-cameras goes with --log");
    AttachCameraLog(spec, options.world.seed, &camera_logging, &options);
  }
  char header[256];
  std::snprintf(header, sizeof(header), "sim: %s in %s for %.3g s (seed %llu, controller %s)",
                spec.name.c_str(), options.scene_name.c_str(), options.duration_s,
                static_cast<unsigned long long>(options.world.seed), controller->name());
  const runtime::SimRunSummary summary =
      runtime::RunSimulation(spec, options, controller.get(), StderrProgress("sim", header));
  nlohmann::json j = summary.ToJson();
  if (video) {
    std::fprintf(stderr, "sim: rendering %d video frames\n", video->frames());
    j["video"] = VideoJson(*video_options, video->Write());
  }
  if (flags.Has("json")) {
    std::printf("%s\n", j.dump(2).c_str());
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
    if (video) {
      std::printf("video: %s (%d frames, %s)\n", video_options->path.c_str(),
                  j["video"]["frames"].get<int>(), j["video"]["codec"].get<std::string>().c_str());
    }
  }
  return 0;
}

}  // namespace

CommandSpec SimCommand() {
  return {.name = "sim",
          .purpose = "run a headless simulation of one robot and summarise it from ground truth",
          .flags = SimFlagSpecs(),
          .examples = {"tianmu sim --robot tm1 --duration 10 --cmd 0.4,0,0 --log walk.mcap",
                       "tianmu sim --robot tm1 --duration 6 --push t=2,body=base,impulse=35,0,0",
                       "tianmu sim --duration 5 --cmd 0.4,0,0 --video walk.mp4 --follow"},
          .run = RunSim};
}

}  // namespace tianmu::cli
