// Simulated fleets: robots on the handling floor with their whole-body controllers, driven by the
// fleet manager; a second robot raises throughput, nobody collides or falls, and `tianmu fleet`
// and `tianmu bench fleet` refuse bad input with exit code 2, naming the flag.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mosquitto_broker.h"
#include "run_command.h"
#include "tianmu/fleet/sim/fleet_simulation.h"
#include "tianmu/fleet/sim/handling_floor.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/sim/scene.h"

namespace tianmu::fleet {
namespace {

using tianmu::testing::RunCommand;

FleetSimOptions Options(int robots) {
  FleetSimOptions o;
  o.robots = robots;
  o.duration_s = 70;
  o.seed = 3;
  o.scene = sim::ResolveScene("flat");
  // A backlog from the start, alternating between the two aisles (pick_a → drop_a, pick_b →
  // drop_b), whose lanes are 3 m apart: two robots can work them side by side.
  const FloorMap floor = HandlingFloor();
  for (int i = 0; i < 6; ++i) {
    const std::string aisle = i % 2 == 0 ? "a" : "b";
    o.orders.push_back(
        {"o" + std::to_string(i + 1),
         {{*floor.Find("pick_" + aisle), "pick", 2.0}, {*floor.Find("drop_" + aisle), "drop", 2.0}},
         0.0});
  }
  return o;
}

// One simulated run per robot count (the expensive part), shared by the assertions below.
TEST(FleetSimulation, TwoTm1RobotsDoMoreOrdersThanOneWithoutCollisions) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  const FleetSimResult one = RunFleetSimulation(spec, Options(1));
  const FleetSimResult two = RunFleetSimulation(spec, Options(2));
  EXPECT_EQ(one.falls, 0);
  EXPECT_EQ(two.falls, 0);
  EXPECT_GE(one.orders_completed, 1) << one.ToJson().dump();
  EXPECT_GT(two.orders_completed, one.orders_completed) << two.ToJson().dump();
  EXPECT_EQ(two.collisions, 0);
  EXPECT_GE(two.min_clearance_m, 2 * two.footprint_radius_m);
  // A TM-1 seen from above is between a slim 0.2 m and an arms-wide 0.6 m in radius.
  EXPECT_GT(two.footprint_radius_m, 0.2);
  EXPECT_LT(two.footprint_radius_m, 0.6);
  EXPECT_GT(two.utilisation, 0.3);
  EXPECT_LE(two.utilisation, 1.0);
}

TEST(HandlingFloor, OrderListsAreSeededAndAisleOrdersStayInTheirAisle) {
  const FloorMap floor = HandlingFloor();
  const std::vector<TransportOrder> a = HandlingOrders(floor, 30, 6.0, 5);
  const std::vector<TransportOrder> b = HandlingOrders(floor, 30, 6.0, 5);
  const std::vector<TransportOrder> c = HandlingOrders(floor, 30, 6.0, 6);
  auto places = [](const std::vector<TransportOrder>& orders) {
    std::vector<int> out;
    for (const TransportOrder& o : orders) {
      for (const OrderStop& s : o.stops) out.push_back(s.place);
    }
    return out;
  };
  EXPECT_EQ(places(a), places(b));
  EXPECT_NE(places(a), places(c));
  EXPECT_DOUBLE_EQ(a[29].created_s, 29 * 6.0);
  int crossing = 0;
  for (const TransportOrder& o : a) {
    crossing +=
        floor.places[o.stops[0].place].name.back() != floor.places[o.stops[1].place].name.back();
  }
  EXPECT_GT(crossing, 5) << "mixed orders cross between the aisles";
  for (const TransportOrder& o : AisleOrders(floor, 30, 6.0, 5)) {
    EXPECT_EQ(floor.places[o.stops[0].place].name.back(),
              floor.places[o.stops[1].place].name.back());
  }
}

std::string Tianmu(const std::string& args) { return std::string(TIANMU_CLI) + " " + args; }

TEST(FleetCli, BadFlagsExitWithCodeTwoNamingTheFlag) {
  const auto robots = RunCommand(Tianmu("fleet --robots 5"));
  EXPECT_EQ(robots.exit_code, 2);
  EXPECT_NE(robots.err.find("--robots"), std::string::npos) << robots.err;
  const auto broker = RunCommand(Tianmu("fleet --broker nowhere"));
  EXPECT_EQ(broker.exit_code, 2);
  EXPECT_NE(broker.err.find("--broker"), std::string::npos) << broker.err;
  const auto list = RunCommand(Tianmu("bench fleet --robots 1,x"));
  EXPECT_EQ(list.exit_code, 2);
  EXPECT_NE(list.err.find("--robots"), std::string::npos) << list.err;
  const auto speed = RunCommand(Tianmu("bench fleet --speed 3"));
  EXPECT_EQ(speed.exit_code, 2);
  EXPECT_NE(speed.err.find("--speed"), std::string::npos) << speed.err;
}

TEST(FleetCli, AShortFleetRunPrintsItsFiguresAsJson) {
  const auto r = RunCommand(Tianmu("fleet --robots 1 --orders 1 --duration 60 --json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("robots"), 1);
  EXPECT_EQ(j.at("orders_created"), 1);
  EXPECT_EQ(j.at("collisions"), 0);
  EXPECT_EQ(j.at("transport"), "local");
  EXPECT_GE(j.at("orders_completed").get<int>(), 1) << r.out;
}

// The same command over a real broker: every robot and the manager are MQTT clients of a private
// mosquitto on 127.0.0.1.
TEST(FleetCli, AFleetRunOverAnMqttBrokerCompletesItsOrder) {
  testing::MosquittoBroker broker(testing::FreePort());
  ASSERT_TRUE(broker.Start()) << "mosquitto did not start (scripts/setup.sh installs it)";
  const auto r =
      RunCommand(Tianmu("fleet --robots 1 --orders 1 --duration 60 --json --broker 127.0.0.1:" +
                        std::to_string(broker.port())));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("transport"), "mqtt 127.0.0.1:" + std::to_string(broker.port()));
  EXPECT_EQ(j.at("orders_completed"), 1) << r.out;
  EXPECT_EQ(j.at("rejected_messages"), 0);
}

}  // namespace
}  // namespace tianmu::fleet
