// HTTP/1.1 and WebSocket (RFC 6455) wire formats for the robot service: incremental request
// parsing with size limits, response serialisation, the WebSocket handshake and frame codec.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tianmu::service {

/// Size limits that protect the server from oversize input.
struct HttpLimits {
  std::size_t max_header_bytes = 16 * 1024;  ///< request line + headers
  std::size_t max_body_bytes = 64 * 1024;    ///< request body (Content-Length)
  std::size_t max_header_count = 64;         ///< header fields per request
};

/// One parsed request.
struct HttpRequest {
  std::string method;                          ///< "GET", "POST", ...
  std::string target;                          ///< as sent, e.g. "/api/v1/state?x=1"
  std::string path;                            ///< target without the query, percent-decoded
  std::map<std::string, std::string> query;    ///< query parameters, percent-decoded
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  bool keep_alive = true;  ///< HTTP/1.1 default unless "Connection: close"

  /// The header's value, or "" when absent (`name` lower-case).
  std::string Header(const std::string& name) const;
};

/// One response.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;  ///< extra headers (e.g. Retry-After)
  bool close = false;                          ///< close the connection after sending
  /// Set by a handler to finish the request off the server thread: the server runs it on its
  /// worker thread (one at a time, in arrival order) and sends what it returns in this
  /// response's place, in order with the connection's other responses.
  std::function<HttpResponse()> deferred;
  /// Set on what `deferred` returned: runs back on the server thread (for state only that thread
  /// touches) and its result is sent instead.
  std::function<HttpResponse()> then;
};

/// Result of feeding bytes to the parser.
enum class ParseStatus { kIncomplete, kComplete, kError };

/// Parses one request from the front of `buffer`. On kComplete fills `request` and sets
/// `consumed`; on kError sets `error_status` (400, 413, 431, 501, 505) and `error_message`.
ParseStatus ParseHttpRequest(std::string_view buffer, const HttpLimits& limits,
                             HttpRequest* request, std::size_t* consumed, int* error_status,
                             std::string* error_message);

/// Serialises a response with Content-Length and the standard headers.
std::string SerializeResponse(const HttpResponse& response);

/// The reason phrase of a status code ("Not Found").
const char* StatusReason(int status);

/// Percent-decodes `text` ('+' stays '+'); nullopt when an escape is malformed.
std::optional<std::string> PercentDecode(std::string_view text);

/// SHA-1 digest (20 bytes) of `data` (for the WebSocket handshake only).
std::string Sha1(std::string_view data);
/// Standard base64 with padding.
std::string Base64Encode(std::string_view data);
/// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key.
std::string WebSocketAccept(const std::string& client_key);

/// WebSocket opcodes.
enum class WsOpcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

/// One decoded WebSocket frame.
struct WsFrame {
  bool fin = true;
  WsOpcode opcode = WsOpcode::kText;
  std::string payload;  ///< unmasked
};

/// Decodes one client frame from the front of `buffer` (clients must mask). kError sets
/// `close_code` (1002 protocol error, 1009 too big).
ParseStatus ParseWsFrame(std::string_view buffer, std::size_t max_payload_bytes, WsFrame* frame,
                         std::size_t* consumed, int* close_code);

/// Encodes one unmasked server frame (FIN set).
std::string EncodeWsFrame(WsOpcode opcode, std::string_view payload);

}  // namespace tianmu::service
