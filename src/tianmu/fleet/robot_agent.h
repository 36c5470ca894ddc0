// The robot side of the fleet protocol: takes orders and instant actions off its topics, walks to
// the released nodes one after the other, performs node actions (standing for their duration),
// publishes its state, and stops (deadman) as soon as its link to the bus is lost; when the link
// comes back it announces itself, republishes its state and carries on with its order.
#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>

#include "tianmu/fleet/factsheet.h"
#include "tianmu/fleet/order.h"
#include "tianmu/fleet/state.h"
#include "tianmu/fleet/transport.h"

namespace tianmu::fleet {

/// How the agent behaves.
struct AgentConfig {
  std::string manufacturer = "tianmu";
  std::string serial_number;
  Factsheet factsheet;            ///< published on connect; header filled in by the agent
  double state_period_s = 1.0;    ///< state is published at least this often
  double default_action_s = 2.0;  ///< an action without a duration_s parameter takes this
  double battery_drain_pct_per_s = 100.0 / 7200;  ///< a two-hour battery
  double start_battery_pct = 100;
  /// Wall clock for message timestamps (seconds since 1970); 0 uses the fleet clock from
  /// 2026-12-08.
  double epoch_s = 1796688000.0;
};

/// Where the body is (its own estimate, floor frame).
struct BodyReading {
  Eigen::Vector2d position_m = Eigen::Vector2d::Zero();
  double heading_rad = 0;
  double speed_mps = 0;  ///< horizontal base speed
  bool standing = true;  ///< the controller reports a still stand
  bool fallen = false;
};

/// What the body should do now.
struct MotionCommand {
  bool walk = false;  ///< false: stop and stand
  Eigen::Vector2d target_m = Eigen::Vector2d::Zero();
  double speed_mps = 0.3;
  double tolerance_m = 0.1;
};

/// One robot's agent. Tick it at the skill rate (e.g. 10-100 Hz).
class RobotAgent {
 public:
  /// Subscribes to the robot's order and instantActions topics on `transport` (not owned).
  RobotAgent(AgentConfig config, Transport* transport);

  /// Reads messages, applies the deadman, advances the order and returns the motion to command.
  MotionCommand Tick(double now_s, const BodyReading& body);

  /// The state as last built (published or not).
  const State& state() const { return state_; }
  /// True while the deadman holds the robot (link to the bus lost).
  bool deadman_stopped() const { return deadman_; }
  /// How many times the deadman has stopped the robot.
  int deadman_stops() const { return deadman_stops_; }
  /// True while the robot executes an order (nodes or actions left).
  bool busy() const;

 private:
  void HandleOrder(const std::string& payload, double now_s, const BodyReading& body);
  void HandleInstantActions(const std::string& payload, double now_s);
  void Publish(double now_s, const BodyReading& body);
  void Announce(double now_s, const BodyReading& body);
  MessageHeader Header(std::uint32_t* counter, double now_s) const;
  void AddError(const std::string& type, const std::string& level, const std::string& text);
  void ReachNode(std::size_t index, double now_s);
  void SetActionStatus(const std::string& action_id, ActionStatus status);

  AgentConfig config_;
  Transport* transport_;
  State state_;
  std::optional<Order> order_;
  std::size_t last_node_index_ = 0;  ///< index into order_->nodes of the last node reached
  std::size_t action_index_ = 0;     ///< next action of that node to run
  double action_end_s_ = -1;         ///< when the running action ends, -1: none running
  bool paused_ = false;
  bool deadman_ = false;
  bool was_connected_ = false;
  int deadman_stops_ = 0;
  bool dirty_ = true;  ///< state changed in a way worth publishing at once
  double last_publish_s_ = -1e9, last_tick_s_ = 0;
  std::uint32_t state_counter_ = 0, connection_counter_ = 0, factsheet_counter_ = 0;
};

}  // namespace tianmu::fleet
