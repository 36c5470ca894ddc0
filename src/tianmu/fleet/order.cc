#include "tianmu/fleet/order.h"

#include <cmath>
#include <set>

namespace tianmu::fleet {
namespace {

nlohmann::json EncodeActions(const std::vector<Action>& actions) {
  nlohmann::json out = nlohmann::json::array();
  for (const Action& a : actions) out.push_back(EncodeAction(a));
  return out;
}

std::vector<Action> DecodeActions(const PayloadReader& reader) {
  std::vector<Action> actions;
  for (const PayloadReader& a : reader.Objects("actions", kMaxActionsPerStep)) {
    actions.push_back(DecodeAction(a));
  }
  return actions;
}

NodePosition DecodePosition(const PayloadReader& p) {
  p.RejectUnknown({"x", "y", "theta", "allowedDeviationXY", "allowedDeviationTheta", "mapId",
                   "mapDescription"});
  NodePosition position;
  position.x_m = p.Number("x", -kMaxCoordinate_m, kMaxCoordinate_m);
  position.y_m = p.Number("y", -kMaxCoordinate_m, kMaxCoordinate_m);
  position.theta_rad = p.OptionalNumber("theta", -M_PI, M_PI);
  position.allowed_deviation_xy_m = p.OptionalNumber("allowedDeviationXY", 0, 100).value_or(0.1);
  p.OptionalNumber("allowedDeviationTheta", 0, M_PI);
  position.map_id = p.String("mapId", 64);
  p.OptionalString("mapDescription");
  return position;
}

}  // namespace

nlohmann::json EncodeOrder(const Order& order) {
  nlohmann::json out = nlohmann::json::object();
  EncodeHeader(order.header, &out);
  out["orderId"] = order.order_id;
  out["orderUpdateId"] = order.order_update_id;
  if (order.zone_set_id) out["zoneSetId"] = *order.zone_set_id;
  nlohmann::json nodes = nlohmann::json::array();
  for (const Node& n : order.nodes) {
    nlohmann::json node = {{"nodeId", n.node_id},
                           {"sequenceId", n.sequence_id},
                           {"released", n.released},
                           {"actions", EncodeActions(n.actions)}};
    if (n.position) {
      node["nodePosition"] = {{"x", n.position->x_m},
                              {"y", n.position->y_m},
                              {"allowedDeviationXY", n.position->allowed_deviation_xy_m},
                              {"mapId", n.position->map_id}};
      if (n.position->theta_rad) node["nodePosition"]["theta"] = *n.position->theta_rad;
    }
    nodes.push_back(std::move(node));
  }
  nlohmann::json edges = nlohmann::json::array();
  for (const Edge& e : order.edges) {
    nlohmann::json edge = {{"edgeId", e.edge_id},        {"sequenceId", e.sequence_id},
                           {"released", e.released},     {"startNodeId", e.start_node_id},
                           {"endNodeId", e.end_node_id}, {"actions", EncodeActions(e.actions)}};
    if (e.max_speed_mps) edge["maxSpeed"] = *e.max_speed_mps;
    edges.push_back(std::move(edge));
  }
  out["nodes"] = std::move(nodes);
  out["edges"] = std::move(edges);
  return out;
}

Order DecodeOrder(const nlohmann::json& payload) {
  const PayloadReader reader(payload, "order", "");
  reader.RejectUnknown(
      {TIANMU_FLEET_HEADER_FIELDS, "orderId", "orderUpdateId", "zoneSetId", "nodes", "edges"});
  Order order;
  order.header = DecodeHeader(reader);
  order.order_id = reader.String("orderId");
  order.order_update_id = static_cast<std::uint32_t>(reader.Unsigned("orderUpdateId", 0xffffffffu));
  order.zone_set_id = reader.OptionalString("zoneSetId");
  const std::vector<PayloadReader> nodes = reader.Objects("nodes", kMaxOrderNodes);
  if (nodes.empty()) reader.Fail("nodes", "at least one node");
  const std::vector<PayloadReader> edges = reader.Objects("edges", kMaxOrderNodes);
  if (edges.size() + 1 != nodes.size()) {
    reader.Fail("edges", "one edge fewer than nodes (" + std::to_string(nodes.size() - 1) +
                             ", got " + std::to_string(edges.size()) + ")");
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const PayloadReader& n = nodes[i];
    n.RejectUnknown(
        {"nodeId", "sequenceId", "released", "nodePosition", "actions", "nodeDescription"});
    Node node;
    node.node_id = n.String("nodeId");
    node.sequence_id = static_cast<std::uint32_t>(n.Unsigned("sequenceId", 0xfffffffeu));
    if (node.sequence_id % 2 != 0) n.Fail("sequenceId", "an even number (nodes are even)");
    if (i > 0 && node.sequence_id != order.nodes[0].sequence_id + 2 * i) {
      n.Fail("sequenceId", "the previous node's + 2 (" +
                               std::to_string(order.nodes[0].sequence_id + 2 * i) + ")");
    }
    node.released = n.Bool("released");
    if (i > 0 && node.released && !order.nodes.back().released) {
      n.Fail("released", "false after an unreleased node (the base comes before the horizon)");
    }
    if (i == 0 && !node.released) n.Fail("released", "true for the first node");
    if (const std::optional<PayloadReader> p = n.OptionalObject("nodePosition")) {
      node.position = DecodePosition(*p);
    }
    n.OptionalString("nodeDescription");
    node.actions = DecodeActions(n);
    order.nodes.push_back(std::move(node));
  }
  std::set<std::string> action_ids;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const PayloadReader& e = edges[i];
    e.RejectUnknown({"edgeId", "sequenceId", "released", "startNodeId", "endNodeId", "maxSpeed",
                     "actions", "edgeDescription", "orientation", "direction", "rotationAllowed",
                     "maxRotationSpeed", "length", "maxHeight", "minHeight"});
    Edge edge;
    edge.edge_id = e.String("edgeId");
    edge.sequence_id = static_cast<std::uint32_t>(e.Unsigned("sequenceId", 0xffffffffu));
    if (edge.sequence_id != order.nodes[i].sequence_id + 1) {
      e.Fail("sequenceId",
             "its start node's + 1 (" + std::to_string(order.nodes[i].sequence_id + 1) + ")");
    }
    edge.released = e.Bool("released");
    if (edge.released && !order.nodes[i + 1].released) {
      e.Fail("released", "false when its end node is not released");
    }
    if (!edge.released && order.nodes[i + 1].released) {
      e.Fail("released", "true when its end node is released");
    }
    edge.start_node_id = e.String("startNodeId");
    edge.end_node_id = e.String("endNodeId");
    if (edge.start_node_id != order.nodes[i].node_id) {
      e.Fail("startNodeId", "the node before it (" + order.nodes[i].node_id + ")");
    }
    if (edge.end_node_id != order.nodes[i + 1].node_id) {
      e.Fail("endNodeId", "the node after it (" + order.nodes[i + 1].node_id + ")");
    }
    edge.max_speed_mps = e.OptionalNumber("maxSpeed", 0, 10);
    e.OptionalString("edgeDescription");
    for (const char* ignored :
         {"orientation", "maxRotationSpeed", "length", "maxHeight", "minHeight"}) {
      e.OptionalNumber(ignored, -1e4, 1e4);
    }
    e.OptionalString("direction");
    e.OptionalBool("rotationAllowed");
    edge.actions = DecodeActions(e);
    order.edges.push_back(std::move(edge));
  }
  // actionIds must be unique in the order: states report actions by id.
  auto check_ids = [&](const std::vector<Action>& actions, const std::string& where) {
    for (const Action& a : actions) {
      if (!action_ids.insert(a.action_id).second) {
        reader.Fail(where + ".actions", "unique actionIds (\"" + a.action_id + "\" repeats)");
      }
    }
  };
  for (std::size_t i = 0; i < order.nodes.size(); ++i) {
    check_ids(order.nodes[i].actions, "nodes[" + std::to_string(i) + "]");
  }
  for (std::size_t i = 0; i < order.edges.size(); ++i) {
    check_ids(order.edges[i].actions, "edges[" + std::to_string(i) + "]");
  }
  return order;
}

Order DecodeOrderText(const std::string& text) { return DecodeOrder(ParsePayload(text, "order")); }

}  // namespace tianmu::fleet
