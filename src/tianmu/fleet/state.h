// The state message (robot → master control): which order and node the robot is at, the nodes
// and edges still to go, its pose, velocity, battery, action progress, errors and safety state.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/fleet/message_header.h"

namespace tianmu::fleet {

/// A node still to traverse (nodeStates).
struct NodeState {
  std::string node_id;
  std::uint32_t sequence_id = 0;
  bool released = true;
};

/// An edge still to traverse (edgeStates).
struct EdgeState {
  std::string edge_id;
  std::uint32_t sequence_id = 1;
  bool released = true;
};

/// Where an action is (VDA 5050 actionStatus).
enum class ActionStatus { kWaiting, kInitializing, kRunning, kPaused, kFinished, kFailed };

/// "WAITING", "INITIALIZING", "RUNNING", "PAUSED", "FINISHED", "FAILED".
const char* ActionStatusName(ActionStatus status);

/// Progress of one action of the current order or of an instant action.
struct ActionState {
  std::string action_id;
  std::string action_type;
  ActionStatus status = ActionStatus::kWaiting;
  std::string result_description;  ///< resultDescription, may be empty
};

/// The robot's pose on the floor map (agvPosition), shared floor frame.
struct AgvPosition {
  double x_m = 0;
  double y_m = 0;
  double theta_rad = 0;
  std::string map_id = "floor";
  bool position_initialized = true;
};

/// An error the robot reports (errors[]).
struct RobotError {
  std::string error_type;         ///< "orderError", "noRouteError", ...
  std::string error_level;        ///< "WARNING" or "FATAL"
  std::string error_description;  ///< one line for people
};

/// The state message.
struct State {
  MessageHeader header;
  std::string order_id;  ///< "" when the robot has no order
  std::uint32_t order_update_id = 0;
  std::string last_node_id;
  std::uint32_t last_node_sequence_id = 0;
  std::vector<NodeState> node_states;
  std::vector<EdgeState> edge_states;
  std::optional<AgvPosition> agv_position;
  double velocity_vx_mps = 0, velocity_vy_mps = 0, velocity_omega_radps = 0;  ///< base frame
  bool driving = false;
  bool paused = false;
  std::vector<ActionState> action_states;
  double battery_charge_pct = 100;  ///< batteryState.batteryCharge, 0..100
  bool charging = false;            ///< batteryState.charging
  std::string operating_mode = "AUTOMATIC";
  std::vector<RobotError> errors;
  std::string e_stop = "NONE";   ///< safetyState.eStop: AUTOACK, MANUAL, REMOTE or NONE
  bool field_violation = false;  ///< safetyState.fieldViolation
};

/// Encodes a state.
nlohmann::json EncodeState(const State& state);

/// Decodes and checks a state; InputError "state: FIELD: expected ..." otherwise.
State DecodeState(const nlohmann::json& payload);

/// ParsePayload + DecodeState.
State DecodeStateText(const std::string& text);

}  // namespace tianmu::fleet
