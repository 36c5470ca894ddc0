// Measurements shared by the certification battery and `tianmu bench cerebellum`: scripted
// whole-body-controller runs, bisection of the largest survivable push, the walking-speed sweep
// and generated blind-terrain scenes (ramps and steps of a given size).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/runtime/sim_run.h"

namespace tianmu::certify {

/// One scripted run of the whole-body controller.
struct Scenario {
  std::string scene = "flat";  ///< scene name or path (sim::ResolveScene)
  double duration_s = 10;
  std::vector<control::TimedCommand> commands;
  std::vector<std::string> pushes;  ///< sim::ParsePerturbation text
  double estop_at_s = -1;           ///< < 0: no e-stop
  std::uint64_t seed = 1;
  double stop_after_fall_s = 0.5;
  std::filesystem::path log_path;  ///< empty: no log
  hal::SimPortOptions port;
  /// Scene-format MJCF documents merged after the scene (objects, welds).
  std::vector<std::string> extra_scene_xml;
  /// sim::WorldOptions::friction_impedance_ratio (0: the model's own).
  double friction_impedance_ratio = 0;
  /// Extra set-up on the world and port before the first tick (fault injection).
  std::function<void(sim::World*, hal::SimPort*)> on_start;
  /// Called after every tick with the controller (live commands, measurements); false ends.
  std::function<bool(const runtime::TickContext&, control::HumanoidController*)> on_tick;
  /// Wraps the controller before the run (fault-injecting decorators); null: run it directly.
  std::function<std::unique_ptr<control::Controller>(control::HumanoidController*)> wrap;
};

/// Runs the whole-body controller through `scenario` on `spec`.
runtime::SimRunSummary RunScenario(const model::RobotSpec& spec, const Scenario& scenario);

/// A bisection result: the largest value that passed and the smallest that failed.
struct Bracket {
  double passed = 0;
  double failed = 0;
};

/// Bisects [0, upper] for the largest value at which `survives` holds, `iterations` times.
Bracket BisectLargest(const std::function<bool(double)>& survives, double upper, int iterations);

/// Largest impulse (N·s) in the horizontal direction (dx, dy) the standing robot survives,
/// applied to the base at t = 1 s for 0.1 s, watched for `settle_s` afterwards.
Bracket LargestStandingPush(const model::RobotSpec& spec, double dx, double dy, double upper_Ns,
                            int iterations, double settle_s, std::uint64_t seed = 1);

/// Time a speed-sweep run gets to reach its speed before the measured window starts (s).
constexpr double kSweepStartS = 2.0;

/// One point of a walking-speed sweep.
struct SweepPoint {
  double commanded_mps = 0;
  double achieved_mps = 0;  ///< mean speed over the measured window (ground truth)
  bool fell = false;
  bool sustained = false;  ///< no fall and achieved ≥ `min_ratio` × commanded
};

/// Walks forward at each speed in turn (ascending): kSweepStartS to get going from a stand,
/// then `duration_s` measured (base displacement over that window, ground truth); stops at the
/// first speed not sustained. The fastest sustained figure is the last sustained point's speed.
std::vector<SweepPoint> SpeedSweep(const model::RobotSpec& spec, const std::vector<double>& speeds,
                                   double duration_s, double min_ratio, std::uint64_t seed = 1);

/// Achieved speed of the last sustained point of a sweep (0 when none).
double FastestSustained(const std::vector<SweepPoint>& sweep);

/// Writes a scene with flat ground and a ramp rising at `angle_deg` from x = `start_x_m` for
/// `length_m` along x (then a plateau), 3 m wide.
void WriteRampScene(const std::filesystem::path& path, double angle_deg, double start_x_m,
                    double length_m);

/// Writes a scene with flat ground and one step of `height_m` from x = `start_x_m` on (a
/// 4 m long platform), 3 m wide.
void WriteStepScene(const std::filesystem::path& path, double height_m, double start_x_m);

/// Heading (yaw, rad) of a world <- base quaternion (w, x, y, z).
double YawOf(const std::array<double, 4>& q_wxyz);

}  // namespace tianmu::certify
