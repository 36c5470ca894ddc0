// tianmu bench perception: offscreen camera rendering speed (fast mode, the robot's head camera,
// standing in the flat scene) at 320x240 and 640x480, RGB alone and RGB + depth; and the camera
// thread's effect on the 1 kHz control loop paced to real time (tick time and late ticks with
// and without it).
#include <pthread.h>
#include <sched.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/core/error.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/camera_runner.h"
#include "tianmu/perception/egl_context.h"
#include "tianmu/perception/offscreen_renderer.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"
#include "tianmu/sim/world.h"

namespace tianmu::cli {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Frames per second rendering `frames` frames of camera `camera_id` at `width` x `height`.
double RenderFps(perception::OffscreenRenderer* renderer, mjData* data, int camera_id,
                 double fovy_deg, int width, int height, bool depth, int frames) {
  const perception::CameraIntrinsics k = perception::IntrinsicsFromFovy(fovy_deg, width, height);
  perception::RgbImage rgb;
  perception::DepthImage depth_image;
  for (int i = 0; i < 3; ++i) {  // warm-up: first frames upload textures and compile shaders
    renderer->RenderCamera(data, camera_id, k, &rgb, depth ? &depth_image : nullptr);
  }
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < frames; ++i) {
    renderer->RenderCamera(data, camera_id, k, &rgb, depth ? &depth_image : nullptr);
  }
  return frames / SecondsSince(start);
}

// One standing run of the whole-body controller paced to real time the way `tianmu serve` runs
// it (each 1 ms tick computed, then a sleep until the next tick's start; a tick ending after its
// deadline is a miss), optionally under SCHED_FIFO as the service asks for. With `cameras`, the
// camera thread renders the robot's cameras from the run's states.
nlohmann::json LoopRun(const model::RobotSpec& spec, double duration_s, bool cameras, bool fifo) {
  runtime::SimRunOptions options;
  options.scene_name = "flat";
  options.scene = sim::ResolveScene("flat");
  options.duration_s = duration_s;
  control::HumanoidController controller(spec);
  std::unique_ptr<perception::CameraRunner> runner;
  std::vector<double> tick_s;
  std::vector<double> publish_s;
  tick_s.reserve(static_cast<std::size_t>(duration_s * 1000) + 1);
  publish_s.reserve(tick_s.capacity());
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(1));
  Clock::time_point deadline;
  Clock::time_point tick_start;
  int misses = 0;
  std::string scheduling = "normal";
  options.on_start = [&](sim::World* world, hal::SimPort*) {
    if (cameras) {
      // Started before the loop's priority rises: the camera thread keeps normal scheduling.
      runner = std::make_unique<perception::CameraRunner>(spec, world->model(), 0);
      runner->Start();
    }
    if (fifo) {
      sched_param param{};
      param.sched_priority = 20;
      scheduling = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0
                       ? "fifo"
                       : "normal (SCHED_FIFO not permitted)";
    }
    tick_start = Clock::now();
    deadline = tick_start + period;
  };
  options.on_tick = [&](const runtime::TickContext& tick) {
    if (runner) {
      const Clock::time_point start = Clock::now();
      runner->Publish(tick.world->data());
      publish_s.push_back(SecondsSince(start));
    }
    const Clock::time_point end = Clock::now();
    tick_s.push_back(std::chrono::duration<double>(end - tick_start).count());
    if (end > deadline) {
      ++misses;
      if (end - deadline > 50 * period) deadline = end;  // stalled: restart the schedule
    }
    deadline += period;
    std::this_thread::sleep_until(deadline - period);
    tick_start = Clock::now();
    return true;
  };
  const runtime::SimRunSummary s = runtime::RunSimulation(spec, options, &controller);
  if (fifo) {
    sched_param param{};
    pthread_setschedparam(pthread_self(), SCHED_OTHER, &param);
  }
  nlohmann::json j = {{"scheduling", scheduling},
                      {"controller_tick_p50_ms", s.controller_tick_p50_ms},
                      {"controller_tick_p99_ms", s.controller_tick_p99_ms},
                      {"loop_tick_p50_ms", 1e3 * runtime::Percentile(&tick_s, 0.5)},
                      {"loop_tick_p99_ms", 1e3 * runtime::Percentile(&tick_s, 0.99)},
                      {"loop_tick_max_ms", 1e3 * runtime::Percentile(&tick_s, 1.0)},
                      {"deadline_misses", misses},
                      {"ticks", s.ticks},
                      {"fell", s.fell}};
  if (runner) {
    runner->Stop();
    const perception::CameraRunnerStats stats = runner->stats();
    j["publish_p50_us"] = 1e6 * runtime::Percentile(&publish_s, 0.5);
    j["publish_p99_us"] = 1e6 * runtime::Percentile(&publish_s, 0.99);
    j["publish_max_us"] = 1e6 * runtime::Percentile(&publish_s, 1.0);
    j["frames_rendered"] = stats.frames_rendered;
    j["frames_dropped"] = stats.frames_dropped;
    j["snapshots_skipped"] = stats.snapshots_skipped;
    j["camera_render_ms_mean"] =
        stats.frames_rendered ? 1e3 * stats.render_s_total / stats.frames_rendered : 0.0;
  }
  return j;
}

int BenchPerception(const Args& args) {
  Flags flags(args, BenchPerceptionCommand().flags);
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  const std::string camera = flags.String("camera", spec.head_camera);
  if (camera.empty()) {
    throw InputError("--camera: " + spec.name + " has no head_camera; name an MJCF camera");
  }
  const int frames = static_cast<int>(flags.Number("frames"));
  const double duration_s = flags.Number("duration");

  sim::World world(spec, sim::ResolveScene("flat"), sim::WorldOptions{});
  const mjModel* m = world.model();
  const int camera_id = mj_name2id(m, mjOBJ_CAMERA, camera.c_str());
  if (camera_id < 0) throw InputError("--camera: no camera '" + camera + "' in " + spec.name);
  const double fovy_deg = m->cam_fovy[camera_id];

  nlohmann::json j = {{"bench", "perception"}, {"robot", spec.name}, {"camera", camera},
                      {"scene", "flat"},       {"mode", "fast"},     {"frames", frames}};
  {
    perception::EglContext egl;
    perception::OffscreenRenderer renderer(m, 640, 480, perception::RenderQuality::kFast);
    model::MjDataPtr data = model::MakeData(m);
    mju_copy(data->qpos, world.data()->qpos, m->nq);
    mj_kinematics(m, data.get());
    mj_camlight(m, data.get());
    j["renderer"] = egl.description();
    std::fprintf(stderr, "bench perception: %s camera %s, %s\n", spec.name.c_str(), camera.c_str(),
                 egl.description().c_str());
    for (const auto& [width, height] : {std::pair{320, 240}, std::pair{640, 480}}) {
      const std::string size = std::to_string(width) + "x" + std::to_string(height);
      j["render_fps_" + size] =
          RenderFps(&renderer, data.get(), camera_id, fovy_deg, width, height, false, frames);
      j["render_rgbd_fps_" + size] =
          RenderFps(&renderer, data.get(), camera_id, fovy_deg, width, height, true, frames);
    }
  }
  // The loop runs: normal scheduling (as `tianmu sim` runs) and SCHED_FIFO (as `tianmu serve`),
  // each without and with the camera thread.
  const std::pair<const char*, bool> schedulings[2] = {{"normal", false}, {"fifo", true}};
  if (duration_s > 0) {
    for (const auto& [name, fifo] : schedulings) {
      for (const bool cameras : {false, true}) {
        std::fprintf(stderr, "bench perception: 1 kHz loop, %s scheduling, %.1f s %s cameras\n",
                     name, duration_s, cameras ? "with" : "without");
        j[std::string("loop_") + name + (cameras ? "_with_cameras" : "_without_cameras")] =
            LoopRun(spec, duration_s, cameras, fifo);
      }
    }
  }
  if (flags.Has("json")) {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf(
      "%s %s fast mode: %.1f fps at 320x240 (%.1f with depth), %.1f fps at 640x480 "
      "(%.1f with depth)\n",
      spec.name.c_str(), camera.c_str(), j["render_fps_320x240"].get<double>(),
      j["render_rgbd_fps_320x240"].get<double>(), j["render_fps_640x480"].get<double>(),
      j["render_rgbd_fps_640x480"].get<double>());
  if (duration_s <= 0) return 0;
  for (const auto& [name, fifo] : schedulings) {
    const nlohmann::json& a = j[std::string("loop_") + name + "_without_cameras"];
    const nlohmann::json& b = j[std::string("loop_") + name + "_with_cameras"];
    std::printf(
        "1 kHz loop (%s), tick p50/p99 %.3f/%.3f ms, %d deadline misses without cameras; "
        "%.3f/%.3f ms, %d misses with the camera thread (%d frames rendered, %d dropped)\n",
        b["scheduling"].get<std::string>().c_str(), a["loop_tick_p50_ms"].get<double>(),
        a["loop_tick_p99_ms"].get<double>(), a["deadline_misses"].get<int>(),
        b["loop_tick_p50_ms"].get<double>(), b["loop_tick_p99_ms"].get<double>(),
        b["deadline_misses"].get<int>(), b["frames_rendered"].get<int>(),
        b["frames_dropped"].get<int>());
  }
  return 0;
}

}  // namespace

CommandSpec BenchPerceptionCommand() {
  return {
      .name = "perception",
      .purpose =
          "camera rendering speed (fast mode, head camera, standing) and the camera "
          "thread's effect on the 1 kHz loop",
      .flags =
          {Option("robot", "NAME|PATH",
                  "the robot: a name from `tianmu robots` or a robot.yaml path")
               .Default("tm1")
               .Kind(ValueKind::kRobot),
           Option("camera", "NAME", "the MJCF camera to render (default: head_camera)"),
           Option("frames", "N", "frames timed per size and mode").Default("60").Range(1, 100000),
           Option("duration", "T",
                  "simulated time of each of the four control-loop runs, paced to real time "
                  "(0: skip them)")
               .Unit("s")
               .Default("5")
               .Range(0, 3600),
           Switch("json", "print the figures as JSON on stdout")},
      .examples = {"tianmu bench perception --json",
                   "tianmu bench perception --frames 200 --duration 0"},
      .run = BenchPerception};
}

}  // namespace tianmu::cli
