// VDA 5050-shaped messages: each round-trips through JSON, and hostile or malformed payloads are
// refused with an error naming the message and the field.
#include <gtest/gtest.h>

#include <string>

#include "input_error_of.h"
#include "tianmu/fleet/connection.h"
#include "tianmu/fleet/factsheet.h"
#include "tianmu/fleet/instant_actions.h"
#include "tianmu/fleet/order.h"
#include "tianmu/fleet/state.h"
#include "tianmu/fleet/topic.h"

namespace tianmu::fleet {
namespace {

using testing::InputErrorOf;

MessageHeader Header() {
  MessageHeader h;
  h.header_id = 7;
  h.timestamp = IsoTimestamp(1796688000.25);
  h.manufacturer = "tianmu";
  h.serial_number = "tm1-01";
  return h;
}

Order TwoStopOrder() {
  Order order;
  order.header = Header();
  order.order_id = "order-1";
  order.order_update_id = 0;
  for (int i = 0; i < 3; ++i) {
    Node n;
    n.node_id = "n" + std::to_string(i);
    n.sequence_id = 2 * i;
    n.released = i < 2;
    n.position = NodePosition{1.0 * i, -0.5 * i, i == 1 ? std::optional<double>(0.5) : std::nullopt,
                              0.15, "floor"};
    if (i == 1) {
      n.actions.push_back({"pick", "a1", BlockingType::kHard, {{"duration_s", 2.0}}});
    }
    order.nodes.push_back(n);
  }
  for (int i = 0; i < 2; ++i) {
    Edge e;
    e.edge_id = "e" + std::to_string(i);
    e.sequence_id = 2 * i + 1;
    e.released = i < 1;
    e.start_node_id = "n" + std::to_string(i);
    e.end_node_id = "n" + std::to_string(i + 1);
    e.max_speed_mps = 0.3;
    order.edges.push_back(e);
  }
  return order;
}

TEST(FleetMessages, OrderRoundTripsThroughJsonWithEveryField) {
  const Order order = TwoStopOrder();
  const Order back = DecodeOrderText(EncodeOrder(order).dump());
  EXPECT_EQ(back.header.header_id, 7u);
  EXPECT_EQ(back.header.timestamp, "2026-12-08T00:00:00.250Z");
  EXPECT_EQ(back.header.serial_number, "tm1-01");
  EXPECT_EQ(back.order_id, "order-1");
  ASSERT_EQ(back.nodes.size(), 3u);
  ASSERT_EQ(back.edges.size(), 2u);
  EXPECT_DOUBLE_EQ(back.nodes[2].position->x_m, 2.0);
  EXPECT_DOUBLE_EQ(back.nodes[2].position->y_m, -1.0);
  EXPECT_DOUBLE_EQ(*back.nodes[1].position->theta_rad, 0.5);
  EXPECT_FALSE(back.nodes[2].position->theta_rad.has_value());
  EXPECT_FALSE(back.nodes[2].released);
  EXPECT_TRUE(back.edges[0].released);
  ASSERT_EQ(back.nodes[1].actions.size(), 1u);
  EXPECT_EQ(back.nodes[1].actions[0].action_type, "pick");
  EXPECT_DOUBLE_EQ(back.nodes[1].actions[0].NumberParameter("duration_s", 0), 2.0);
  EXPECT_EQ(EncodeOrder(back), EncodeOrder(order));
}

// Each broken payload names the field that is wrong.
TEST(FleetMessages, MalformedOrdersNameTheField) {
  auto error = [](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = EncodeOrder(TwoStopOrder());
    edit(j);
    return InputErrorOf([&] { DecodeOrder(j); });
  };
  EXPECT_NE(error([](auto& j) { j.erase("orderId"); }).find("orderId"), std::string::npos);
  EXPECT_NE(error([](auto& j) { j["orderUpdateId"] = -1; }).find("orderUpdateId"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) { j["nodes"][1]["sequenceId"] = 3; }).find("nodes[1].sequenceId"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) { j["nodes"][1]["sequenceId"] = 4; }).find("nodes[1].sequenceId"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) {
              j["nodes"][2]["nodePosition"]["x"] = 1e9;
            }).find("nodes[2].nodePosition.x"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) {
              j["nodes"][2]["nodePosition"]["y"] = "far";
            }).find("nodes[2].nodePosition.y"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) { j["edges"][1]["endNodeId"] = "n9"; }).find("edges[1].endNodeId"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) { j["edges"].erase(1); }).find("edges"), std::string::npos);
  // A released node after the horizon started.
  EXPECT_NE(error([](auto& j) { j["nodes"][2]["released"] = true; }).find("edges[1].released"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) {
              j["nodes"][1]["released"] = false;
              j["nodes"][2]["released"] = true;
            }).find("nodes[2].released"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) {
              j["nodes"][1]["actions"][0]["blockingType"] = "MAYBE";
            }).find("nodes[1].actions[0].blockingType"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) {
              j["nodes"][1]["actions"][0]["actionParameters"][0]["value"] = nlohmann::json::array();
            }).find("actionParameters[0].value"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) { j["nodes"][0]["bogus"] = 1; }).find("bogus"), std::string::npos);
  EXPECT_NE(error([](auto& j) { j["timestamp"] = "yesterday"; }).find("timestamp"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) { j["version"] = "1.1.0"; }).find("version"), std::string::npos);
  EXPECT_NE(error([](auto& j) { j["serialNumber"] = "a/b"; }).find("serialNumber"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) { j["orderId"] = std::string(300, 'x'); }).find("orderId"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) { j["orderId"] = std::string("a\x01", 2); }).find("orderId"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) {
              j["nodes"][0]["actions"].push_back(j["nodes"][1]["actions"][0]);
            }).find("unique actionIds"),
            std::string::npos);
}

TEST(FleetMessages, HostilePayloadsAreRefusedBeforeTheyAreRead) {
  const std::string big(kMaxPayloadBytes + 1, ' ');
  EXPECT_NE(InputErrorOf([&] { DecodeOrderText(big); }).find("at most"), std::string::npos);
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "[";
  EXPECT_NE(InputErrorOf([&] { DecodeOrderText("{\"a\":" + deep); }).find("nesting"),
            std::string::npos);
  EXPECT_NE(InputErrorOf([] { DecodeOrderText("{\"orderId\": "); }).find("order: "),
            std::string::npos);
  EXPECT_NE(InputErrorOf([] { DecodeStateText("[1, 2]"); }).find("state: "), std::string::npos);
  nlohmann::json many = EncodeOrder(TwoStopOrder());
  for (std::size_t i = 0; i <= kMaxOrderNodes; ++i) many["nodes"].push_back(many["nodes"][0]);
  EXPECT_NE(InputErrorOf([&] { DecodeOrder(many); }).find("nodes"), std::string::npos);
}

State SampleState() {
  State s;
  s.header = Header();
  s.order_id = "order-1";
  s.order_update_id = 2;
  s.last_node_id = "n1";
  s.last_node_sequence_id = 2;
  s.node_states = {{"n2", 4, true}};
  s.edge_states = {{"e1", 3, true}};
  s.agv_position = AgvPosition{1.5, -2.0, 0.25, "floor", true};
  s.velocity_vx_mps = 0.3;
  s.driving = true;
  s.action_states = {{"a1", "pick", ActionStatus::kFinished, ""}};
  s.battery_charge_pct = 76.5;
  s.errors = {{"noRouteError", "WARNING", "zone n2 held by tm1-02"}};
  return s;
}

TEST(FleetMessages, StateRoundTripsAndChecksRanges) {
  const State back = DecodeStateText(EncodeState(SampleState()).dump());
  EXPECT_EQ(back.order_id, "order-1");
  EXPECT_EQ(back.order_update_id, 2u);
  EXPECT_EQ(back.node_states.at(0).node_id, "n2");
  EXPECT_DOUBLE_EQ(back.agv_position->y_m, -2.0);
  EXPECT_TRUE(back.driving);
  EXPECT_EQ(back.action_states.at(0).status, ActionStatus::kFinished);
  EXPECT_DOUBLE_EQ(back.battery_charge_pct, 76.5);
  EXPECT_EQ(back.errors.at(0).error_type, "noRouteError");
  EXPECT_EQ(EncodeState(back), EncodeState(SampleState()));

  // An idle robot's empty order id is valid.
  State idle = SampleState();
  idle.order_id.clear();
  idle.last_node_id.clear();
  EXPECT_EQ(DecodeState(EncodeState(idle)).order_id, "");

  nlohmann::json j = EncodeState(SampleState());
  j["batteryState"]["batteryCharge"] = 140;
  EXPECT_NE(InputErrorOf([&] { DecodeState(j); }).find("batteryState.batteryCharge"),
            std::string::npos);
  j = EncodeState(SampleState());
  j["actionStates"][0]["actionStatus"] = "DONE";
  EXPECT_NE(InputErrorOf([&] { DecodeState(j); }).find("actionStates[0].actionStatus"),
            std::string::npos);
  j = EncodeState(SampleState());
  j.erase("safetyState");
  EXPECT_NE(InputErrorOf([&] { DecodeState(j); }).find("safetyState"), std::string::npos);
}

TEST(FleetMessages, InstantActionsConnectionAndFactsheetRoundTrip) {
  InstantActions actions;
  actions.header = Header();
  actions.actions = {{"cancelOrder", "c1", BlockingType::kHard, {}},
                     {"startPause", "p1", BlockingType::kHard, {}}};
  const InstantActions back = DecodeInstantActionsText(EncodeInstantActions(actions).dump());
  ASSERT_EQ(back.actions.size(), 2u);
  EXPECT_EQ(back.actions[1].action_type, "startPause");
  EXPECT_TRUE(IsKnownInstantAction("stopPause"));
  EXPECT_FALSE(IsKnownInstantAction("selfDestruct"));
  nlohmann::json j = EncodeInstantActions(actions);
  j["actions"][1]["actionId"] = "c1";
  EXPECT_NE(InputErrorOf([&] { DecodeInstantActions(j); }).find("actions[1].actionId"),
            std::string::npos);

  const Connection broken{Header(), ConnectionState::kConnectionBroken};
  EXPECT_EQ(DecodeConnection(EncodeConnection(broken)).state, ConnectionState::kConnectionBroken);
  nlohmann::json c = EncodeConnection(broken);
  c["connectionState"] = "MAYBE";
  EXPECT_NE(InputErrorOf([&] { DecodeConnection(c); }).find("connectionState"), std::string::npos);

  Factsheet f;
  f.header = Header();
  f.series_name = "TM-1";
  f.speed_max_mps = 0.5;
  f.width_m = 0.6;
  f.length_m = 0.4;
  f.action_types = {"pick", "drop"};
  const Factsheet fb = DecodeFactsheet(EncodeFactsheet(f));
  EXPECT_EQ(fb.series_name, "TM-1");
  EXPECT_EQ(fb.action_types, (std::vector<std::string>{"pick", "drop"}));
  EXPECT_NEAR(FootprintRadius(fb), 0.5 * std::sqrt(0.36 + 0.16), 1e-12);
  nlohmann::json fj = EncodeFactsheet(f);
  fj["physicalParameters"]["speedMax"] = 0;
  EXPECT_NE(InputErrorOf([&] { DecodeFactsheet(fj); }).find("physicalParameters.speedMax"),
            std::string::npos);
}

TEST(FleetMessages, TopicsFollowTheInterfaceLayout) {
  EXPECT_EQ(Topic("tianmu", "tm1-01", MessageKind::kOrder), "uagv/v2/tianmu/tm1-01/order");
  EXPECT_EQ(TopicFilter(MessageKind::kState), "uagv/v2/+/+/state");
  const std::optional<TopicParts> parts = ParseTopic("uagv/v2/tianmu/tm1-02/instantActions");
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->serial_number, "tm1-02");
  EXPECT_EQ(parts->kind, MessageKind::kInstantActions);
  EXPECT_FALSE(ParseTopic("uagv/v2/tianmu/tm1-02/unknown").has_value());
  EXPECT_FALSE(ParseTopic("uagv/v2/tianmu/a/b/state").has_value());
  EXPECT_FALSE(ParseTopic("uagv/v1/tianmu/tm1/state").has_value());
  EXPECT_FALSE(ParseTopic("uagv/v2//tm1/state").has_value());
}

TEST(FleetMessages, TimestampsAreIsoUtcWithMilliseconds) {
  EXPECT_EQ(IsoTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_TRUE(IsIsoTimestamp("2026-12-08T01:02:03.456Z"));
  EXPECT_TRUE(IsIsoTimestamp("2026-12-08T01:02:03Z"));
  EXPECT_FALSE(IsIsoTimestamp("2026-12-08 01:02:03Z"));
  EXPECT_FALSE(IsIsoTimestamp("2026-12-08T01:02:03.Z"));
  EXPECT_FALSE(IsIsoTimestamp("2026-12-08T01:02:03.456"));
}

}  // namespace
}  // namespace tianmu::fleet
