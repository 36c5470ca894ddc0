// The connection message (robot → master control, retained): ONLINE when the robot connects,
// OFFLINE when it leaves cleanly, CONNECTIONBROKEN sent by the broker as its last will.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tianmu/fleet/message_header.h"

namespace tianmu::fleet {

/// The robot's link to the broker.
enum class ConnectionState { kOnline, kOffline, kConnectionBroken };

/// "ONLINE", "OFFLINE", "CONNECTIONBROKEN".
const char* ConnectionStateName(ConnectionState state);

/// A connection message.
struct Connection {
  MessageHeader header;
  ConnectionState state = ConnectionState::kOnline;
};

/// Encodes a connection message.
nlohmann::json EncodeConnection(const Connection& message);

/// Decodes and checks one; InputError "connection: FIELD: ..." otherwise.
Connection DecodeConnection(const nlohmann::json& payload);

}  // namespace tianmu::fleet
