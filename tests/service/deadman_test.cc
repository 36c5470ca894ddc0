// The deadman: an operator who drives the robot and then goes quiet (no keep-alives) or
// disconnects makes it stop walking and stand, measured from ground truth in the state.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "service_test_util.h"

namespace tianmu::service {
namespace {

using testing::Http;
using Clock = std::chrono::steady_clock;

nlohmann::json State(const testing::TestService& s) {
  return Http(s.port(), "GET", "/api/v1/state", s.viewer_token()).json();
}

double HorizontalSpeed(const nlohmann::json& state) {
  const auto& v = state["base"]["linear_velocity_mps"];
  return std::hypot(v[0].get<double>(), v[1].get<double>());
}

// Waits up to `timeout_s` for the robot to stand still: the walking generator says "standing"
// and the base moves slower than 5 cm/s (ground truth; standing sway is well below that).
bool WaitForStandstill(const testing::TestService& s, double timeout_s) {
  const auto end = Clock::now() + std::chrono::duration<double>(timeout_s);
  while (Clock::now() < end) {
    const nlohmann::json state = State(s);
    if (state["mode"] == "standing" && HorizontalSpeed(state) < 0.05) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST(Deadman, OperatorWhoStopsSendingKeepAlivesMakesTheRobotStop) {
  ServiceOptions options;
  options.deadman_timeout_s = 0.4;
  testing::TestService s(options);
  const std::string& op = s.operator_token();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // settle on the ground
  const double x0 = State(s)["base"]["position_m"][0].get<double>();
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/walk", op, R"({"vx_mps": 0.4})").status, 202);
  // Keep-alives every 100 ms: the robot keeps walking for 2.5 s.
  for (int i = 0; i < 25; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_EQ(Http(s.port(), "POST", "/api/v1/keepalive", op).status, 200);
  }
  nlohmann::json state = State(s);
  EXPECT_TRUE(state["driving"].get<bool>());
  EXPECT_DOUBLE_EQ(state["command"]["vx_mps"].get<double>(), 0.4);
  // At 0.4 m/s, 2.5 s with the start-up step: comfortably more than 0.3 m.
  EXPECT_GT(state["base"]["position_m"][0].get<double>() - x0, 0.3);
  // Silence: within the timeout (plus one 5 ms server tick and the 5 ms snapshot period) the
  // command is zero and a warning says why.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  state = State(s);
  EXPECT_FALSE(state["driving"].get<bool>());
  EXPECT_DOUBLE_EQ(state["command"]["vx_mps"].get<double>(), 0.0);
  ASSERT_FALSE(state["warnings"].empty());
  EXPECT_NE(state["warnings"].back()["message"].get<std::string>().find("deadman"),
            std::string::npos);
  EXPECT_TRUE(WaitForStandstill(s, 4.0)) << State(s).dump();
  EXPECT_FALSE(State(s)["fallen"].get<bool>());
  EXPECT_EQ(s.service->stats().deadman_stops, 1u);
}

TEST(Deadman, DrivingWebSocketSessionThatDisconnectsStopsTheRobotAtOnce) {
  ServiceOptions options;
  options.deadman_timeout_s = 30;  // long: only the disconnect can stop it within the test
  testing::TestService s(options);
  auto ws = testing::OpenWebSocket(s.port(), s.operator_token());
  ws->Send(testing::ClientFrame(
      0x1,
      R"({"op":"advertise","channels":[{"id":5,"topic":"/cmd_vel","encoding":"json","schemaName":"tianmu.VelocityCommand"}]})"));
  std::string data = "\x01";
  data += std::string("\x05\x00\x00\x00", 4);
  data += R"({"vx_mps": 0.3})";
  ws->Send(testing::ClientFrame(0x2, data));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  nlohmann::json state = State(s);
  EXPECT_TRUE(state["driving"].get<bool>());
  EXPECT_DOUBLE_EQ(state["command"]["vx_mps"].get<double>(), 0.3);
  ws->Reset();  // abrupt: TCP reset, no close frame
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  state = State(s);
  EXPECT_FALSE(state["driving"].get<bool>());
  EXPECT_DOUBLE_EQ(state["command"]["vx_mps"].get<double>(), 0.0);
  EXPECT_TRUE(WaitForStandstill(s, 4.0)) << State(s).dump();
}

TEST(Deadman, ViewerSessionsCannotPublishCommands) {
  testing::TestService s;
  auto ws = testing::OpenWebSocket(s.port(), s.viewer_token());
  ws->Send(testing::ClientFrame(
      0x1,
      R"({"op":"advertise","channels":[{"id":5,"topic":"/cmd_vel","encoding":"json","schemaName":"x"}]})"));
  const std::string reply = ws->Receive(500);
  EXPECT_NE(reply.find("operator token"), std::string::npos);
}

TEST(Estop, EstopWhileWalkingStopsTheRobotAndRefusesWalkUntilReset) {
  testing::TestService s;
  const std::string& op = s.operator_token();
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/walk", op, R"({"vx_mps": 0.4})").status, 202);
  for (int i = 0; i < 10; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    (void)Http(s.port(), "POST", "/api/v1/keepalive", op);
  }
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/estop", op, "not even json").status, 202);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  nlohmann::json state = State(s);
  EXPECT_TRUE(state["estop"].get<bool>());
  EXPECT_GE(state["estop_time_s"].get<double>(), 0.0);
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/walk", op, R"({"vx_mps": 0.4})").status, 409);
  // A category-1 stop reaches a stable stand within 1.5 s (the cerebellum's bar).
  const auto end = Clock::now() + std::chrono::seconds(3);
  while (Clock::now() < end && State(s)["stopped_time_s"].get<double>() < 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  state = State(s);
  EXPECT_GE(state["stopped_time_s"].get<double>(), 0.0);
  EXPECT_FALSE(state["fallen"].get<bool>());
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/reset", op).status, 202);
  // A reset compiles the new world on a worker thread (about a second on a busy machine).
  const auto reset_end = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < reset_end && State(s)["loop"]["resets"].get<int>() == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  state = State(s);
  EXPECT_FALSE(state["estop"].get<bool>());
  EXPECT_LT(state["time_s"].get<double>(), 1.0);
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/walk", op, R"({"vx_mps": 0.2})").status, 202);
}

// Waits up to `timeout_s` for the controller to report `mode`; returns the last state seen.
nlohmann::json WaitForMode(const testing::TestService& s, const std::string& mode,
                           double timeout_s) {
  const auto end = Clock::now() + std::chrono::duration<double>(timeout_s);
  nlohmann::json state = State(s);
  while (Clock::now() < end && state["mode"] != mode) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    state = State(s);
  }
  return state;
}

TEST(Estop, Category1EndsCrouchedAtRestCategory2HoldsTheStand) {
  testing::TestService s;
  const std::string& op = s.operator_token();
  // Default (robot.yaml: category 1): stand, lower to the rest pose, then damping with the
  // brakes holding. The base ends low but not fallen and stays put.
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/estop", op).status, 202);
  nlohmann::json state = WaitForMode(s, "damping", 20);
  ASSERT_EQ(state["mode"], "damping") << state.dump();
  EXPECT_FALSE(state["fallen"].get<bool>());
  const double rest_z = state["base"]["position_m"][2].get<double>();
  EXPECT_LT(rest_z, 0.7 * testing::Tm1().standing_base_height_m);
  // Category 2 asked for in the request body: stand and hold, power on.
  testing::TestService hold;
  ASSERT_EQ(Http(hold.port(), "POST", "/api/v1/estop", hold.operator_token(), R"({"category": 2})")
                .status,
            202);
  state = WaitForMode(hold, "holding", 20);
  ASSERT_EQ(state["mode"], "holding") << state.dump();
  EXPECT_GT(state["base"]["position_m"][2].get<double>(),
            0.9 * testing::Tm1().standing_base_height_m);
  EXPECT_FALSE(state["fallen"].get<bool>());
}

}  // namespace
}  // namespace tianmu::service
