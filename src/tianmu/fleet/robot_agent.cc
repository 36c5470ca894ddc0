#include "tianmu/fleet/robot_agent.h"

#include <cmath>
#include <set>

#include "tianmu/core/error.h"
#include "tianmu/fleet/connection.h"
#include "tianmu/fleet/instant_actions.h"
#include "tianmu/fleet/topic.h"

namespace tianmu::fleet {
namespace {

constexpr std::size_t kMaxErrors = 8;  ///< keep only the latest errors in the state

}  // namespace

RobotAgent::RobotAgent(AgentConfig config, Transport* transport)
    : config_(std::move(config)), transport_(transport) {
  state_.header.manufacturer = config_.manufacturer;
  state_.header.serial_number = config_.serial_number;
  state_.battery_charge_pct = config_.start_battery_pct;
  state_.agv_position = AgvPosition{};
  transport_->Subscribe(Topic(config_.manufacturer, config_.serial_number, MessageKind::kOrder));
  transport_->Subscribe(
      Topic(config_.manufacturer, config_.serial_number, MessageKind::kInstantActions));
}

bool RobotAgent::busy() const {
  return order_ && (last_node_index_ + 1 < order_->nodes.size() || action_end_s_ >= 0 ||
                    action_index_ < order_->nodes[last_node_index_].actions.size());
}

MessageHeader RobotAgent::Header(std::uint32_t* counter, double now_s) const {
  MessageHeader h;
  h.header_id = (*counter)++;
  h.timestamp = IsoTimestamp(config_.epoch_s + now_s);
  h.manufacturer = config_.manufacturer;
  h.serial_number = config_.serial_number;
  return h;
}

void RobotAgent::AddError(const std::string& type, const std::string& level,
                          const std::string& text) {
  if (state_.errors.size() >= kMaxErrors) state_.errors.erase(state_.errors.begin());
  state_.errors.push_back({type, level, text.substr(0, kMaxStringLength)});
  dirty_ = true;
}

void RobotAgent::SetActionStatus(const std::string& action_id, ActionStatus status) {
  for (ActionState& a : state_.action_states) {
    if (a.action_id == action_id) a.status = status;
  }
  dirty_ = true;
}

void RobotAgent::Announce(double now_s, const BodyReading& body) {
  const std::string base =
      std::string(kTopicPrefix) + "/" + config_.manufacturer + "/" + config_.serial_number + "/";
  transport_->Publish(
      base + "connection",
      EncodeConnection({Header(&connection_counter_, now_s), ConnectionState::kOnline}).dump(),
      true);
  Factsheet f = config_.factsheet;
  f.header = Header(&factsheet_counter_, now_s);
  transport_->Publish(base + "factsheet", EncodeFactsheet(f).dump(), true);
  Publish(now_s, body);
}

void RobotAgent::Publish(double now_s, const BodyReading& body) {
  state_.header = Header(&state_counter_, now_s);
  state_.agv_position->x_m = body.position_m.x();
  state_.agv_position->y_m = body.position_m.y();
  state_.agv_position->theta_rad = std::remainder(body.heading_rad, 2 * M_PI);
  state_.velocity_vx_mps = body.speed_mps;
  state_.paused = paused_ || deadman_;
  state_.node_states.clear();
  state_.edge_states.clear();
  if (order_) {
    for (std::size_t i = last_node_index_ + 1; i < order_->nodes.size(); ++i) {
      const Node& n = order_->nodes[i];
      state_.node_states.push_back({n.node_id, n.sequence_id, n.released});
      const Edge& e = order_->edges[i - 1];
      state_.edge_states.push_back({e.edge_id, e.sequence_id, e.released});
    }
  }
  transport_->Publish(Topic(config_.manufacturer, config_.serial_number, MessageKind::kState),
                      EncodeState(state_).dump(), false);
  last_publish_s_ = now_s;
  dirty_ = false;
}

void RobotAgent::ReachNode(std::size_t index, double now_s) {
  last_node_index_ = index;
  action_index_ = 0;
  action_end_s_ = -1;
  state_.last_node_id = order_->nodes[index].node_id;
  state_.last_node_sequence_id = order_->nodes[index].sequence_id;
  (void)now_s;
  dirty_ = true;
}

void RobotAgent::HandleOrder(const std::string& payload, double now_s, const BodyReading& body) {
  Order order;
  try {
    order = DecodeOrderText(payload);
  } catch (const InputError& e) {
    AddError("validationError", "WARNING", e.what());
    return;
  }
  if (order.header.serial_number != config_.serial_number) {
    AddError("validationError", "WARNING", "order for " + order.header.serial_number);
    return;
  }
  if (order_ && order.order_id == order_->order_id) {
    if (order.order_update_id == order_->order_update_id) return;  // a QoS 1 duplicate
    if (order.order_update_id < order_->order_update_id) {
      AddError("orderUpdateError", "WARNING", "orderUpdateId went back for " + order.order_id);
      return;
    }
    // An update continues from the last released node of the base.
    std::size_t base_end = 0;
    while (base_end + 1 < order_->nodes.size() && order_->nodes[base_end + 1].released) {
      ++base_end;
    }
    const Node& stitch = order_->nodes[base_end];
    if (order.nodes.front().node_id != stitch.node_id ||
        order.nodes.front().sequence_id != stitch.sequence_id) {
      AddError("orderUpdateError", "WARNING",
               "update " + std::to_string(order.order_update_id) + " does not start at node " +
                   stitch.node_id);
      return;
    }
    // The horizon is replaced: actions of dropped nodes are no longer expected.
    std::set<std::string> dropped;
    for (std::size_t i = base_end + 1; i < order_->nodes.size(); ++i) {
      for (const Action& a : order_->nodes[i].actions) dropped.insert(a.action_id);
    }
    std::erase_if(state_.action_states,
                  [&](const ActionState& a) { return dropped.count(a.action_id) != 0; });
    order_->nodes.resize(base_end);
    order_->edges.resize(base_end);
    order_->nodes.insert(order_->nodes.end(), order.nodes.begin(), order.nodes.end());
    order_->edges.insert(order_->edges.end(), order.edges.begin(), order.edges.end());
    order_->order_update_id = order.order_update_id;
    state_.order_update_id = order.order_update_id;
    for (std::size_t i = 1; i < order.nodes.size(); ++i) {
      for (const Action& a : order.nodes[i].actions) {
        bool known = false;
        for (const ActionState& s : state_.action_states)
          known = known || s.action_id == a.action_id;
        if (!known)
          state_.action_states.push_back({a.action_id, a.action_type, ActionStatus::kWaiting, ""});
      }
    }
    dirty_ = true;
    return;
  }
  if (busy()) {
    AddError("orderError", "WARNING",
             "order " + order.order_id + " refused: still executing " + order_->order_id);
    return;
  }
  const Node& first = order.nodes.front();
  if (first.position) {
    const double off_m = std::hypot(first.position->x_m - body.position_m.x(),
                                    first.position->y_m - body.position_m.y());
    if (off_m > std::max(first.position->allowed_deviation_xy_m, 0.5)) {
      AddError("noRouteError", "WARNING",
               "order " + order.order_id + " refused: first node " + first.node_id + " is " +
                   std::to_string(off_m) + " m away");
      return;
    }
  }
  for (const Node& n : order.nodes) {
    if (!n.position) {
      AddError("orderError", "WARNING", "node " + n.node_id + " has no nodePosition");
      return;
    }
  }
  order_ = std::move(order);
  state_.order_id = order_->order_id;
  state_.order_update_id = order_->order_update_id;
  state_.action_states.clear();
  for (const Node& n : order_->nodes) {
    for (const Action& a : n.actions) {
      state_.action_states.push_back({a.action_id, a.action_type, ActionStatus::kWaiting, ""});
    }
  }
  ReachNode(0, now_s);
}

void RobotAgent::HandleInstantActions(const std::string& payload, double now_s) {
  InstantActions message;
  try {
    message = DecodeInstantActionsText(payload);
  } catch (const InputError& e) {
    AddError("validationError", "WARNING", e.what());
    return;
  }
  for (const Action& a : message.actions) {
    ActionStatus status = ActionStatus::kFinished;
    if (a.action_type == "cancelOrder") {
      if (order_) {
        for (ActionState& s : state_.action_states) {
          if (s.status != ActionStatus::kFinished) s.status = ActionStatus::kFailed;
        }
        // Stop where it is: the remaining nodes are dropped, the last node stays.
        order_->nodes.resize(last_node_index_ + 1);
        order_->edges.resize(last_node_index_);
        order_->nodes.back().actions.clear();
        action_index_ = 0;
        action_end_s_ = -1;
      } else {
        status = ActionStatus::kFailed;
        AddError("noOrderToCancel", "WARNING", "cancelOrder without an order");
      }
    } else if (a.action_type == "startPause") {
      paused_ = true;
    } else if (a.action_type == "stopPause") {
      paused_ = false;
    } else if (a.action_type == "stateRequest" || a.action_type == "factsheetRequest") {
      dirty_ = true;
    } else {
      status = ActionStatus::kFailed;
      AddError("unknownInstantAction", "WARNING", "cannot do instant action " + a.action_type);
    }
    state_.action_states.push_back({a.action_id, a.action_type, status, ""});
    if (state_.action_states.size() > kMaxOrderNodes) {
      state_.action_states.erase(state_.action_states.begin());
    }
  }
  (void)now_s;
  dirty_ = true;
}

MotionCommand RobotAgent::Tick(double now_s, const BodyReading& body) {
  const double dt_s = std::max(0.0, now_s - last_tick_s_);
  last_tick_s_ = now_s;
  state_.battery_charge_pct =
      std::max(0.0, state_.battery_charge_pct - config_.battery_drain_pct_per_s * dt_s);
  MotionCommand stand;
  const bool connected = transport_->connected();
  if (!connected) {
    // Deadman: no bus, no traffic control; stand still until the link is back.
    if (!deadman_) ++deadman_stops_;
    deadman_ = true;
    was_connected_ = false;
    state_.paused = true;  // what the next state will say, once it can be sent
    state_.driving = false;
    if (action_end_s_ >= 0) action_end_s_ += dt_s;  // a timed action does not run on meanwhile
    return stand;
  }
  if (!was_connected_) {
    was_connected_ = true;
    deadman_ = false;
    Announce(now_s, body);
  }
  for (const BusMessage& m : transport_->Poll()) {
    const std::optional<TopicParts> topic = ParseTopic(m.topic);
    if (!topic) continue;
    if (topic->kind == MessageKind::kOrder) HandleOrder(m.payload, now_s, body);
    if (topic->kind == MessageKind::kInstantActions) HandleInstantActions(m.payload, now_s);
  }
  MotionCommand command;
  if (body.fallen) {
    if (state_.errors.empty() || state_.errors.back().error_type != "fallen") {
      AddError("fallen", "FATAL", "the robot fell");
    }
  } else if (order_ && !paused_) {
    const Node& at = order_->nodes[last_node_index_];
    if (action_end_s_ >= 0) {
      if (now_s >= action_end_s_) {
        SetActionStatus(at.actions[action_index_].action_id, ActionStatus::kFinished);
        ++action_index_;
        action_end_s_ = -1;
      }
    } else if (action_index_ < at.actions.size()) {
      const Action& a = at.actions[action_index_];
      if (body.standing) {  // actions start once the robot stands
        SetActionStatus(a.action_id, ActionStatus::kRunning);
        action_end_s_ = now_s + a.NumberParameter("duration_s", config_.default_action_s);
      }
    } else if (last_node_index_ + 1 < order_->nodes.size() &&
               order_->nodes[last_node_index_ + 1].released) {
      const Node& next = order_->nodes[last_node_index_ + 1];
      const Eigen::Vector2d target(next.position->x_m, next.position->y_m);
      const double distance_m = (target - body.position_m).norm();
      const bool stops_there = !next.actions.empty() ||
                               last_node_index_ + 2 >= order_->nodes.size() ||
                               !order_->nodes[last_node_index_ + 2].released;
      if (distance_m <= next.position->allowed_deviation_xy_m && (!stops_there || body.standing)) {
        ReachNode(last_node_index_ + 1, now_s);
      } else {
        command.walk = true;
        command.target_m = target;
        command.tolerance_m = 0.5 * next.position->allowed_deviation_xy_m;
        command.speed_mps = config_.factsheet.speed_max_mps;
        const Edge& edge = order_->edges[last_node_index_];
        if (edge.max_speed_mps)
          command.speed_mps = std::min(command.speed_mps, *edge.max_speed_mps);
      }
    }
  }
  state_.driving = command.walk;
  if (dirty_ || now_s - last_publish_s_ >= config_.state_period_s) Publish(now_s, body);
  return command;
}

}  // namespace tianmu::fleet
