// tianmu serve: the robot as a service. Runs the simulated robot in real time on its own thread
// and serves the REST API (/api/v1), Foxglove WebSocket telemetry and the web dashboard.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/data_dir.h"
#include "tianmu/core/error.h"
#include "tianmu/motion/library.h"
#include "tianmu/service/api.h"
#include "tianmu/service/auth.h"
#include "tianmu/service/daemon.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

int RunServe(const Args& args) {
  Flags flags(args, ServeCommand().flags);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  const std::filesystem::path data_dir =
      flags.Has("data-dir") ? std::filesystem::path(flags.String("data-dir")) : DataDir();
  if (flags.Has("rotate-tokens")) {
    // Both tokens are replaced; a running daemon reads the new file within a second.
    const service::Tokens tokens = service::RotateTokens(data_dir);
    std::printf("operator token: %s\nviewer token:   %s\n", tokens.operator_token.c_str(),
                tokens.viewer_token.c_str());
    return 0;
  }
  if (flags.Has("print-token")) {
    const service::Tokens tokens = service::LoadOrCreateTokens(data_dir);
    std::printf("%s\n", tokens.operator_token.c_str());
    return 0;
  }
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  service::RobotLoopOptions loop;
  loop.scene_name = flags.String("scene", "flat");
  loop.scene = sim::ResolveScene(loop.scene_name);
  loop.world.seed = flags.Unsigned("seed");
  loop.world.sensor_noise = !flags.Has("no-noise");
  service::ServiceOptions options;
  options.data_dir = data_dir;
  options.server.bind_address = flags.String("bind", "127.0.0.1");
  options.server.port = static_cast<int>(flags.Number("port"));
  options.deadman_timeout_s = flags.Number("deadman-timeout");
  options.rate_limit_per_s = flags.Number("rate-limit");
  options.rate_limit_burst = 2 * options.rate_limit_per_s;
  options.telemetry_rate_hz = flags.Number("telemetry-hz");
  for (const std::string& origin : flags.All("allow-origin")) {
    if (origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) {
      throw InputError("--allow-origin: expected an origin like http://robot.lan:8080, got '" +
                       origin + "'");
    }
    options.allowed_origins.push_back(origin);
  }
  options.static_dir = flags.Has("web") ? std::filesystem::path(flags.String("web"))
                                        : service::DefaultDashboardDir();
  if (flags.Has("web") && !std::filesystem::is_regular_file(options.static_dir / "index.html")) {
    throw InputError("--web " + options.static_dir.string() + ": no index.html there");
  }
  const double duration_s = flags.Number("duration");
  service::BlockShutdownSignals();
  service::RobotService daemon(spec, loop, options);
  daemon.Start();
  const std::string base =
      "http://" + options.server.bind_address + ":" + std::to_string(daemon.port());
  std::printf("tianmu serve: %s in scene %s, listening on %s:%d\n", spec.name.c_str(),
              loop.scene_name.c_str(), options.server.bind_address.c_str(), daemon.port());
  std::printf("  API        %s/api/v1 (docs/api.md)\n", base.c_str());
  std::printf("  telemetry  ws://%s:%d/ (Foxglove WebSocket, %s)\n",
              options.server.bind_address.c_str(), daemon.port(), service::kFoxgloveSubprotocol);
  if (!options.static_dir.empty()) {
    std::printf("  dashboard  %s/#token=%s\n", base.c_str(),
                daemon.tokens_created() ? daemon.tokens().operator_token.c_str() : "TOKEN");
  }
  if (daemon.tokens_created()) {
    std::printf("  new tokens (shown once; stored in %s):\n    operator %s\n    viewer   %s\n",
                service::TokenFilePath(data_dir).c_str(), daemon.tokens().operator_token.c_str(),
                daemon.tokens().viewer_token.c_str());
  } else {
    std::printf("  token: tianmu serve --print-token --data-dir %s\n", data_dir.c_str());
  }
  std::fflush(stdout);
  // The starter clips are retargeted once per data directory (seconds of work): here, on the
  // main thread while the robot already runs, so that POST /api/v1/motions/play has something to
  // play on a fresh daemon; GET /api/v1/motions lists them once they are in.
  const auto seeding_start = std::chrono::steady_clock::now();
  try {
    motion::MotionLibrary library(data_dir / "motions");
    const int added = library.EnsureStarterClips(spec);
    if (added > 0) {
      std::fprintf(stderr, "tianmu serve: added %d starter motion(s) to %s\n", added,
                   library.dir().c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tianmu serve: motion library: %s\n", e.what());
  }
  const double seeding_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - seeding_start).count();
  const int sig =
      service::WaitForShutdown(duration_s < 0 ? duration_s : std::max(0.0, duration_s - seeding_s));
  daemon.Stop();
  const service::LoopStats stats = daemon.loop().Stats();
  std::fprintf(stderr, "tianmu serve: stopped%s after %llu ticks, %llu deadline misses\n",
               sig != 0 ? " by signal" : "", static_cast<unsigned long long>(stats.ticks),
               static_cast<unsigned long long>(stats.deadline_misses));
  return 0;
}

}  // namespace

CommandSpec ServeCommand() {
  return {
      .name = "serve",
      .purpose = "the robot as a service: REST API, Foxglove telemetry and the web dashboard",
      .flags = {Option("robot", "NAME|PATH",
                       "the robot: a name from `tianmu robots` or a robot.yaml path")
                    .Default("tm1")
                    .Kind(ValueKind::kRobot),
                Option("scene", "NAME|PATH",
                       "the world: flat, rough, slope or steps, or a scene MJCF")
                    .Default("flat")
                    .Kind(ValueKind::kFile),
                Option("port", "P", "the HTTP and WebSocket port (0: any free port)")
                    .Default("8080")
                    .Range(0, 65535),
                Option("bind", "ADDRESS", "the address to listen on").Default("127.0.0.1"),
                Option("data-dir", "DIR", "where the tokens and service state live")
                    .Default("the user data directory")
                    .Kind(ValueKind::kDirectory),
                Option("web", "DIR", "serve the dashboard from this directory (with index.html)")
                    .Default("the bundled dashboard")
                    .Kind(ValueKind::kDirectory),
                Option("seed", "N", "seed of the sensor noise").Default("1"),
                Option("duration", "T", "stop after this wall time (-1: run until stopped)")
                    .Unit("s")
                    .Default("-1")
                    .Range(-1, 1e9),
                Option("deadman-timeout", "T",
                       "stop the robot when no velocity command arrives for this long")
                    .Unit("s")
                    .Default("1")
                    .Range(0.05, 60),
                Option("rate-limit", "N", "API requests per second per client")
                    .Unit("1/s")
                    .Default("20")
                    .Range(0.1, 1e5),
                Option("telemetry-hz", "HZ", "telemetry rate per channel")
                    .Unit("Hz")
                    .Default("50")
                    .Range(1, 500),
                Option("allow-origin", "ORIGIN",
                       "a browser origin allowed to call the API, e.g. http://robot.lan:8080")
                    .Repeatable(),
                Switch("print-token", "print the operator token and exit"),
                Switch("rotate-tokens", "replace both tokens, print them and exit"),
                Switch("no-noise", "simulate ideal sensors (no noise, no bias)")},
      .examples = {"tianmu serve --robot tm1 --port 8080", "tianmu serve --print-token"},
      .run = RunServe};
}

}  // namespace tianmu::cli
