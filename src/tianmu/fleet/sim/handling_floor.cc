#include "tianmu/fleet/sim/handling_floor.h"

#include "tianmu/core/rng.h"

namespace tianmu::fleet {

FloorMap HandlingFloor() {
  FloorMap map;
  map.places = {
      {"pick_a", {0, 0}, PlaceKind::kStation},     {"pick_b", {0, 3}, PlaceKind::kStation},
      {"drop_a", {4, 0}, PlaceKind::kStation},     {"drop_b", {4, 3}, PlaceKind::kStation},
      {"park_1", {-2, -1.5}, PlaceKind::kParking}, {"park_2", {-2, 4.5}, PlaceKind::kParking},
      {"park_3", {6, -1.5}, PlaceKind::kParking},  {"park_4", {6, 4.5}, PlaceKind::kParking}};
  return map;
}

std::vector<TransportOrder> HandlingOrders(const FloorMap& floor, int count, double interval_s,
                                           std::uint64_t seed, double pick_s, double drop_s) {
  Rng rng(seed);
  const int picks[] = {*floor.Find("pick_a"), *floor.Find("pick_b")};
  const int drops[] = {*floor.Find("drop_a"), *floor.Find("drop_b")};
  std::vector<TransportOrder> orders;
  for (int i = 0; i < count; ++i) {
    TransportOrder o;
    o.id = "o" + std::to_string(i + 1);
    o.stops = {{picks[rng.NextU64() % 2], "pick", pick_s},
               {drops[rng.NextU64() % 2], "drop", drop_s}};
    o.created_s = i * interval_s;
    orders.push_back(std::move(o));
  }
  return orders;
}

std::vector<TransportOrder> AisleOrders(const FloorMap& floor, int count, double interval_s,
                                        std::uint64_t seed, double pick_s, double drop_s) {
  std::vector<TransportOrder> orders =
      HandlingOrders(floor, count, interval_s, seed, pick_s, drop_s);
  const int drops[] = {*floor.Find("drop_a"), *floor.Find("drop_b")};
  for (TransportOrder& o : orders) {
    o.stops[1].place = o.stops[0].place == *floor.Find("pick_a") ? drops[0] : drops[1];
  }
  return orders;
}

}  // namespace tianmu::fleet
