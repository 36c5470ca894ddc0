// The fleet over a real MQTT broker (mosquitto on 127.0.0.1, started by the test): orders reach
// the robot, its state reaches the manager; when the broker dies the robot's deadman stops it
// within a bound, and when the broker is back the robot reconnects, republishes its state and
// finishes the order.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "kinematic_body.h"
#include "mosquitto_broker.h"
#include "tianmu/fleet/connection.h"
#include "tianmu/fleet/fleet_manager.h"
#include "tianmu/fleet/mqtt_transport.h"
#include "tianmu/fleet/robot_agent.h"
#include "tianmu/fleet/topic.h"

namespace tianmu::fleet {
namespace {

using testing::FreePort;
using testing::KinematicBody;
using testing::MosquittoBroker;

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(FleetMqtt, TopicFiltersMatchLikeMqtt) {
  EXPECT_TRUE(TopicMatches("uagv/v2/+/+/state", "uagv/v2/tianmu/r1/state"));
  EXPECT_FALSE(TopicMatches("uagv/v2/+/+/state", "uagv/v2/tianmu/r1/order"));
  EXPECT_TRUE(TopicMatches("uagv/#", "uagv/v2/tianmu/r1/order"));
  EXPECT_FALSE(TopicMatches("uagv/v2/+/state", "uagv/v2/tianmu/r1/state"));
  EXPECT_FALSE(TopicMatches("uagv/v2/tianmu/r1/state/x", "uagv/v2/tianmu/r1/state"));
}

TEST(FleetMqtt, BrokerLossStopsTheRobotAndItResumesTheOrderWhenTheBrokerIsBack) {
  const int port = FreePort();
  MosquittoBroker broker(port);
  ASSERT_TRUE(broker.Start()) << "mosquitto did not start on 127.0.0.1:" << port
                              << " (scripts/setup.sh installs it)";
  FloorMap map;
  map.places = {{"park", {0, 0}, PlaceKind::kParking},
                {"pick", {3, 0}, PlaceKind::kStation},
                {"drop", {3, 3}, PlaceKind::kStation}};
  MqttOptions manager_options;
  manager_options.port = port;
  manager_options.client_id = "tianmu-fleet-manager-test";
  MqttTransport manager_link(manager_options);
  ManagerConfig config;
  config.map = map;
  config.resend_after_s = 1.0;
  FleetManager manager(config, &manager_link);
  manager.AddRobot("r1", 0);

  MqttOptions robot_options;
  robot_options.port = port;
  robot_options.client_id = "tianmu-r1-test";
  robot_options.will_topic = Topic("tianmu", "r1", MessageKind::kConnection);
  robot_options.will_payload =
      EncodeConnection({{0, IsoTimestamp(0), kProtocolVersion, "tianmu", "r1"},
                        ConnectionState::kConnectionBroken})
          .dump();
  MqttTransport robot_link(robot_options);
  AgentConfig agent_config;
  agent_config.serial_number = "r1";
  agent_config.factsheet.series_name = "point";
  agent_config.factsheet.speed_max_mps = 0.5;
  agent_config.factsheet.action_types = {"pick", "drop"};
  agent_config.state_period_s = 0.2;
  RobotAgent agent(agent_config, &robot_link);
  KinematicBody body;
  ASSERT_TRUE(manager_link.WaitConnected(10));
  ASSERT_TRUE(robot_link.WaitConnected(10));

  // Real time: the broker is a separate process. 20 ms steps.
  const Clock::time_point start = Clock::now();
  auto step = [&] {
    const double now = Since(start);
    body.Step(agent.Tick(now, body.reading), 0.02);
    manager.Tick(now);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  };
  auto run_until = [&](const std::function<bool()>& done, double timeout_s) {
    const Clock::time_point begin = Clock::now();
    while (!done()) {
      if (Since(begin) > timeout_s) return false;
      step();
    }
    return true;
  };
  ASSERT_TRUE(run_until([&] { return manager.robots().at("r1").online; }, 10))
      << "the manager never saw the robot's connection message";
  manager.AddOrder({"o1", {{1, "pick", 1.0}, {2, "drop", 1.0}}, 0}, Since(start));
  ASSERT_TRUE(run_until([&] { return agent.state().driving; }, 10)) << "the order never arrived";
  ASSERT_TRUE(run_until([&] { return body.reading.position_m.x() > 1.0; }, 10));

  // Kill the broker mid-order.
  broker.Stop();
  const Clock::time_point killed = Clock::now();
  ASSERT_TRUE(run_until([&] { return agent.deadman_stopped(); }, 5));
  const double stop_latency_s = Since(killed);
  // The socket closes with the broker, so the deadman acts within a few ticks; 0.5 s bounds it.
  EXPECT_LT(stop_latency_s, 0.5);
  EXPECT_DOUBLE_EQ(body.reading.speed_mps, 0.0);
  const Eigen::Vector2d stopped_at = body.reading.position_m;
  for (int i = 0; i < 25; ++i) step();  // half a second without a broker: it stays put
  EXPECT_LT((body.reading.position_m - stopped_at).norm(), 1e-9);
  EXPECT_TRUE(agent.state().paused);

  // The broker comes back on the same port: both reconnect, the robot republishes its state and
  // the order resumes to the end.
  ASSERT_TRUE(broker.Start());
  ASSERT_TRUE(run_until([&] { return robot_link.connected() && manager_link.connected(); }, 10));
  EXPECT_GE(robot_link.connects(), 2);
  ASSERT_TRUE(run_until([&] { return manager.orders().at("o1").finished_s >= 0; }, 40))
      << "the order did not resume";
  EXPECT_EQ(agent.deadman_stops(), 1);
  EXPECT_LT((body.reading.position_m - Eigen::Vector2d(3, 3)).norm(), 0.5);
  EXPECT_TRUE(manager.robots().at("r1").online);
}

}  // namespace
}  // namespace tianmu::fleet
