// A headless simulation run: world + simulated port + controller ticking for a duration, with
// pushes, an optional MCAP log, and a summary measured from ground truth (what `tianmu sim`,
// the demo, benchmarks and tests all use).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/control/controller.h"
#include "tianmu/hal/sim_port.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/sim/perturbation.h"
#include "tianmu/sim/world.h"

namespace tianmu::runtime {

class RunLog;

/// What one control tick saw and did, handed to SimRunOptions::on_tick (recorders, metrics).
struct TickContext {
  double time_s = 0;                     ///< simulated time after the tick's physics
  const hal::LowState* state = nullptr;  ///< what the controller read this tick
  const hal::LowCmd* cmd = nullptr;      ///< what it commanded
  const control::Controller* controller = nullptr;
  sim::World* world = nullptr;  ///< ground truth, faults, perturbations
  hal::SimPort* port = nullptr;
};

/// What to run.
struct SimRunOptions {
  std::filesystem::path scene;  ///< scene MJCF (sim::ResolveScene)
  std::string scene_name;       ///< for the summary
  double duration_s = 10;
  std::vector<sim::Perturbation> pushes;
  std::filesystem::path log_path;  ///< empty: no log
  sim::WorldOptions world;
  hal::SimPortOptions port;
  double trace_period_s = 0.01;   ///< how often the summary's trace is sampled
  double stop_after_fall_s = -1;  ///< >= 0: end the run this long after a fall
  /// Called after every control tick; returning false ends the run early.
  std::function<bool(const TickContext&)> on_tick;
  /// Called once before the first tick (fault injection, extra set-up on world and port).
  std::function<void(sim::World*, hal::SimPort*)> on_start;
  /// With a log, called once after on_start with the open log (extra channels such as camera
  /// frames join it here).
  std::function<void(RunLog*)> on_log;
  /// Called once after the last tick, before the log is closed (stop threads writing to it).
  std::function<void()> on_finish;
};

/// One sample of the run's trace (ground truth), for plots.
struct TraceSample {
  double time_s = 0;
  double base_height_m = 0;
  double tilt_deg = 0;
  double base_x_m = 0;
  double base_y_m = 0;
  double energy_J = 0;
};

/// What happened, from ground truth.
struct SimRunSummary {
  std::string robot;
  std::string scene;
  std::uint64_t seed = 0;
  double duration_s = 0;  ///< simulated time actually run
  bool fell = false;
  std::optional<double> fall_time_s;
  double distance_m = 0;  ///< horizontal displacement of the base
  std::array<double, 3> final_base_pos{};
  double max_tilt_deg = 0;
  double max_com_drift_m = 0;               ///< largest horizontal CoM distance from its start
  double mean_speed_mps = 0;                ///< distance_m / duration_s
  double lateral_drift_m = 0;               ///< final displacement across the initial heading
  double heading_error_deg = 0;             ///< |heading change − ∫ commanded yaw rate|
  std::optional<double> est_vel_rmse_mps;   ///< estimator vs truth (controllers that estimate)
  std::optional<double> est_pos_drift_pct;  ///< final horizontal estimate error / distance
  /// Angle between estimated and true base orientation over the run, degrees (rms and max).
  std::optional<double> est_orientation_rms_deg;
  std::optional<double> est_orientation_max_deg;
  /// Estimated minus true base yaw at the end of the run, degrees (both start at the truth).
  std::optional<double> est_yaw_drift_deg;
  std::optional<double> estop_stop_time_s;  ///< e-stop to stable stand
  std::optional<double> estop_rest_time_s;  ///< e-stop to the rest posture (category 1)
  /// Largest head acceleration (10 ms mean, ground truth, in g) from the e-stop to the run's end.
  std::optional<double> estop_peak_head_accel_g;
  std::optional<double> fall_detect_latency_s;  ///< controller's detection − truth's fall time
  control::ControllerStatus controller_status;  ///< at the end of the run
  double energy_J = 0;
  std::uint64_t rejected_commands = 0;
  std::uint64_t watchdog_trips = 0;
  std::uint64_t ticks = 0;
  double controller_tick_p50_ms = 0;  ///< wall time of Controller::Compute, median
  double controller_tick_p99_ms = 0;
  double wall_time_s = 0;
  double realtime_factor = 0;  ///< simulated seconds per wall-clock second
  std::vector<sim::Perturbation> pushes;
  std::vector<TraceSample> trace;

  /// The `tianmu sim --json` object (trace left out).
  nlohmann::json ToJson() const;
};

/// The value below which `fraction` of `values` lie (reorders `values`); 0 when empty.
double Percentile(std::vector<double>* values, double fraction);

/// Called with 0 once the run is set up (all input validated), then now and then with the
/// fraction of the run done (progress display).
using ProgressFn = std::function<void(double fraction)>;

/// Runs `controller` on `spec` in the scene. Bad pushes or log paths raise InputError before
/// any simulation; the log is written atomically.
SimRunSummary RunSimulation(const model::RobotSpec& spec, const SimRunOptions& options,
                            control::Controller* controller, const ProgressFn& progress = {});

}  // namespace tianmu::runtime
