// The Foxglove WebSocket protocol (subprotocol foxglove.websocket.v1), server side: serverInfo,
// advertise of JSON-schema channels, subscribe/unsubscribe, client publishing (teleoperation),
// and binary message-data frames (opcode 0x01, subscription id, timestamp in ns, payload).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tianmu/service/telemetry.h"

namespace tianmu::service {

/// The WebSocket subprotocol the server speaks.
inline constexpr const char* kFoxgloveSubprotocol = "foxglove.websocket.v1";
/// The client topic an operator publishes velocity commands on (JSON {vx_mps, vy_mps,
/// wz_radps}, or a Twist-like {linear:{x,y}, angular:{z}}).
inline constexpr const char* kCommandTopic = "/cmd_vel";

/// One connected Foxglove client.
struct FoxgloveClient {
  bool may_publish = false;                              ///< operator role
  std::map<std::uint32_t, std::uint32_t> subscriptions;  ///< subscription id -> channel id
  std::map<std::uint32_t, std::string> client_channels;  ///< client channel id -> topic
  std::size_t max_subscriptions = 64;  ///< also the limit on advertised client channels
};

/// What a client's message asked for, beyond the bookkeeping done on FoxgloveClient.
struct FoxgloveClientEvent {
  std::vector<std::string> replies;  ///< text messages to send back (status)
  bool has_command = false;          ///< a velocity command arrived on kCommandTopic
  double vx_mps = 0, vy_mps = 0, wz_radps = 0;
};

/// The serverInfo message.
std::string FoxgloveServerInfo(const std::string& name, const std::string& session_id,
                               bool client_publish);
/// The advertise message for `channels`.
std::string FoxgloveAdvertise(const std::vector<TelemetryChannel>& channels);
/// A status message (level 0 info, 1 warning, 2 error).
std::string FoxgloveStatus(int level, const std::string& message);
/// The header of a message-data frame (opcode, subscription id, timestamp), to prepend to the
/// payload.
std::string FoxgloveMessageHeader(std::uint32_t subscription_id, std::uint64_t timestamp_ns);

/// Applies a text (JSON) message from the client to `client`.
FoxgloveClientEvent HandleFoxgloveText(FoxgloveClient* client, std::string_view text,
                                       const std::vector<TelemetryChannel>& channels);
/// Applies a binary message from the client (client message data) to `client`.
FoxgloveClientEvent HandleFoxgloveBinary(FoxgloveClient* client, std::string_view data);

}  // namespace tianmu::service
