// A simulated fleet: N robots (each its own world and controller) stepped in lock-step on one
// shared floor, their agents and the fleet manager talking over the in-process bus or an MQTT
// broker, orders fed in at their creation times; measures throughput, waiting, utilisation and
// the clearance between robots from ground truth.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/fleet/fleet_manager.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::fleet {

/// What to run.
struct FleetSimOptions {
  int robots = 2;
  double duration_s = 120;  ///< simulated time
  std::uint64_t seed = 1;
  std::filesystem::path scene;  ///< scene MJCF (sim::ResolveScene)
  std::string scene_name = "flat";
  std::vector<TransportOrder> orders;  ///< created at their created_s
  double walk_speed_mps = 0.45;
  /// "" for the in-process bus; else an MQTT broker "HOST:PORT" (runs are then not repeatable:
  /// message timing depends on the machine).
  std::string broker;
  double clearance_margin_m = 0.4;  ///< zone clearance = two footprint radii + this
  bool sensor_noise = true;
  /// Every `trace_period_s` of simulated time: one line per robot (pose, order, last node).
  std::function<void(const std::string&)> trace;
  double trace_period_s = 5;
};

/// Figures of one run.
struct FleetSimResult {
  int robots = 0;
  double duration_s = 0;
  int orders_created = 0, orders_started = 0, orders_completed = 0;
  double orders_per_hour = 0;     ///< completed orders per simulated hour
  double mean_wait_s = 0;         ///< created → sent to its robot, over started orders
  double mean_cycle_s = 0;        ///< sent → done, over completed orders
  double utilisation = 0;         ///< mean over robots of time busy with orders / duration
  double min_clearance_m = 0;     ///< smallest base-to-base distance between two robots
  double footprint_radius_m = 0;  ///< of one robot (geometry seen from above)
  int collisions = 0;  ///< times two robots came closer than their footprint radii summed
  int falls = 0;
  int deadman_stops = 0;
  int detours = 0;
  int rejected_messages = 0;
  double wall_time_s = 0;
  std::string transport;  ///< "local" or "mqtt HOST:PORT"
  std::vector<nlohmann::json> robot_stats;

  /// The `--json` object.
  nlohmann::json ToJson() const;
};

/// Called now and then with the fraction done.
using FleetProgressFn = std::function<void(double fraction)>;

/// Runs the fleet. InputError for bad options (robots out of 1..4, no orders, bad broker).
FleetSimResult RunFleetSimulation(const model::RobotSpec& spec, const FleetSimOptions& options,
                                  const FleetProgressFn& progress = {});

}  // namespace tianmu::fleet
