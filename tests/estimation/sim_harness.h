// Closed-loop runs for estimator tests: a robot under joint-PD posture hold in the simulator,
// the StateEstimator fed from SimPort readings only, and its output compared with ground truth.
#pragma once

#include <Eigen/Dense>
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tianmu/estimation/state_estimator.h"
#include "tianmu/hal/low_state.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/sim/world.h"

namespace tianmu::estimation::testing {

/// What to simulate.
struct SimRun {
  const model::RobotSpec* spec = nullptr;
  double duration_s = 3;
  std::uint64_t seed = 1;
  bool sensor_noise = true;
  std::vector<std::string> pushes;  ///< sim::ParsePerturbation strings
  /// Changes the posture target at time t (starts as the nominal posture); null: hold nominal.
  std::function<void(double t_s, std::vector<double>* target_rad)> posture;
  /// Edits each reading before the estimator sees it (faults, removed sensors).
  std::function<void(int tick, hal::LowState* state)> corrupt;
  /// Contact hint per tick for feet without F/T; null: no hint.
  std::function<std::array<bool, 2>(double t_s)> contact_hint;
  /// Called after every estimator update with the truth at the same instant.
  std::function<void(const sim::GroundTruth& truth, const StateEstimator& estimator)> observe;
  /// As observe, with the whole world (the simulated IMU's true biases).
  std::function<void(const sim::World& world, const StateEstimator& estimator)> observe_world;
  EstimatorConfig config;
  double settle_s = 0.1;  ///< contact and error statistics start after this (soles settling)
};

/// Estimate versus ground truth over a run.
struct SimRunMetrics {
  bool fell = false;
  double duration_s = 0;
  double velocity_rmse_mps = 0;  ///< RMS of |v_est − v_true| (3-D, world)
  std::array<double, 3> velocity_rmse_axis_mps{};
  double max_velocity_error_mps = 0;
  double max_orientation_error_deg = 0;
  double max_angular_velocity_error_radps = 0;
  Eigen::Vector3d initial_position_error_m = Eigen::Vector3d::Zero();
  Eigen::Vector3d final_position_error_m = Eigen::Vector3d::Zero();
  double max_horizontal_drift_m = 0;  ///< max |Δ(p_est − p_true)_xy| relative to the start
  double max_height_error_m = 0;
  double true_lateral_range_m = 0;              ///< max − min of the true base y
  double max_lateral_displacement_error_m = 0;  ///< |(y_est − y_est0) − (y_true − y_true0)|
  double max_tilt_deg = 0;
  int ticks = 0;
  std::array<int, 2> contact_ticks{0, 0};  ///< after settle_s
  /// Ticks after settle_s with the true leg load (ground force minus the weight of the foot
  /// below its F/T sensor) clearly outside the hysteresis band (above the on threshold, or below
  /// the off threshold) and the estimate saying otherwise.
  std::array<int, 2> contact_mismatch_ticks{0, 0};
  std::array<int, 2> true_unloaded_ticks{0, 0};  ///< true leg load below the off threshold
  std::array<int, 2> true_airborne_ticks{0, 0};  ///< true ground force below 1 N
  int ticks_after_settle = 0;
  bool all_finite = true;
  double mean_update_us = 0;
  double p99_update_us = 0;
  EstimatorStats stats;
};

/// Runs `run` and measures the estimate against ground truth.
SimRunMetrics Simulate(const SimRun& run);

/// Prints the figures, one per line, prefixed by `label`.
void Print(const std::string& label, const SimRunMetrics& m);

}  // namespace tianmu::estimation::testing
