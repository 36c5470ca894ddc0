// The order message (master control → robot): a graph of nodes and edges to traverse, with
// actions; the released part (base) may be driven, the rest (horizon) is only announced. Order
// updates extend the base under the same orderId with a higher orderUpdateId.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/fleet/action.h"
#include "tianmu/fleet/message_header.h"

namespace tianmu::fleet {

/// Where a node is on the floor map (shared floor frame, metres and radians).
struct NodePosition {
  double x_m = 0;
  double y_m = 0;
  std::optional<double> theta_rad;      ///< heading to reach, when it matters
  double allowed_deviation_xy_m = 0.1;  ///< how close counts as arrived
  std::string map_id = "floor";         ///< which map the coordinates are on
};

/// A node: a place to traverse or stop at. sequenceId is even (0, 2, 4, ...).
struct Node {
  std::string node_id;
  std::uint32_t sequence_id = 0;
  bool released = true;
  std::optional<NodePosition> position;  ///< nodePosition
  std::vector<Action> actions;
};

/// An edge between two consecutive nodes. sequenceId is odd (1, 3, ...).
struct Edge {
  std::string edge_id;
  std::uint32_t sequence_id = 1;
  bool released = true;
  std::string start_node_id;
  std::string end_node_id;
  std::optional<double> max_speed_mps;  ///< maxSpeed
  std::vector<Action> actions;
};

/// An order.
struct Order {
  MessageHeader header;
  std::string order_id;
  std::uint32_t order_update_id = 0;
  std::optional<std::string> zone_set_id;
  std::vector<Node> nodes;  ///< in sequence order
  std::vector<Edge> edges;  ///< nodes.size() - 1 of them, in sequence order
};

/// Most nodes in one order.
inline constexpr std::size_t kMaxOrderNodes = 1000;
/// Most actions at one node or edge.
inline constexpr std::size_t kMaxActionsPerStep = 16;

/// Encodes an order.
nlohmann::json EncodeOrder(const Order& order);

/// Decodes an order and checks its graph: node sequenceIds even and consecutive from the first,
/// edges odd and between them, each edge joining its neighbouring nodes, released nodes and
/// edges a prefix (no released step after an unreleased one), positions finite and on the floor.
/// InputError "order: FIELD: expected ..." otherwise.
Order DecodeOrder(const nlohmann::json& payload);

/// ParsePayload + DecodeOrder.
Order DecodeOrderText(const std::string& text);

}  // namespace tianmu::fleet
