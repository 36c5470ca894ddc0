#include "sim_harness.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>

#include "tianmu/control/posture_controller.h"
#include "tianmu/hal/sim_port.h"
#include "tianmu/sim/perturbation.h"
#include "tianmu/sim/scene.h"
#include "tianmu/sim/world.h"

namespace tianmu::estimation::testing {
namespace {

constexpr double kRadToDeg = 180.0 / M_PI;

Eigen::Vector3d ToVector(const std::array<double, 3>& v) { return {v[0], v[1], v[2]}; }

}  // namespace

SimRunMetrics Simulate(const SimRun& run) {
  const model::RobotSpec& spec = *run.spec;
  sim::WorldOptions options;
  options.seed = run.seed;
  options.sensor_noise = run.sensor_noise;
  sim::World world(spec, sim::ResolveScene("flat"), options);
  for (const std::string& push : run.pushes) world.AddPerturbation(sim::ParsePerturbation(push));
  hal::SimPort port(&world, {});
  control::PostureController controller(spec);
  StateEstimator estimator(spec, run.config);
  std::vector<double> target = spec.NominalPosture();
  // What a foot F/T sensor cannot see: the weight of the foot below it.
  std::array<double, 2> foot_weight_N{0, 0};
  for (int foot = 0; foot < 2; ++foot) {
    const int body = world.binding().feet[foot].body;
    foot_weight_N[foot] = world.model()->body_subtreemass[body] * 9.81;
  }

  hal::LowState state;
  hal::LowCmd cmd;
  port.ReadState(&state);
  if (run.corrupt) run.corrupt(0, &state);
  controller.Reset(state);
  estimator.Reset(state);

  SimRunMetrics m;
  const sim::GroundTruth truth0 = world.Truth();
  const Eigen::Vector3d p_true0 = ToVector(truth0.base_position_m);
  const Eigen::Vector3d p_est0 = estimator.state().base_position_m;
  m.initial_position_error_m = p_est0 - p_true0;
  double y_min = p_true0.y(), y_max = p_true0.y();
  std::array<double, 3> velocity_sq{0, 0, 0};
  std::vector<double> update_us;
  const int ticks = static_cast<int>(std::lround(run.duration_s / 0.001));
  update_us.reserve(ticks);
  for (int tick = 1; tick <= ticks; ++tick) {
    if (run.posture) {
      run.posture(world.time_s(), &target);
      controller.set_target(target);
    }
    controller.Compute(state, &cmd);
    port.WriteCommand(cmd);
    port.Advance();
    port.ReadState(&state);
    if (run.corrupt) run.corrupt(tick, &state);
    std::array<bool, 2> hint{true, true};
    if (run.contact_hint) hint = run.contact_hint(state.time_s);

    const auto start = std::chrono::steady_clock::now();
    const control::RobotState& est = estimator.Update(state, run.contact_hint ? &hint : nullptr);
    const auto stop = std::chrono::steady_clock::now();
    update_us.push_back(std::chrono::duration<double, std::micro>(stop - start).count());

    const sim::GroundTruth truth = world.Truth();
    if (run.observe) run.observe(truth, estimator);
    if (run.observe_world) run.observe_world(world, estimator);
    ++m.ticks;
    m.duration_s = truth.time_s;
    m.max_tilt_deg = std::max(m.max_tilt_deg, truth.tilt_rad * kRadToDeg);
    if (world.Fallen()) m.fell = true;
    const bool finite =
        est.base_position_m.allFinite() && est.base_linear_velocity_mps.allFinite() &&
        est.base_orientation.coeffs().allFinite() && est.base_angular_velocity_radps.allFinite() &&
        est.q_rad.allFinite() && est.dq_radps.allFinite();
    if (!finite) m.all_finite = false;
    const Eigen::Vector3d p_true = ToVector(truth.base_position_m);
    const Eigen::Vector3d v_true = ToVector(truth.base_linear_velocity_mps);
    const Eigen::Vector3d w_true = ToVector(truth.base_angular_velocity_radps);
    const Eigen::Quaterniond q_true(truth.base_orientation_wxyz[0], truth.base_orientation_wxyz[1],
                                    truth.base_orientation_wxyz[2], truth.base_orientation_wxyz[3]);
    y_min = std::min(y_min, p_true.y());
    y_max = std::max(y_max, p_true.y());
    const Eigen::Vector3d position_error = est.base_position_m - p_true;
    m.final_position_error_m = position_error;
    m.max_horizontal_drift_m = std::max(
        m.max_horizontal_drift_m, (position_error - m.initial_position_error_m).head<2>().norm());
    m.max_lateral_displacement_error_m =
        std::max(m.max_lateral_displacement_error_m,
                 std::abs((est.base_position_m.y() - p_est0.y()) - (p_true.y() - p_true0.y())));
    if (truth.time_s < run.settle_s) continue;
    ++m.ticks_after_settle;
    m.max_height_error_m = std::max(m.max_height_error_m, std::abs(position_error.z()));
    const Eigen::Vector3d velocity_error = est.base_linear_velocity_mps - v_true;
    for (int k = 0; k < 3; ++k) velocity_sq[k] += velocity_error[k] * velocity_error[k];
    m.max_velocity_error_mps = std::max(m.max_velocity_error_mps, velocity_error.norm());
    m.max_orientation_error_deg = std::max(
        m.max_orientation_error_deg, est.base_orientation.angularDistance(q_true) * kRadToDeg);
    m.max_angular_velocity_error_radps = std::max(
        m.max_angular_velocity_error_radps, (est.base_angular_velocity_radps - w_true).norm());
    const double half_weight_N = 0.5 * spec.total_mass_kg * 9.81;
    for (int foot = 0; foot < 2; ++foot) {
      m.contact_ticks[foot] += est.contact[foot] ? 1 : 0;
      const double ground_N = truth.foot_contact_force_N[foot][2];
      m.true_airborne_ticks[foot] += ground_N < 1.0 ? 1 : 0;
      const double force_N = ground_N - foot_weight_N[foot];
      const bool loaded = force_N > run.config.contact_on_fraction * half_weight_N;
      const bool unloaded = force_N < run.config.contact_off_fraction * half_weight_N;
      m.true_unloaded_ticks[foot] += unloaded ? 1 : 0;
      if ((loaded && !est.contact[foot]) || (unloaded && est.contact[foot])) {
        ++m.contact_mismatch_ticks[foot];
      }
    }
  }
  const double n = std::max(1, m.ticks_after_settle);
  for (int k = 0; k < 3; ++k) m.velocity_rmse_axis_mps[k] = std::sqrt(velocity_sq[k] / n);
  m.velocity_rmse_mps = std::sqrt((velocity_sq[0] + velocity_sq[1] + velocity_sq[2]) / n);
  m.true_lateral_range_m = y_max - y_min;
  double total_us = 0;
  for (double us : update_us) total_us += us;
  m.mean_update_us = total_us / std::max<std::size_t>(1, update_us.size());
  std::sort(update_us.begin(), update_us.end());
  if (!update_us.empty()) m.p99_update_us = update_us[update_us.size() * 99 / 100];
  m.stats = estimator.stats();
  return m;
}

void Print(const std::string& label, const SimRunMetrics& m) {
  std::cout << "[" << label << "] simulated " << m.duration_s << " s, fell=" << m.fell
            << ", max tilt " << m.max_tilt_deg << " deg\n"
            << "[" << label << "] velocity RMSE " << m.velocity_rmse_mps << " m/s (x "
            << m.velocity_rmse_axis_mps[0] << ", y " << m.velocity_rmse_axis_mps[1] << ", z "
            << m.velocity_rmse_axis_mps[2] << "), max " << m.max_velocity_error_mps << " m/s\n"
            << "[" << label << "] orientation error max " << m.max_orientation_error_deg
            << " deg, angular velocity error max " << m.max_angular_velocity_error_radps
            << " rad/s\n"
            << "[" << label << "] position error start (" << m.initial_position_error_m.transpose()
            << ") m, end (" << m.final_position_error_m.transpose() << ") m, max horizontal drift "
            << m.max_horizontal_drift_m << " m, max height error " << m.max_height_error_m << " m\n"
            << "[" << label << "] true lateral range " << m.true_lateral_range_m
            << " m, max lateral displacement error " << m.max_lateral_displacement_error_m << " m\n"
            << "[" << label << "] contact ticks left " << m.contact_ticks[0] << ", right "
            << m.contact_ticks[1] << " of " << m.ticks_after_settle << "; truly unloaded left "
            << m.true_unloaded_ticks[0] << ", right " << m.true_unloaded_ticks[1]
            << "; airborne left " << m.true_airborne_ticks[0] << ", right "
            << m.true_airborne_ticks[1] << "; mismatched left " << m.contact_mismatch_ticks[0]
            << ", right " << m.contact_mismatch_ticks[1] << "\n"
            << "[" << label << "] Update " << m.mean_update_us << " us mean, " << m.p99_update_us
            << " us p99; refused: orientation " << m.stats.bad_orientation << ", gyro "
            << m.stats.bad_gyro << ", accelerometer " << m.stats.bad_accelerometer << ", joints "
            << m.stats.bad_joints << ", wrench " << m.stats.bad_foot_wrench << ", restores "
            << m.stats.filter_restores << std::endl;
}

}  // namespace tianmu::estimation::testing
