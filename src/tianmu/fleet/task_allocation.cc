#include "tianmu/fleet/task_allocation.h"

#include <cstdio>

namespace tianmu::fleet {

double OrderDuration(const FloorMap& map, const TransportOrder& order,
                     const Eigen::Vector2d& from_m, double speed_mps,
                     const AllocationPolicy& policy) {
  double distance_m = 0, actions_s = 0;
  Eigen::Vector2d at = from_m;
  for (const OrderStop& stop : order.stops) {
    const Eigen::Vector2d& next = map.places.at(stop.place).position_m;
    distance_m += (next - at).norm();
    at = next;
    actions_s += stop.action_duration_s + policy.stop_overhead_s;
  }
  return distance_m / speed_mps + actions_s;
}

Allocation Allocate(const FloorMap& map, const TransportOrder& order,
                    const std::vector<RobotAvailability>& robots, const AllocationPolicy& policy) {
  Allocation result;
  for (std::size_t i = 0; i < robots.size(); ++i) {
    const RobotAvailability& r = robots[i];
    if (!r.available) {
      result.excluded[r.serial] = "not available (offline, paused or in error)";
      continue;
    }
    if (r.battery_pct < policy.min_battery_pct) {
      char text[96];
      std::snprintf(text, sizeof(text), "battery %.0f %% below %.0f %%", r.battery_pct,
                    policy.min_battery_pct);
      result.excluded[r.serial] = text;
      continue;
    }
    std::string missing;
    for (const OrderStop& stop : order.stops) {
      if (!stop.action_type.empty() && r.action_types.count(stop.action_type) == 0) {
        missing = stop.action_type;
        break;
      }
    }
    if (!missing.empty()) {
      result.excluded[r.serial] = "cannot do action " + missing + " (not in its factsheet)";
      continue;
    }
    if (r.queued_orders >= policy.max_queued_orders) {
      result.excluded[r.serial] = "queue full (" + std::to_string(r.queued_orders) + " orders)";
      continue;
    }
    if (!(r.speed_mps > 0)) {
      result.excluded[r.serial] = "no speed";
      continue;
    }
    const double finish = r.queue_remaining_s +
                          OrderDuration(map, order, r.queue_end_position_m, r.speed_mps, policy);
    if (!result.robot || finish < result.finish_s) {
      result.robot = i;
      result.finish_s = finish;
    }
  }
  return result;
}

}  // namespace tianmu::fleet
