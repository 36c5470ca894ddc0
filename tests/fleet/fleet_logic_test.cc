// The manager and robot agents talking over the in-process bus with point robots: orders are
// allocated and completed, robots keep their clearance, cancel and pause work, hostile payloads
// are ignored, and a robot whose link drops stops at once and carries on when it is back.
#include <gtest/gtest.h>

#include <memory>

#include "kinematic_body.h"
#include "tianmu/fleet/connection.h"
#include "tianmu/fleet/fleet_manager.h"
#include "tianmu/fleet/instant_actions.h"
#include "tianmu/fleet/local_bus.h"
#include "tianmu/fleet/robot_agent.h"
#include "tianmu/fleet/topic.h"

namespace tianmu::fleet {
namespace {

using testing::KinematicBody;

constexpr double kDt_s = 0.05;

FloorMap Floor() {
  FloorMap map;
  map.places = {{"pick_a", {0, 0}, PlaceKind::kStation},   {"pick_b", {0, 4}, PlaceKind::kStation},
                {"drop_a", {6, 0}, PlaceKind::kStation},   {"drop_b", {6, 4}, PlaceKind::kStation},
                {"park_1", {-3, -2}, PlaceKind::kParking}, {"park_2", {-3, 6}, PlaceKind::kParking},
                {"park_3", {9, -2}, PlaceKind::kParking},  {"park_4", {9, 6}, PlaceKind::kParking}};
  return map;
}

struct Fleet {
  LocalBus bus;
  std::unique_ptr<LocalTransport> manager_link;
  std::unique_ptr<FleetManager> manager;
  std::vector<std::unique_ptr<LocalTransport>> links;
  std::vector<std::unique_ptr<RobotAgent>> agents;
  std::vector<KinematicBody> bodies;
  double time_s = 0;
  double min_clearance_m = 1e9;

  explicit Fleet(int robots, double speed_mps = 0.5) {
    manager_link = bus.Connect();
    ManagerConfig config;
    config.map = Floor();
    config.clearance_m = 1.2;
    manager = std::make_unique<FleetManager>(config, manager_link.get());
    for (int i = 0; i < robots; ++i) {
      const std::string serial = "r" + std::to_string(i + 1);
      const int parking = 4 + i;
      manager->AddRobot(serial, parking);
      Connection will{{0, IsoTimestamp(0), kProtocolVersion, "tianmu", serial},
                      ConnectionState::kConnectionBroken};
      links.push_back(bus.Connect(Topic("tianmu", serial, MessageKind::kConnection),
                                  EncodeConnection(will).dump()));
      AgentConfig agent;
      agent.serial_number = serial;
      agent.factsheet.series_name = "point";
      agent.factsheet.speed_max_mps = speed_mps;
      agent.factsheet.action_types = {"pick", "drop"};
      agent.state_period_s = 0.5;
      agents.push_back(std::make_unique<RobotAgent>(agent, links.back().get()));
      KinematicBody body;
      body.reading.position_m = config.map.places[parking].position_m;
      bodies.push_back(body);
    }
  }

  void Step() {
    time_s += kDt_s;
    for (std::size_t i = 0; i < agents.size(); ++i) {
      bodies[i].Step(agents[i]->Tick(time_s, bodies[i].reading), kDt_s);
    }
    manager->Tick(time_s);
    ASSERT_TRUE(manager->reservations().Violations().empty()) << "t=" << time_s;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      for (std::size_t j = i + 1; j < bodies.size(); ++j) {
        min_clearance_m = std::min(
            min_clearance_m, (bodies[i].reading.position_m - bodies[j].reading.position_m).norm());
      }
    }
  }

  void RunFor(double seconds) {
    const double end = time_s + seconds;
    while (time_s < end) Step();
  }

  int Finished() const {
    int n = 0;
    for (const auto& [id, o] : manager->orders()) n += o.finished_s >= 0 && !o.cancelled;
    return n;
  }
};

TransportOrder Handling(const std::string& id, int pick, int drop) {
  return {id, {{pick, "pick", 2.0}, {drop, "drop", 2.0}}, 0};
}

TEST(FleetLogic, OneRobotCompletesAnOrderAndGoesHome) {
  Fleet fleet(1);
  fleet.RunFor(1.0);  // robots announce themselves
  fleet.manager->AddOrder(Handling("o1", 0, 2), fleet.time_s);
  fleet.RunFor(60.0);
  const OrderRecord& o = fleet.manager->orders().at("o1");
  EXPECT_EQ(o.robot, "r1");
  ASSERT_GE(o.finished_s, 0);
  // park_1 → pick_a 3.6 m, → drop_a 6 m at 0.5 m/s plus 4 s of actions: about 23 s.
  EXPECT_NEAR(o.finished_s - o.started_s, 9.6 / 0.5 + 4.0, 2.0);
  EXPECT_LT((fleet.bodies[0].reading.position_m - Eigen::Vector2d(-3, -2)).norm(), 0.3)
      << "back at its parking place";
  EXPECT_EQ(fleet.manager->reservations().HeldBy("r1").size(), 1u);
}

TEST(FleetLogic, FourRobotsShareCrossingRoutesWithoutLosingClearance) {
  Fleet fleet(4);
  fleet.RunFor(1.0);
  // Crossing routes: pick_a → drop_b and pick_b → drop_a intersect in the middle.
  for (int i = 0; i < 12; ++i) {
    fleet.manager->AddOrder(
        Handling("o" + std::to_string(i), i % 2 == 0 ? 0 : 1, i % 2 == 0 ? 3 : 2), fleet.time_s);
  }
  fleet.RunFor(400.0);
  for (const auto& [serial, r] : fleet.manager->robots()) {
    std::string path;
    for (int p : r.path) path += std::to_string(p) + " ";
    std::cerr << serial << " active=" << r.active << " vda=" << r.vda_order_id
              << " place=" << r.place << " released=" << r.released << " path=" << path
              << " blocker=" << r.blocker << " since=" << r.blocked_since_s
              << " last=" << (r.state ? r.state->last_node_sequence_id : 999)
              << " sorder=" << (r.state ? r.state->order_id : "") << " online=" << r.online << "\n";
  }
  EXPECT_EQ(fleet.Finished(), 12);
  EXPECT_GE(fleet.min_clearance_m, 1.2 - 0.26) << "clearance less the arrival tolerance";
  std::set<std::string> used;
  for (const auto& [id, o] : fleet.manager->orders()) used.insert(o.robot);
  EXPECT_GE(used.size(), 3u) << "work is spread over the robots";
}

TEST(FleetLogic, MoreRobotsFinishTheSameOrdersSooner) {
  auto makespan = [](int robots) {
    Fleet fleet(robots);
    fleet.RunFor(1.0);
    for (int i = 0; i < 8; ++i) {
      // Two aisles: pick_a → drop_a and pick_b → drop_b.
      fleet.manager->AddOrder(Handling("o" + std::to_string(i), i % 2, 2 + i % 2), fleet.time_s);
    }
    while (fleet.Finished() < 8 && fleet.time_s < 600) fleet.Step();
    return fleet.time_s;
  };
  const double one = makespan(1), two = makespan(2);
  EXPECT_LT(two, 0.8 * one) << "one robot " << one << " s, two " << two << " s";
}

TEST(FleetLogic, CancelAndPauseStopTheRobot) {
  Fleet fleet(1);
  fleet.RunFor(1.0);
  fleet.manager->AddOrder(Handling("o1", 0, 2), fleet.time_s);
  fleet.RunFor(5.0);
  ASSERT_TRUE(fleet.agents[0]->state().driving);
  // Pause over the instant-actions topic, as any master control would.
  InstantActions pause;
  pause.header = {0, IsoTimestamp(0), kProtocolVersion, "tianmu", "r1"};
  pause.actions = {{"startPause", "p1", BlockingType::kHard, {}}};
  const auto ops = fleet.bus.Connect();
  ops->Publish(Topic("tianmu", "r1", MessageKind::kInstantActions),
               EncodeInstantActions(pause).dump(), false);
  fleet.RunFor(1.0);
  const Eigen::Vector2d paused_at = fleet.bodies[0].reading.position_m;
  fleet.RunFor(5.0);
  EXPECT_LT((fleet.bodies[0].reading.position_m - paused_at).norm(), 1e-9);
  EXPECT_TRUE(fleet.agents[0]->state().paused);
  pause.actions = {{"stopPause", "p2", BlockingType::kHard, {}}};
  ops->Publish(Topic("tianmu", "r1", MessageKind::kInstantActions),
               EncodeInstantActions(pause).dump(), false);
  fleet.RunFor(2.0);
  EXPECT_GT((fleet.bodies[0].reading.position_m - paused_at).norm(), 0.5);
  EXPECT_TRUE(fleet.manager->CancelOrder("o1", fleet.time_s));
  fleet.RunFor(30.0);
  EXPECT_TRUE(fleet.manager->orders().at("o1").cancelled);
  EXPECT_TRUE(fleet.manager->robots().at("r1").active.empty());
  EXPECT_FALSE(fleet.manager->CancelOrder("o1", fleet.time_s));
}

TEST(FleetLogic, HostilePayloadsAreIgnoredAndReported) {
  Fleet fleet(1);
  fleet.RunFor(1.0);
  const auto attacker = fleet.bus.Connect();
  attacker->Publish(Topic("tianmu", "r1", MessageKind::kState), "{\"headerId\": -1}", false);
  attacker->Publish(Topic("tianmu", "r1", MessageKind::kState), std::string(300000, '['), false);
  attacker->Publish(Topic("tianmu", "r1", MessageKind::kOrder), "{\"orderId\": 5}", false);
  fleet.RunFor(1.0);
  EXPECT_EQ(fleet.manager->rejected_messages(), 2);
  ASSERT_FALSE(fleet.agents[0]->state().errors.empty());
  EXPECT_EQ(fleet.agents[0]->state().errors.back().error_type, "validationError");
  // Still works afterwards.
  fleet.manager->AddOrder(Handling("o1", 0, 2), fleet.time_s);
  fleet.RunFor(40.0);
  EXPECT_GE(fleet.manager->orders().at("o1").finished_s, 0);
}

TEST(FleetLogic, LostLinkStopsTheRobotAndItResumesWhenBack) {
  Fleet fleet(1);
  fleet.RunFor(1.0);
  fleet.manager->AddOrder(Handling("o1", 0, 2), fleet.time_s);
  fleet.RunFor(4.0);
  ASSERT_TRUE(fleet.agents[0]->state().driving);
  fleet.links[0]->SetConnected(false);
  fleet.Step();  // the deadman acts on the first tick without a link
  EXPECT_TRUE(fleet.agents[0]->deadman_stopped());
  EXPECT_DOUBLE_EQ(fleet.bodies[0].reading.speed_mps, 0.0);
  EXPECT_FALSE(fleet.manager->robots().at("r1").online) << "the will said CONNECTIONBROKEN";
  const Eigen::Vector2d stopped_at = fleet.bodies[0].reading.position_m;
  fleet.RunFor(5.0);
  EXPECT_LT((fleet.bodies[0].reading.position_m - stopped_at).norm(), 1e-9);
  fleet.links[0]->SetConnected(true);
  fleet.RunFor(1.0);
  EXPECT_TRUE(fleet.manager->robots().at("r1").online);
  EXPECT_FALSE(fleet.agents[0]->deadman_stopped());
  fleet.RunFor(40.0);
  EXPECT_GE(fleet.manager->orders().at("o1").finished_s, 0);
  EXPECT_EQ(fleet.agents[0]->deadman_stops(), 1);
}

}  // namespace
}  // namespace tianmu::fleet
