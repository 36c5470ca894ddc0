#include "tianmu/runtime/sim_run.h"

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "tianmu/runtime/run_log.h"

namespace tianmu::runtime {
namespace {

constexpr double kRadToDeg = 180.0 / M_PI;

double Horizontal(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  return std::hypot(a[0] - b[0], a[1] - b[1]);
}

double YawOf(const std::array<double, 4>& q) {
  return std::atan2(2 * (q[0] * q[3] + q[1] * q[2]), 1 - 2 * (q[2] * q[2] + q[3] * q[3]));
}

// Angle of the rotation between two orientations (world <- base), rad.
double AngleBetween(const Eigen::Quaterniond& a, const Eigen::Quaterniond& b) {
  const Eigen::Quaterniond d = a.conjugate() * b;
  return 2 * std::atan2(d.vec().norm(), std::abs(d.w()));
}

nlohmann::json Optional(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// Peak of the head's linear acceleration (ground truth) averaged over 10 ms windows, the way
// head-injury figures filter an accelerometer; sampled once per control tick.
class HeadAccelerationPeak {
 public:
  void Sample(const sim::World& world) {
    mjtNum v[6];
    mj_objectVelocity(world.model(), world.data(), mjOBJ_BODY, world.head_body(), v, 0);
    const Eigen::Vector3d velocity(v[3], v[4], v[5]);
    const double t = world.time_s();
    if (window_start_s_ < 0) {
      window_start_s_ = t;
      window_velocity_ = velocity;
      return;
    }
    if (t - window_start_s_ >= kWindowS - 1e-9) {
      const double a = (velocity - window_velocity_).norm() / (t - window_start_s_);
      peak_g_ = std::max(peak_g_, a / 9.80665);
      window_start_s_ = t;
      window_velocity_ = velocity;
    }
  }
  double peak_g() const { return peak_g_; }

 private:
  static constexpr double kWindowS = 0.01;
  double window_start_s_ = -1;
  Eigen::Vector3d window_velocity_ = Eigen::Vector3d::Zero();
  double peak_g_ = 0;
};

}  // namespace

double Percentile(std::vector<double>* values, double fraction) {
  if (values->empty()) return 0;
  const auto k = static_cast<std::size_t>(fraction * static_cast<double>(values->size() - 1) + 0.5);
  std::nth_element(values->begin(), values->begin() + k, values->end());
  return (*values)[k];
}

nlohmann::json SimRunSummary::ToJson() const {
  nlohmann::json j;
  j["robot"] = robot;
  j["scene"] = scene;
  j["seed"] = seed;
  j["duration_s"] = duration_s;
  j["fell"] = fell;
  j["fall_time_s"] = fall_time_s ? nlohmann::json(*fall_time_s) : nlohmann::json(nullptr);
  j["distance_m"] = distance_m;
  j["final_base_pos"] = final_base_pos;
  j["max_tilt_deg"] = max_tilt_deg;
  j["max_com_drift_m"] = max_com_drift_m;
  j["mean_speed_mps"] = mean_speed_mps;
  j["lateral_drift_m"] = lateral_drift_m;
  j["heading_error_deg"] = heading_error_deg;
  j["falls"] = fell ? 1 : 0;
  j["est_vel_rmse_mps"] = Optional(est_vel_rmse_mps);
  j["est_pos_drift_pct"] = Optional(est_pos_drift_pct);
  j["est_orientation_rms_deg"] = Optional(est_orientation_rms_deg);
  j["est_orientation_max_deg"] = Optional(est_orientation_max_deg);
  j["est_yaw_drift_deg"] = Optional(est_yaw_drift_deg);
  j["estop_stop_time_s"] = Optional(estop_stop_time_s);
  j["estop_rest_time_s"] = Optional(estop_rest_time_s);
  j["estop_peak_head_accel_g"] = Optional(estop_peak_head_accel_g);
  j["fall_detect_latency_s"] = Optional(fall_detect_latency_s);
  j["controller_mode"] = controller_status.mode;
  j["qp_failures"] = controller_status.qp_failures;
  j["qp_joint_limits_relaxed"] = controller_status.qp_joint_limits_relaxed;
  j["commands_clamped"] = controller_status.commands_clamped;
  j["energy_J"] = energy_J;
  j["rejected_commands"] = rejected_commands;
  j["watchdog_trips"] = watchdog_trips;
  j["ticks"] = ticks;
  j["controller_tick_p50_ms"] = controller_tick_p50_ms;
  j["controller_tick_p99_ms"] = controller_tick_p99_ms;
  j["wall_time_s"] = wall_time_s;
  j["realtime_factor"] = realtime_factor;
  nlohmann::json pushes_json = nlohmann::json::array();
  for (const sim::Perturbation& p : pushes) {
    pushes_json.push_back({{"t", p.start_s},
                           {"body", p.body},
                           {"force_N", p.force_N},
                           {"torque_Nm", p.torque_Nm},
                           {"duration_s", p.duration_s},
                           {"impulse_Ns", p.ImpulseNs()}});
  }
  j["pushes"] = pushes_json;
  return j;
}

SimRunSummary RunSimulation(const model::RobotSpec& spec, const SimRunOptions& options,
                            control::Controller* controller, const ProgressFn& progress) {
  sim::World world(spec, options.scene, options.world);
  for (const sim::Perturbation& p : options.pushes) world.AddPerturbation(p);
  hal::SimPort port(&world, options.port);
  std::unique_ptr<RunLog> log;
  if (!options.log_path.empty()) log = std::make_unique<RunLog>(options.log_path, spec);

  SimRunSummary summary;
  summary.robot = spec.name;
  summary.scene = options.scene_name;
  summary.seed = options.world.seed;
  summary.pushes = options.pushes;
  for (sim::Perturbation& p : summary.pushes) {
    if (p.body == "base") p.body = spec.base_body;
  }

  hal::LowState state;
  hal::LowCmd cmd;
  cmd.Resize(spec.num_joints());
  if (options.on_start) options.on_start(&world, &port);
  if (log && options.on_log) options.on_log(log.get());
  port.ReadState(&state);
  controller->Reset(state);
  const sim::GroundTruth start = world.Truth();
  if (progress) progress(0.0);  // set-up done: every input has been validated
  const auto wall_start = std::chrono::steady_clock::now();
  const double period = options.port.control_period_s;
  const auto ticks = static_cast<std::uint64_t>(std::llround(options.duration_s / period));
  double velocity_error_sq = 0;
  std::uint64_t velocity_samples = 0;
  double orientation_error_sq = 0;
  double orientation_error_max = 0;
  double expected_heading = 0;
  std::vector<double> tick_s;
  tick_s.reserve(ticks);
  double next_trace_s = 0;
  double next_progress = 0.1;
  HeadAccelerationPeak head;
  for (std::uint64_t k = 0; k < ticks; ++k) {
    port.ReadState(&state);
    const auto compute_start = std::chrono::steady_clock::now();
    controller->Compute(state, &cmd);
    tick_s.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - compute_start).count());
    port.WriteCommand(cmd);
    if (const control::RobotState* estimate = controller->estimate(); estimate != nullptr) {
      const sim::GroundTruth now = world.Truth();
      for (int k = 0; k < 3; ++k) {
        const double e = estimate->base_linear_velocity_mps[k] - now.base_linear_velocity_mps[k];
        velocity_error_sq += e * e;
      }
      ++velocity_samples;
      const auto& q = now.base_orientation_wxyz;
      const double angle =
          AngleBetween(estimate->base_orientation, Eigen::Quaterniond(q[0], q[1], q[2], q[3]));
      orientation_error_sq += angle * angle;
      orientation_error_max = std::max(orientation_error_max, angle);
    }
    const control::ControllerStatus status = controller->status();
    expected_heading += status.command_wz_radps * period;
    if (status.estop_time_s >= 0) head.Sample(world);
    const bool need_truth = log != nullptr || world.time_s() + 1e-9 >= next_trace_s;
    sim::GroundTruth truth;
    if (need_truth) truth = world.Truth();
    if (log) log->Write(state, cmd, truth);
    if (world.time_s() + 1e-9 >= next_trace_s) {
      summary.trace.push_back({truth.time_s, truth.base_position_m[2], truth.tilt_rad * kRadToDeg,
                               truth.base_position_m[0], truth.base_position_m[1], truth.energy_J});
      summary.max_tilt_deg = std::max(summary.max_tilt_deg, truth.tilt_rad * kRadToDeg);
      summary.max_com_drift_m =
          std::max(summary.max_com_drift_m, Horizontal(truth.com_m, start.com_m));
      next_trace_s += options.trace_period_s;
    }
    port.Advance();
    ++summary.ticks;
    if (options.on_tick &&
        !options.on_tick(TickContext{world.time_s(), &state, &cmd, controller, &world, &port})) {
      break;
    }
    if (!summary.fell && world.Fallen()) {
      summary.fell = true;
      summary.fall_time_s = world.time_s();
    }
    if (summary.fell && options.stop_after_fall_s >= 0 &&
        world.time_s() >= *summary.fall_time_s + options.stop_after_fall_s) {
      break;
    }
    if (progress && static_cast<double>(k + 1) >= next_progress * static_cast<double>(ticks)) {
      progress(static_cast<double>(k + 1) / static_cast<double>(ticks));
      next_progress += 0.1;
    }
  }
  if (options.on_finish) options.on_finish();
  if (log) log->Close();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const sim::GroundTruth end = world.Truth();
  summary.duration_s = world.time_s();
  summary.distance_m = Horizontal(end.base_position_m, start.base_position_m);
  summary.final_base_pos = end.base_position_m;
  summary.max_tilt_deg = std::max(summary.max_tilt_deg, end.tilt_rad * kRadToDeg);
  summary.energy_J = end.energy_J;
  summary.rejected_commands = port.stats().rejected_commands;
  summary.watchdog_trips = port.stats().watchdog_trips;
  summary.mean_speed_mps = summary.duration_s > 0 ? summary.distance_m / summary.duration_s : 0;
  const double yaw0 = YawOf(start.base_orientation_wxyz);
  const double dx = end.base_position_m[0] - start.base_position_m[0];
  const double dy = end.base_position_m[1] - start.base_position_m[1];
  summary.lateral_drift_m = std::abs(-std::sin(yaw0) * dx + std::cos(yaw0) * dy);
  const double turned = YawOf(end.base_orientation_wxyz) - yaw0;
  summary.heading_error_deg =
      std::abs(std::remainder(turned - expected_heading, 2 * M_PI)) * kRadToDeg;
  summary.controller_status = controller->status();
  if (const control::RobotState* estimate = controller->estimate(); estimate != nullptr) {
    if (velocity_samples > 0) {
      summary.est_vel_rmse_mps =
          std::sqrt(velocity_error_sq / static_cast<double>(velocity_samples));
      summary.est_orientation_rms_deg =
          std::sqrt(orientation_error_sq / static_cast<double>(velocity_samples)) * kRadToDeg;
      summary.est_orientation_max_deg = orientation_error_max * kRadToDeg;
    }
    const Eigen::Quaterniond& q = estimate->base_orientation;
    const double estimated_yaw = YawOf({q.w(), q.x(), q.y(), q.z()});
    summary.est_yaw_drift_deg =
        std::remainder(estimated_yaw - YawOf(end.base_orientation_wxyz), 2 * M_PI) * kRadToDeg;
    const double error = std::hypot(estimate->base_position_m.x() - end.base_position_m[0],
                                    estimate->base_position_m.y() - end.base_position_m[1]);
    if (summary.distance_m > 0.1) summary.est_pos_drift_pct = 100.0 * error / summary.distance_m;
  }
  const control::ControllerStatus& status = summary.controller_status;
  if (status.estop_time_s >= 0 && status.stopped_time_s >= 0) {
    summary.estop_stop_time_s = status.stopped_time_s - status.estop_time_s;
  }
  if (status.estop_time_s >= 0 && status.rest_time_s >= 0) {
    summary.estop_rest_time_s = status.rest_time_s - status.estop_time_s;
  }
  if (status.estop_time_s >= 0) summary.estop_peak_head_accel_g = head.peak_g();
  if (summary.fall_time_s && status.fall_detected_time_s >= 0) {
    summary.fall_detect_latency_s = status.fall_detected_time_s - *summary.fall_time_s;
  }
  summary.controller_tick_p50_ms = 1e3 * Percentile(&tick_s, 0.50);
  summary.controller_tick_p99_ms = 1e3 * Percentile(&tick_s, 0.99);
  summary.wall_time_s = wall;
  summary.realtime_factor = wall > 0 ? summary.duration_s / wall : 0;
  return summary;
}

}  // namespace tianmu::runtime
