// Task allocation and zone reservations: who gets an order, who is excluded and why; no two robots
// ever hold conflicting zones, and robots that move only inside their zones keep their clearance.
#include <gtest/gtest.h>

#include "tianmu/core/rng.h"
#include "tianmu/fleet/task_allocation.h"
#include "tianmu/fleet/zone_reservations.h"

namespace tianmu::fleet {
namespace {

FloorMap Floor() {
  FloorMap map;
  map.places = {{"pick", {0, 0}, PlaceKind::kStation},   {"drop", {6, 0}, PlaceKind::kStation},
                {"park1", {0, 3}, PlaceKind::kParking},  {"park2", {6, 3}, PlaceKind::kParking},
                {"park3", {3, -3}, PlaceKind::kParking}, {"mid", {3, 0}, PlaceKind::kStation}};
  return map;
}

TransportOrder PickDrop() { return {"o1", {{0, "pick", 2.0}, {1, "drop", 2.0}}, 0}; }

RobotAvailability Robot(const std::string& serial, Eigen::Vector2d at, double queue_s = 0) {
  RobotAvailability r;
  r.serial = serial;
  r.queue_end_position_m = at;
  r.queue_remaining_s = queue_s;
  r.speed_mps = 0.3;
  r.action_types = {"pick", "drop"};
  return r;
}

TEST(TaskAllocation, TheNearestIdleRobotGetsTheOrder) {
  const FloorMap map = Floor();
  const AllocationPolicy policy;
  const std::vector<RobotAvailability> robots = {Robot("far", {6, 3}), Robot("near", {0, 3})};
  const Allocation a = Allocate(map, PickDrop(), robots, policy);
  ASSERT_TRUE(a.robot.has_value());
  EXPECT_EQ(*a.robot, 1u);
  // 3 m to pick, 6 m to drop at 0.3 m/s, two 2 s actions, two stop overheads.
  EXPECT_NEAR(a.finish_s, 9.0 / 0.3 + 4.0 + 2 * policy.stop_overhead_s, 1e-9);
}

TEST(TaskAllocation, ABusyRobotLosesToAFartherIdleOne) {
  const FloorMap map = Floor();
  const std::vector<RobotAvailability> robots = {Robot("busy", {0, 3}, 60.0),
                                                 Robot("idle", {6, 3})};
  const Allocation a = Allocate(map, PickDrop(), robots, {});
  ASSERT_TRUE(a.robot.has_value());
  EXPECT_EQ(robots[*a.robot].serial, "idle");
  // With a short queue the near robot still wins: its queue ends near pick.
  const std::vector<RobotAvailability> short_queue = {Robot("busy", {0, 3}, 5.0),
                                                      Robot("idle", {6, 3})};
  EXPECT_EQ(short_queue[*Allocate(map, PickDrop(), short_queue, {}).robot].serial, "busy");
}

TEST(TaskAllocation, LowBatteryMissingCapabilityAndOfflineRobotsAreExcluded) {
  const FloorMap map = Floor();
  std::vector<RobotAvailability> robots = {Robot("low", {0, 3}), Robot("nodrop", {0, 3}),
                                           Robot("offline", {0, 3}), Robot("ok", {6, 3})};
  robots[0].battery_pct = 10;
  robots[1].action_types = {"pick"};
  robots[2].available = false;
  const Allocation a = Allocate(map, PickDrop(), robots, {});
  ASSERT_TRUE(a.robot.has_value());
  EXPECT_EQ(robots[*a.robot].serial, "ok");
  EXPECT_NE(a.excluded.at("low").find("battery"), std::string::npos);
  EXPECT_NE(a.excluded.at("nodrop").find("drop"), std::string::npos);
  EXPECT_NE(a.excluded.at("offline").find("not available"), std::string::npos);
  EXPECT_EQ(a.excluded.count("ok"), 0u);
  robots.pop_back();
  EXPECT_FALSE(Allocate(map, PickDrop(), robots, {}).robot.has_value());
  // A robot with a full queue waits for its queue to drain.
  std::vector<RobotAvailability> queued = {Robot("queued", {0, 3}), Robot("free", {6, 3})};
  queued[0].queued_orders = 1;
  const Allocation q = Allocate(map, PickDrop(), queued, {});
  EXPECT_EQ(queued[*q.robot].serial, "free");
  EXPECT_NE(q.excluded.at("queued").find("queue full"), std::string::npos);
}

TEST(ZoneReservations, ConflictingZonesCannotBeHeldByTwoRobots) {
  ZoneReservations zones(Floor(), 1.0);
  EXPECT_TRUE(zones.TryReserve("a", {Zone::AtPlace(0)}));
  std::string blocker;
  EXPECT_FALSE(zones.TryReserve("b", {Zone::AtPlace(0)}, &blocker));
  EXPECT_EQ(blocker, "a");
  // The lane pick-drop passes through "mid": it conflicts with a robot standing there.
  EXPECT_TRUE(zones.TryReserve("b", {Zone::AtPlace(5)}));
  EXPECT_FALSE(zones.TryReserve("a", {Zone::Lane(1, 0), Zone::AtPlace(1)}, &blocker));
  EXPECT_EQ(blocker, "b");
  // All or nothing: the refused request left "drop" free.
  EXPECT_FALSE(zones.Holder(Zone::AtPlace(1)).has_value());
  EXPECT_TRUE(zones.Violations().empty());
  zones.Release("b", Zone::AtPlace(5));
  EXPECT_TRUE(zones.TryReserve("a", {Zone::Lane(1, 0), Zone::AtPlace(1)}));
  EXPECT_EQ(*zones.Holder(Zone::Lane(0, 1)), "a");
  zones.ReleaseAllBut("a", {Zone::AtPlace(1)});
  EXPECT_EQ(zones.HeldBy("a").size(), 1u);
  EXPECT_EQ(zones.Describe(Zone::Lane(0, 1)), "lane pick-drop");
}

// Four robots wander between random places of a crowded floor, each reserving the lane and the
// next place before leaving the place it holds and giving up a request it waited too long for
// (replanning to another place). At every step no two robots hold conflicting zones, their
// positions stay at least the clearance apart, and the robots keep making progress.
TEST(ZoneReservations, RandomTrafficNeverBreaksClearanceAndDoesNotDeadlock) {
  FloorMap map;
  for (int i = 0; i < 9; ++i) {
    map.places.push_back(
        {"p" + std::to_string(i), {2.0 * (i % 3), 2.0 * (i / 3)}, PlaceKind::kStation});
  }
  const double clearance_m = 1.0;
  ZoneReservations zones(map, clearance_m);
  struct Walker {
    std::string name;
    int at = 0, next = -1;
    double progress = 0;  // along the lane, 0..1
    int waited = 0;
  };
  std::vector<Walker> walkers = {{"r0", 0}, {"r1", 2}, {"r2", 6}, {"r3", 8}};
  for (const Walker& w : walkers) ASSERT_TRUE(zones.TryReserve(w.name, {Zone::AtPlace(w.at)}));
  Rng rng(42);
  int legs = 0;
  const double step_m = 0.1;
  for (int step = 0; step < 20000; ++step) {
    for (Walker& w : walkers) {
      if (w.next < 0) {
        w.next = static_cast<int>(rng.NextU64() % map.places.size());
        if (w.next == w.at) w.next = -1;
        w.waited = 0;
        continue;
      }
      if (w.progress == 0 && zones.Holder(Zone::AtPlace(w.next)) != w.name) {
        if (!zones.TryReserve(w.name, {Zone::Lane(w.at, w.next), Zone::AtPlace(w.next)})) {
          if (++w.waited > 30) w.next = -1;  // replan: pick another place
          continue;
        }
      }
      w.progress = std::min(1.0, w.progress + step_m / map.Distance(w.at, w.next));
      if (w.progress >= 1.0) {
        zones.ReleaseAllBut(w.name, {Zone::AtPlace(w.next)});
        w.at = w.next;
        w.next = -1;
        w.progress = 0;
        ++legs;
      }
    }
    ASSERT_TRUE(zones.Violations().empty()) << "step " << step;
    for (std::size_t i = 0; i < walkers.size(); ++i) {
      for (std::size_t j = i + 1; j < walkers.size(); ++j) {
        auto position = [&](const Walker& w) -> Eigen::Vector2d {
          const Eigen::Vector2d a = map.places[w.at].position_m;
          if (w.next < 0) return a;
          return a + w.progress * (map.places[w.next].position_m - a);
        };
        ASSERT_GE((position(walkers[i]) - position(walkers[j])).norm(), clearance_m)
            << walkers[i].name << " and " << walkers[j].name << " at step " << step;
      }
    }
  }
  // 20000 steps of 0.1 m: a robot never blocked would walk ~1000 legs of ~2-4 m; with waiting,
  // at least a quarter of that for four robots shows nobody stays stuck.
  EXPECT_GT(legs, 250);
}

}  // namespace
}  // namespace tianmu::fleet
