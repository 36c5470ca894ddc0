// The handling scenario's floor for fleet runs: two pick and two drop stations in two aisles,
// four parking places at the corners, and a seeded list of pick → drop orders.
#pragma once

#include <cstdint>
#include <vector>

#include "tianmu/fleet/floor_map.h"
#include "tianmu/fleet/task_allocation.h"

namespace tianmu::fleet {

/// Most robots the handling floor has parking places for.
inline constexpr int kHandlingMaxRobots = 4;

/// The floor: pick_a (0, 0), pick_b (0, 3), drop_a (4, 0), drop_b (4, 3), parking places
/// park_1..park_4 at (-2, -1.5), (-2, 4.5), (6, -1.5), (6, 4.5) (m, floor frame).
FloorMap HandlingFloor();

/// `count` orders "o1".."oN": a random pick station, `pick_s` of picking, a random drop station,
/// `drop_s` of dropping; created every `interval_s` seconds from t = 0 (`created_s`). Same seed,
/// same list.
std::vector<TransportOrder> HandlingOrders(const FloorMap& floor, int count, double interval_s,
                                           std::uint64_t seed, double pick_s = 2.0,
                                           double drop_s = 2.0);

/// Like HandlingOrders, but each order stays in one aisle (pick_a → drop_a or pick_b → drop_b,
/// the aisle drawn at random): lanes that never cross.
std::vector<TransportOrder> AisleOrders(const FloorMap& floor, int count, double interval_s,
                                        std::uint64_t seed, double pick_s = 2.0,
                                        double drop_s = 2.0);

}  // namespace tianmu::fleet
