// What the service publishes about the robot: the JSON of its state (REST) and the telemetry
// channels (topic, JSON schema, message) that the Foxglove WebSocket server advertises.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/service/robot_loop.h"

namespace tianmu::service {

/// One telemetry channel.
struct TelemetryChannel {
  std::uint32_t id = 0;
  std::string topic;        ///< e.g. "/joint_states"
  std::string schema_name;  ///< e.g. "tianmu.JointStates"
  std::string schema;       ///< JSON Schema (draft 2020-12) of the messages, as text
};

/// The channels, ids from 1: joint states, base pose, base twist, foot wrenches, controller
/// status, body poses.
const std::vector<TelemetryChannel>& TelemetryChannels();

/// The JSON message of channel `id` for `snapshot` (empty when `id` is unknown).
std::string TelemetryMessage(std::uint32_t id, const RobotSnapshot& snapshot,
                             const model::RobotSpec& spec,
                             const std::vector<std::string>& body_names);

/// GET /api/v1/state: the whole snapshot with joint names.
nlohmann::json StateJson(const RobotSnapshot& snapshot, const model::RobotSpec& spec);

}  // namespace tianmu::service
