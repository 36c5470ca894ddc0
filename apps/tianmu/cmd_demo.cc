// tianmu demo: the main job. TM-1, under the whole-body controller, walks forward, stops, takes
// a push at the pelvis and recovers; writes an MCAP log, a summary JSON, an SVG plot of the
// base's progress, height and tilt, and an MP4 video following the robot. With --serve, the
// same robot runs under `tianmu serve` (the dashboard, the REST API and telemetry); --headless
// runs that course unattended (CI).
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>

#include "commands.h"
#include "flags.h"
#include "sim_setup.h"
#include "sim_video.h"
#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/data_dir.h"
#include "tianmu/core/error.h"
#include "tianmu/report/svg_plot.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/service/api.h"
#include "tianmu/service/daemon.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

report::LinePlot TracePlot(const runtime::SimRunSummary& s, const std::string& title,
                           const std::string& y_label, double runtime::TraceSample::*field,
                           const std::string& colour) {
  report::LinePlot plot;
  plot.title = title;
  plot.x_label = "time (s)";
  plot.y_label = y_label;
  report::Series series;
  series.label = y_label;
  series.colour = colour;
  for (const runtime::TraceSample& sample : s.trace) {
    series.x.push_back(sample.time_s);
    series.y.push_back(sample.*field);
  }
  plot.series.push_back(series);
  for (const sim::Perturbation& p : s.pushes) {
    char label[64];
    std::snprintf(label, sizeof(label), "push %.1f N·s", p.ImpulseNs());
    plot.markers.push_back({p.start_s, label});
  }
  return plot;
}

// The daemon demo: `tianmu serve` on TM-1 walking a short course (0.4 m/s for 5 s, stop) that
// starts when the first telemetry client (the dashboard) connects. Interactive: prints the
// dashboard URL with the token and serves until Ctrl-C. Headless (CI, no display): opens the
// dashboard in headless Chromium, logs the course to OUT/service.mcap (100 Hz), saves a
// screenshot taken while walking (OUT/dashboard.png) and OUT/service_summary.json, then exits.
int ServeDemo(const Flags& flags, const model::RobotSpec& spec, const std::filesystem::path& out) {
  const bool headless = flags.Has("headless");
  service::RobotLoopOptions loop;
  loop.scene_name = "flat";
  loop.scene = sim::ResolveScene(loop.scene_name);
  loop.world.seed = flags.Unsigned("seed");
  service::ServiceOptions options;
  options.data_dir =
      flags.Has("data-dir") ? std::filesystem::path(flags.String("data-dir")) : DataDir();
  options.server.port = static_cast<int>(flags.Number("port", headless ? 0 : 8080));
  options.static_dir = service::DefaultDashboardDir();
  if (headless) {
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    loop.log_path = out / "service.mcap";
    loop.log_every_ticks = 10;
    loop.log_from_start = false;
    CheckWritable(loop.log_path);
  }
  service::BlockShutdownSignals();
  service::RobotService daemon(spec, loop, options);
  daemon.Start();
  const std::string url = "http://127.0.0.1:" + std::to_string(daemon.port()) + "/";
  std::printf(
      "demo: %s walks a short course under `tianmu serve` once the dashboard connects\n"
      "  dashboard  %s#token=%s\n  API        %sapi/v1 (Authorization: Bearer %s)\n",
      spec.name.c_str(), url.c_str(), daemon.tokens().operator_token.c_str(), url.c_str(),
      daemon.tokens().operator_token.c_str());
  std::fflush(stdout);
  // The screenshot runs beside the course (Chromium takes seconds to start on a busy machine).
  const std::filesystem::path screenshot = out / "dashboard.png";
  std::atomic<int> screenshot_status{-1};
  std::thread shooter;
  if (headless && options.static_dir.empty()) {
    std::fprintf(stderr,
                 "demo: no built dashboard (web/dist; run scripts/setup.sh): no "
                 "screenshot\n");
  } else if (headless) {
    const std::filesystem::path script =
        options.static_dir.parent_path() / "e2e" / "screenshot.mjs";
    const std::string command = "node '" + script.string() + "' '" + url + "' '" +
                                daemon.tokens().operator_token + "' '" + screenshot.string() +
                                "' \"$(command -v chromium || echo /usr/bin/chromium)\" 3000";
    shooter = std::thread(
        [command, &screenshot_status] { screenshot_status = std::system(command.c_str()); });
  }
  const auto interrupted = [](int sig) { return sig != 0; };
  // The course: wait for a viewer (headless: at most 60 s), walk 5 s, stop, stand 2.5 s.
  bool stopped = interrupted(service::WaitForShutdown(
      headless ? 60 : -1, [&] { return daemon.stats().websocket_clients > 0; }));
  service::RobotSnapshot start = daemon.loop().Snapshot();
  if (!stopped) {
    daemon.loop().SetLogging(true);
    daemon.loop().Post({service::RobotRequest::Kind::kWalk, {0.4, 0, 0}});
    stopped = interrupted(service::WaitForShutdown(5.0));
  }
  if (!stopped) {
    daemon.loop().Post({service::RobotRequest::Kind::kWalk, {0, 0, 0}});
    stopped = interrupted(service::WaitForShutdown(2.5));
  }
  daemon.loop().SetLogging(false);
  const service::RobotSnapshot last = daemon.loop().Snapshot();
  if (!headless) {
    if (!stopped) {
      std::printf("  course done; serving until Ctrl-C\n");
      std::fflush(stdout);
      service::WaitForShutdown(-1);
    }
    daemon.Stop();
    return 0;
  }
  service::WaitForShutdown(60, [&] { return screenshot_status.load() != -1; });
  if (shooter.joinable()) shooter.join();
  daemon.Stop();
  const service::LoopStats stats = daemon.loop().Stats();
  const bool shot = screenshot_status.load() == 0 && std::filesystem::exists(screenshot);
  const double walked_m = std::hypot(last.base_position_m[0] - start.base_position_m[0],
                                     last.base_position_m[1] - start.base_position_m[1]);
  nlohmann::json j = {{"robot", spec.name},
                      {"scene", loop.scene_name},
                      {"course", "walk 0.4 m/s for 5 s, stop, stand 2.5 s"},
                      {"course_start_s", start.time_s},
                      {"course_end_s", last.time_s},
                      {"walked_m", walked_m},
                      {"final_base_pos", last.base_position_m},
                      {"fell", last.fallen},
                      {"mode", last.mode},
                      {"ticks", stats.ticks},
                      {"deadline_misses", stats.deadline_misses},
                      {"max_tick_ms", stats.max_tick_ms},
                      {"scheduling", stats.scheduling},
                      {"log", loop.log_path.string()},
                      {"screenshot", shot ? nlohmann::json(screenshot.string()) : nullptr}};
  WriteFileAtomically(out / "service_summary.json", j.dump(2) + "\n");
  std::printf(
      "%s walked %.2f m under the service (%llu ticks, %llu deadline misses)\nwrote %s, "
      "%s%s\n",
      spec.name.c_str(), walked_m, static_cast<unsigned long long>(stats.ticks),
      static_cast<unsigned long long>(stats.deadline_misses), loop.log_path.c_str(),
      (out / "service_summary.json").c_str(), shot ? (", " + screenshot.string()).c_str() : "");
  if (!options.static_dir.empty() && !shot) {
    std::fprintf(stderr, "demo: the dashboard screenshot failed\n");
    return 1;
  }
  return last.fallen || stopped ? 1 : 0;
}

int RunDemo(const Args& args) {
  Flags flags(args, DemoCommand().flags);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  const std::filesystem::path out = flags.String("out", "out/demo");
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  if (flags.Has("serve")) return ServeDemo(flags, spec, out);
  if (flags.Has("headless") || flags.Has("port") || flags.Has("data-dir")) {
    throw InputError("--headless, --port and --data-dir go with --serve");
  }
  // A push at the base, forward, scaled with the robot's mass so that any robot gets the same
  // change of base velocity (0.35 m/s: 19 N·s on a 55 kg TM-1).
  const double impulse_Ns = flags.Number("impulse", 0.35 * spec.total_mass_kg);

  runtime::SimRunOptions options;
  options.scene_name = "flat";
  options.scene = sim::ResolveScene(options.scene_name);
  options.duration_s = 11;
  options.world.seed = flags.Unsigned("seed");
  // The course: stand, walk 0.4 m/s for 5 s, stop, stand; the push comes while standing.
  control::HumanoidController controller(spec);
  controller.SetCommandSchedule({{0.5, {0.4, 0, 0}}, {5.5, {0, 0, 0}}});
  sim::Perturbation push;
  push.start_s = 8.5;
  push.duration_s = 0.1;
  push.body = "base";
  push.force_N = {impulse_Ns / push.duration_s, 0, 0};
  options.pushes.push_back(push);

  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec || !std::filesystem::is_directory(out)) {
    throw InputError("--out " + out.string() + ": cannot create this directory");
  }
  options.log_path = out / "demo.mcap";
  CheckWritable(options.log_path);
  // The video: a third-person view following the robot, rendered after the run.
  perception::RunVideoOptions video_options;
  video_options.path = out / "demo.mp4";
  std::unique_ptr<perception::RunVideo> video;
  if (!flags.Has("no-video")) {
    CheckWritable(video_options.path);
    video = std::make_unique<perception::RunVideo>(spec, video_options);
    AttachVideo(video.get(), &options);
  }

  char header[256];
  std::snprintf(header, sizeof(header),
                "demo: %s walks 0.4 m/s for 5 s, stops, takes a %.1f N·s push at %.1f s",
                spec.name.c_str(), impulse_Ns, push.start_s);
  const runtime::SimRunSummary summary =
      runtime::RunSimulation(spec, options, &controller, StderrProgress("demo", header));

  nlohmann::json j = summary.ToJson();
  j["log"] = options.log_path.string();
  j["plot"] = (out / "demo.svg").string();
  if (video) {
    std::fprintf(stderr, "demo: rendering %d video frames\n", video->frames());
    j["video"] = VideoJson(video_options, video->Write());
  }
  j["controller"] = controller.name();
  WriteFileAtomically(out / "summary.json", j.dump(2) + "\n");
  WriteFileAtomically(
      out / "demo.svg",
      report::RenderSvg({TracePlot(summary, spec.name + ": walking progress", "base x (m)",
                                   &runtime::TraceSample::base_x_m, "#2ca02c"),
                         TracePlot(summary, spec.name + ": base height", "base height (m)",
                                   &runtime::TraceSample::base_height_m, "#1f77b4"),
                         TracePlot(summary, spec.name + ": base tilt", "tilt (deg)",
                                   &runtime::TraceSample::tilt_deg, "#ff7f0e")}));
  if (flags.Has("json")) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf(
        "%s walked %.2f m and %s the %.1f N·s push (max tilt %.2f deg); %.1f s simulated at "
        "%.1fx real time\nwrote %s, %s, %s%s\n",
        spec.name.c_str(), summary.final_base_pos[0], summary.fell ? "FELL after" : "survived",
        impulse_Ns, summary.max_tilt_deg, summary.duration_s, summary.realtime_factor,
        options.log_path.c_str(), (out / "summary.json").c_str(), (out / "demo.svg").c_str(),
        video ? (", " + video_options.path.string()).c_str() : "");
  }
  return summary.fell ? 1 : 0;
}

}  // namespace

CommandSpec DemoCommand() {
  return {
      .name = "demo",
      .purpose = "the main job: walk, stop, survive a push, write a log, summary, plot and video",
      .flags = {Option("out", "DIR", "where demo.mcap, summary.json, demo.svg and demo.mp4 go")
                    .Default("out/demo")
                    .Kind(ValueKind::kDirectory),
                Option("robot", "NAME|PATH",
                       "the robot: a name from `tianmu robots` or a robot.yaml path")
                    .Default("tm1")
                    .Kind(ValueKind::kRobot),
                Option("seed", "N", "seed of the sensor noise").Default("1"),
                Option("impulse", "I", "the forward push at the pelvis at t = 8.5 s")
                    .Unit("N·s")
                    .Default("0.35 m/s × the robot's mass")
                    .Range(0, 1e4),
                Switch("json", "print the summary as JSON on stdout"),
                Switch("no-video", "skip demo.mp4 (a 640x480 video following the robot)"),
                Switch("serve", "run the robot under tianmu serve and print the dashboard URL"),
                Switch("headless",
                       "with --serve: drive the course through the API unattended "
                       "and screenshot the dashboard"),
                Option("port", "P", "with --serve: the HTTP port (0: any free port)")
                    .Default("8080, 0 with --headless")
                    .Range(0, 65535),
                Option("data-dir", "DIR", "with --serve: where the tokens and service state live")
                    .Default("the user data directory")
                    .Kind(ValueKind::kDirectory)},
      .examples = {"tianmu demo", "tianmu demo --robot tm1s --out out/demo-tm1s",
                   "tianmu demo --serve --headless"},
      .run = RunDemo};
}

}  // namespace tianmu::cli
