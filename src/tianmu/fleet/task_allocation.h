// Task allocation: a transport order (a sequence of places, each optionally with an action) goes
// to the robot that can finish it soonest: its remaining queue plus the walk from where that queue
// ends, at the robot's speed, plus the actions. Robots offline, paused, low on battery or lacking
// a required action type (from their factsheet) are not considered.
#pragma once

#include <Eigen/Core>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tianmu/fleet/floor_map.h"

namespace tianmu::fleet {

/// One stop of a transport order.
struct OrderStop {
  int place = 0;            ///< index into FloorMap::places
  std::string action_type;  ///< "" (just pass/stop), or e.g. "pick", "drop"
  double action_duration_s = 0;
};

/// A transport order as the manager queues it.
struct TransportOrder {
  std::string id;
  std::vector<OrderStop> stops;
  double created_s = 0;  ///< when it entered the queue (fleet clock)
};

/// What allocation needs to know about one robot.
struct RobotAvailability {
  std::string serial;
  bool available = true;  ///< online, not paused, no fatal error
  double battery_pct = 100;
  double speed_mps = 0.3;
  std::set<std::string> action_types;  ///< from its factsheet
  double queue_remaining_s = 0;        ///< time to finish what it is doing and has queued
  int queued_orders = 0;               ///< orders allocated to it and not yet started
  Eigen::Vector2d queue_end_position_m = Eigen::Vector2d::Zero();  ///< where that leaves it
};

/// Allocation settings.
struct AllocationPolicy {
  double min_battery_pct = 20;   ///< robots below this are not given new work
  double stop_overhead_s = 4.0;  ///< stopping and starting again at each stop
  /// Robots with this many orders waiting in their queue get no more: later orders wait in the
  /// fleet queue and go to whichever robot frees up first, as estimates made early go stale.
  int max_queued_orders = 1;
};

/// The outcome for one order.
struct Allocation {
  std::optional<std::size_t> robot;  ///< index into the robots given; nullopt: nobody can
  double finish_s = 0;               ///< estimated time from now until the order is done
  std::map<std::string, std::string> excluded;  ///< serial → why it was not considered
};

/// Time for a robot at `from_m` with speed `speed_mps` to do `order` (s).
double OrderDuration(const FloorMap& map, const TransportOrder& order,
                     const Eigen::Vector2d& from_m, double speed_mps,
                     const AllocationPolicy& policy);

/// Picks the robot that finishes `order` soonest; ties go to the earlier robot in the list.
Allocation Allocate(const FloorMap& map, const TransportOrder& order,
                    const std::vector<RobotAvailability>& robots, const AllocationPolicy& policy);

}  // namespace tianmu::fleet
