// Bounds on what any one client, or all of them together, can make the robot daemon hold or do:
// connections, request and message sizes, buffered bytes, subscriptions and request rates.
#pragma once

#include <cstddef>

#include "tianmu/service/http.h"

namespace tianmu::service {

/// Every limit of the HTTP/WebSocket server, with the defaults `tianmu serve` runs with
/// (docs/security.md lists them). E-stop requests are exempt from the rate limit only.
struct ServerLimits {
  HttpLimits http;                               ///< header bytes and count (431), body bytes (413)
  std::size_t max_connections = 256;             ///< in total; more are answered 503 and closed
  std::size_t max_connections_per_address = 64;  ///< per client IP; more: 503 and closed
  std::size_t ws_max_message_bytes = 64 * 1024;  ///< larger client messages: close 1009
  std::size_t max_subscriptions_per_client = 64;  ///< Foxglove subscriptions (and client
                                                  ///< channels) per WebSocket session
  /// Input is neither read nor parsed while this much output waits for the client (pipelined
  /// requests cannot grow the output buffer without bound).
  std::size_t pause_reading_above_bytes = 1024 * 1024;
  std::size_t send_soft_limit_bytes = 512 * 1024;       ///< above: droppable messages skipped
  std::size_t send_hard_limit_bytes = 4 * 1024 * 1024;  ///< above: the connection is closed
  /// Output pending for this long without a byte being accepted by the client: closed.
  double send_stall_timeout_s = 10;
  double idle_timeout_s = 60;  ///< no bytes in or out for this long: closed
  /// Requests (REST, static files, WebSocket upgrades, malformed ones) per second per client IP,
  /// sustained; 0 turns the limit off. E-stops are never limited.
  double requests_per_address_per_s = 100;
  double requests_per_address_burst = 200;  ///< ... and at once
  /// Connection slots kept for e-stops: once max_connections minus these are open (or a client
  /// address has its max_connections_per_address), a new connection is still accepted into one
  /// of these slots, but it may only send e-stops; anything else is answered 503 and closed.
  std::size_t reserved_estop_connections = 16;
  /// Reserved slots one client address may hold at once: a client that reconnects continuously
  /// cannot keep the whole reserve busy (beyond its share it is refused at once).
  std::size_t reserved_estop_connections_per_address = 4;
  /// A connection in a reserved slot that has not sent a whole request this soon is closed.
  double reserved_connection_timeout_s = 1.0;
  /// WebSocket messages (data, ping and pong frames) per second per connection, sustained;
  /// beyond the burst the connection is closed (1008). 0 turns the limit off.
  double ws_messages_per_s = 200;
  double ws_messages_burst = 400;  ///< ... and at once
};

}  // namespace tianmu::service
