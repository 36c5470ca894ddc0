#include "tianmu/fleet/state.h"

#include <cmath>

#include "tianmu/fleet/order.h"

namespace tianmu::fleet {
namespace {

constexpr std::size_t kMaxStateEntries = kMaxOrderNodes;

ActionStatus ParseActionStatus(const std::string& text) {
  for (ActionStatus s :
       {ActionStatus::kWaiting, ActionStatus::kInitializing, ActionStatus::kRunning,
        ActionStatus::kPaused, ActionStatus::kFinished, ActionStatus::kFailed}) {
    if (text == ActionStatusName(s)) return s;
  }
  return ActionStatus::kFailed;  // unreachable: Enum() checked the spelling
}

}  // namespace

const char* ActionStatusName(ActionStatus status) {
  switch (status) {
    case ActionStatus::kWaiting:
      return "WAITING";
    case ActionStatus::kInitializing:
      return "INITIALIZING";
    case ActionStatus::kRunning:
      return "RUNNING";
    case ActionStatus::kPaused:
      return "PAUSED";
    case ActionStatus::kFinished:
      return "FINISHED";
    case ActionStatus::kFailed:
      return "FAILED";
  }
  return "FAILED";
}

nlohmann::json EncodeState(const State& state) {
  nlohmann::json out = nlohmann::json::object();
  EncodeHeader(state.header, &out);
  out["orderId"] = state.order_id;
  out["orderUpdateId"] = state.order_update_id;
  out["lastNodeId"] = state.last_node_id;
  out["lastNodeSequenceId"] = state.last_node_sequence_id;
  out["nodeStates"] = nlohmann::json::array();
  for (const NodeState& n : state.node_states) {
    out["nodeStates"].push_back(
        {{"nodeId", n.node_id}, {"sequenceId", n.sequence_id}, {"released", n.released}});
  }
  out["edgeStates"] = nlohmann::json::array();
  for (const EdgeState& e : state.edge_states) {
    out["edgeStates"].push_back(
        {{"edgeId", e.edge_id}, {"sequenceId", e.sequence_id}, {"released", e.released}});
  }
  if (state.agv_position) {
    const AgvPosition& p = *state.agv_position;
    out["agvPosition"] = {{"x", p.x_m},
                          {"y", p.y_m},
                          {"theta", p.theta_rad},
                          {"mapId", p.map_id},
                          {"positionInitialized", p.position_initialized}};
  }
  out["velocity"] = {{"vx", state.velocity_vx_mps},
                     {"vy", state.velocity_vy_mps},
                     {"omega", state.velocity_omega_radps}};
  out["driving"] = state.driving;
  out["paused"] = state.paused;
  out["actionStates"] = nlohmann::json::array();
  for (const ActionState& a : state.action_states) {
    nlohmann::json action = {{"actionId", a.action_id},
                             {"actionType", a.action_type},
                             {"actionStatus", ActionStatusName(a.status)}};
    if (!a.result_description.empty()) action["resultDescription"] = a.result_description;
    out["actionStates"].push_back(std::move(action));
  }
  out["batteryState"] = {{"batteryCharge", state.battery_charge_pct}, {"charging", state.charging}};
  out["operatingMode"] = state.operating_mode;
  out["errors"] = nlohmann::json::array();
  for (const RobotError& e : state.errors) {
    out["errors"].push_back({{"errorType", e.error_type},
                             {"errorLevel", e.error_level},
                             {"errorDescription", e.error_description}});
  }
  out["safetyState"] = {{"eStop", state.e_stop}, {"fieldViolation", state.field_violation}};
  return out;
}

State DecodeState(const nlohmann::json& payload) {
  const PayloadReader reader(payload, "state", "");
  reader.RejectUnknown({TIANMU_FLEET_HEADER_FIELDS,
                        "orderId",
                        "orderUpdateId",
                        "zoneSetId",
                        "lastNodeId",
                        "lastNodeSequenceId",
                        "nodeStates",
                        "edgeStates",
                        "agvPosition",
                        "velocity",
                        "driving",
                        "paused",
                        "newBaseRequest",
                        "distanceSinceLastNode",
                        "actionStates",
                        "batteryState",
                        "operatingMode",
                        "errors",
                        "information",
                        "safetyState",
                        "loads"});
  State state;
  state.header = DecodeHeader(reader);
  // An idle robot reports empty ids; Raw() lets "" through where String() would not.
  auto id_or_empty = [&](const char* field) -> std::string {
    const nlohmann::json* v = reader.Raw(field);
    if (v == nullptr) reader.Fail(field, "a string (missing)");
    if (!v->is_string() || v->get_ref<const std::string&>().size() > kMaxStringLength) {
      reader.Fail(field, "a string of at most " + std::to_string(kMaxStringLength) + " characters");
    }
    if (!v->get_ref<const std::string&>().empty()) return reader.String(field);
    return {};
  };
  state.order_id = id_or_empty("orderId");
  state.order_update_id = static_cast<std::uint32_t>(reader.Unsigned("orderUpdateId", 0xffffffffu));
  reader.OptionalString("zoneSetId");
  state.last_node_id = id_or_empty("lastNodeId");
  state.last_node_sequence_id =
      static_cast<std::uint32_t>(reader.Unsigned("lastNodeSequenceId", 0xffffffffu));
  for (const PayloadReader& n : reader.Objects("nodeStates", kMaxStateEntries)) {
    n.RejectUnknown({"nodeId", "sequenceId", "released", "nodePosition", "nodeDescription"});
    state.node_states.push_back({n.String("nodeId"),
                                 static_cast<std::uint32_t>(n.Unsigned("sequenceId", 0xffffffffu)),
                                 n.Bool("released")});
  }
  for (const PayloadReader& e : reader.Objects("edgeStates", kMaxStateEntries)) {
    e.RejectUnknown({"edgeId", "sequenceId", "released", "edgeDescription", "trajectory"});
    state.edge_states.push_back({e.String("edgeId"),
                                 static_cast<std::uint32_t>(e.Unsigned("sequenceId", 0xffffffffu)),
                                 e.Bool("released")});
  }
  if (const std::optional<PayloadReader> p = reader.OptionalObject("agvPosition")) {
    p->RejectUnknown({"x", "y", "theta", "mapId", "positionInitialized", "localizationScore",
                      "deviationRange", "mapDescription"});
    AgvPosition position;
    position.x_m = p->Number("x", -kMaxCoordinate_m, kMaxCoordinate_m);
    position.y_m = p->Number("y", -kMaxCoordinate_m, kMaxCoordinate_m);
    position.theta_rad = p->Number("theta", -M_PI - 1e-9, M_PI + 1e-9);
    position.map_id = p->String("mapId", 64);
    position.position_initialized = p->Bool("positionInitialized");
    p->OptionalNumber("localizationScore", 0, 1);
    p->OptionalNumber("deviationRange", 0, 1e4);
    p->OptionalString("mapDescription");
    state.agv_position = position;
  }
  if (const std::optional<PayloadReader> v = reader.OptionalObject("velocity")) {
    v->RejectUnknown({"vx", "vy", "omega"});
    state.velocity_vx_mps = v->OptionalNumber("vx", -100, 100).value_or(0);
    state.velocity_vy_mps = v->OptionalNumber("vy", -100, 100).value_or(0);
    state.velocity_omega_radps = v->OptionalNumber("omega", -100, 100).value_or(0);
  }
  state.driving = reader.Bool("driving");
  state.paused = reader.OptionalBool("paused").value_or(false);
  reader.OptionalBool("newBaseRequest");
  reader.OptionalNumber("distanceSinceLastNode", 0, 1e6);
  for (const PayloadReader& a : reader.Objects("actionStates", kMaxStateEntries)) {
    a.RejectUnknown(
        {"actionId", "actionType", "actionStatus", "resultDescription", "actionDescription"});
    ActionState action;
    action.action_id = a.String("actionId");
    action.action_type = a.OptionalString("actionType", 64).value_or("");
    action.status = ParseActionStatus(a.Enum(
        "actionStatus", {"WAITING", "INITIALIZING", "RUNNING", "PAUSED", "FINISHED", "FAILED"}));
    action.result_description = a.OptionalString("resultDescription").value_or("");
    a.OptionalString("actionDescription");
    state.action_states.push_back(std::move(action));
  }
  const PayloadReader battery = reader.Object("batteryState");
  battery.RejectUnknown({"batteryCharge", "batteryVoltage", "batteryHealth", "charging", "reach"});
  state.battery_charge_pct = battery.Number("batteryCharge", 0, 100);
  state.charging = battery.Bool("charging");
  battery.OptionalNumber("batteryVoltage", 0, 1000);
  battery.OptionalNumber("batteryHealth", 0, 100);
  battery.OptionalNumber("reach", 0, 1e7);
  state.operating_mode =
      reader.Enum("operatingMode", {"AUTOMATIC", "SEMIAUTOMATIC", "MANUAL", "SERVICE", "TEACHIN"});
  for (const PayloadReader& e : reader.Objects("errors", 64)) {
    e.RejectUnknown(
        {"errorType", "errorLevel", "errorDescription", "errorReferences", "errorHint"});
    RobotError error;
    error.error_type = e.String("errorType", 64);
    error.error_level = e.Enum("errorLevel", {"WARNING", "FATAL"});
    error.error_description = e.OptionalString("errorDescription").value_or("");
    e.OptionalObjects("errorReferences", 16);
    e.OptionalString("errorHint");
    state.errors.push_back(std::move(error));
  }
  reader.OptionalObjects("information", 64);
  reader.OptionalObjects("loads", 64);
  const PayloadReader safety = reader.Object("safetyState");
  safety.RejectUnknown({"eStop", "fieldViolation"});
  state.e_stop = safety.Enum("eStop", {"AUTOACK", "MANUAL", "REMOTE", "NONE"});
  state.field_violation = safety.Bool("fieldViolation");
  return state;
}

State DecodeStateText(const std::string& text) { return DecodeState(ParsePayload(text, "state")); }

}  // namespace tianmu::fleet
