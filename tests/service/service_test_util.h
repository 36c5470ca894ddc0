// Test support for the service: a running RobotService on a free loopback port with a temporary
// data directory, and small blocking HTTP and WebSocket clients.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tianmu/model/robot_spec.h"
#include "tianmu/service/api.h"

namespace tianmu::service::testing {

/// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// TM-1 (loaded once per process).
const model::RobotSpec& Tm1();

/// A started service: TM-1 on the flat scene, no sensor noise, port 0 on 127.0.0.1.
struct TestService {
  TempDir dir;
  std::unique_ptr<RobotService> service;
  /// Starts with `options` (data_dir and port are set here).
  explicit TestService(ServiceOptions options = {}, RobotLoopOptions loop = {});
  ~TestService();
  int port() const { return service->port(); }
  std::string operator_token() const { return service->tokens().operator_token; }
  std::string viewer_token() const { return service->tokens().viewer_token; }
};

/// One HTTP response as a client saw it.
struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  /// The body as JSON (discarded value when it is not JSON).
  nlohmann::json json() const;
};

/// Sends one request (Connection: close) and reads the whole response. `token` empty: no
/// Authorization header.
HttpResult Http(int port, const std::string& method, const std::string& path,
                const std::string& token = "", const std::string& body = "",
                const std::string& extra_headers = "");

/// Sends raw bytes and reads until the server closes (or 5 s pass).
std::string RawExchange(int port, const std::string& bytes);

/// A connected TCP socket to 127.0.0.1:port (closed on destruction).
class Socket {
 public:
  explicit Socket(int port);
  /// Connects from `source_ip`, another loopback address (127.0.0.2, ...): a second client host.
  Socket(int port, const std::string& source_ip);
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }
  void Send(const std::string& bytes);
  /// Reads whatever arrives within `timeout_ms` (at most `max_bytes`).
  std::string Receive(int timeout_ms, std::size_t max_bytes = 1 << 20);
  /// Closes with a TCP reset (abrupt disconnect).
  void Reset();

 private:
  int fd_ = -1;
};

/// Opens a Foxglove WebSocket session (handshake checked); returns the socket.
std::unique_ptr<Socket> OpenWebSocket(int port, const std::string& token);

/// A masked client frame.
std::string ClientFrame(int opcode, const std::string& payload);

/// Polls `condition` every `period_ms` until it holds or `timeout_s` passes; returns whether it
/// held (a test waits for a state with a deadline instead of sampling once after a sleep).
template <typename Condition>
bool WaitFor(Condition condition, double timeout_s, int period_ms = 5) {
  using Clock = std::chrono::steady_clock;
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(timeout_s));
  while (Clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(period_ms));
  }
  return condition();
}

}  // namespace tianmu::service::testing
