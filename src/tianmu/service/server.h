// A small HTTP/1.1 + WebSocket server on POSIX sockets: one thread, non-blocking sockets and
// poll(), everything bounded (ServerLimits: connections, sizes, buffers, request rates), urgent
// requests (e-stops) first and disk work on a worker thread (HttpResponse::deferred), so no
// client can stall it or the robot loop it serves.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tianmu/service/auth.h"
#include "tianmu/service/http.h"
#include "tianmu/service/server_limits.h"

namespace tianmu::service {

/// Where and how the server listens.
struct ServerOptions {
  std::string bind_address = "127.0.0.1";  ///< IPv4 address; 0.0.0.0 for every interface
  int port = 8080;                         ///< 0: an ephemeral port (see Server::port())
  ServerLimits limits;                     ///< connection, size, buffer and rate limits
  double timer_period_s = 0.005;           ///< how often OnTimer() runs
  /// SCHED_FIFO priority of the server thread when the system permits it (else nice -5, else
  /// normal); 0 leaves it normal. Below the robot loop's 20: ticks come first, then e-stops,
  /// then everything else (disk work runs on the worker thread at nice +5).
  int fifo_priority = 10;
};

/// What the application does with requests; every call comes from the server thread, except
/// the HttpResponse::deferred work it returns, which runs on the server's worker thread.
class ServerHandler {
 public:
  virtual ~ServerHandler() = default;
  /// Answers one HTTP request on connection `conn` from `peer` ("ip:port"); a response with
  /// `deferred` set is finished on the worker thread (disk and database work).
  virtual HttpResponse OnRequest(int conn, const HttpRequest& request, const std::string& peer) = 0;
  /// Decides on a WebSocket upgrade: status 101 accepts (headers are added to the handshake),
  /// anything else is sent as an HTTP error.
  virtual HttpResponse OnUpgrade(int conn, const HttpRequest& request, const std::string& peer) = 0;
  /// A WebSocket connection is open (after the handshake was sent).
  virtual void OnWsOpen(int conn) = 0;
  /// One complete WebSocket message.
  virtual void OnWsMessage(int conn, bool binary, const std::string& payload) = 0;
  /// Connection `conn` (HTTP or WebSocket) is gone.
  virtual void OnClose(int conn) = 0;
  /// True for requests that must never wait (e-stops): they skip the per-address rate limit
  /// and are answered before anything else that arrived in the same poll round.
  virtual bool IsUrgent(const HttpRequest& request) const {
    (void)request;
    return false;
  }
  /// Runs every ServerOptions::timer_period_s.
  virtual void OnTimer() = 0;
};

/// The server. Start() binds and starts the thread; Stop() or destruction ends it.
class Server {
 public:
  /// `handler` must outlive the server.
  Server(ServerOptions options, ServerHandler* handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and listens (raises InputError when the address or port cannot be used), then
  /// serves on a new thread.
  void Start();
  /// Stops serving and closes every connection (idempotent).
  void Stop();
  /// The bound port (after Start()).
  int port() const { return port_; }

  /// Queues an encoded WebSocket frame (EncodeWsFrame) for `conn`. A droppable frame is
  /// skipped when the client is behind (returns false). Server thread only.
  bool SendFrame(int conn, const std::string& frame, bool droppable);
  /// Sends a close frame and closes `conn` once it is flushed. Server thread only.
  void CloseWebSocket(int conn, int code, const std::string& reason);
  /// Frames skipped because clients were behind (thread-safe).
  std::uint64_t dropped_frames() const { return dropped_frames_.load(); }
  /// Connections closed because their client stopped reading (thread-safe).
  std::uint64_t dropped_connections() const { return dropped_connections_.load(); }
  /// Connections refused (503) by the total or per-address connection limit (thread-safe).
  std::uint64_t refused_connections() const { return refused_connections_.load(); }
  /// Requests answered 429 by the per-address rate limit (thread-safe).
  std::uint64_t rate_limited_requests() const { return rate_limited_requests_.load(); }
  /// WebSocket connections closed for sending messages too fast (thread-safe).
  std::uint64_t ws_rate_limited() const { return ws_rate_limited_.load(); }
  /// What the server thread got: "fifo", "nice" or "normal" (thread-safe, after Start()).
  const char* scheduling() const { return scheduling_.load(); }
  /// Responses finished on the worker thread so far (thread-safe).
  std::uint64_t deferred_responses() const { return deferred_responses_.load(); }

 private:
  struct Connection;
  /// Work for the worker thread: `run` for request `ticket` of connection `conn`.
  struct Job {
    int conn = 0;
    std::uint64_t ticket = 0;
    std::function<HttpResponse()> run;
  };
  /// What the worker made of a Job.
  struct Done {
    int conn = 0;
    std::uint64_t ticket = 0;
    HttpResponse response;
  };
  void Run();
  void RunWorker();
  void DeliverDeferred();
  void Respond(Connection* c, HttpResponse response, bool keep_alive);
  void ReleaseSlots(Connection* c);
  bool AllowWsMessage(Connection* c);
  void Accept();
  bool ReadInput(Connection* c);
  void ProcessInput(Connection* c);
  void HandleHttp(Connection* c, bool urgent_only);
  void HandleWs(Connection* c);
  bool AllowRequest(Connection* c);
  std::size_t InputCapBytes() const;
  void CloseStaleConnections();
  void Flush(Connection* c);
  void Queue(Connection* c, std::string_view bytes);
  void Close(int id);

  ServerOptions options_;
  ServerHandler* handler_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  int port_ = 0;
  int next_id_ = 1;
  std::map<int, std::unique_ptr<Connection>> connections_;
  std::map<std::string, std::size_t> connections_per_address_;  ///< open connections by IP
  std::size_t reserved_open_ = 0;  ///< connections in slots reserved for e-stops
  std::map<std::string, std::size_t> reserved_per_address_;  ///< reserved slots held by IP
  RateLimiter address_limiter_;                              ///< requests per client IP
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> dropped_frames_{0};
  std::atomic<std::uint64_t> dropped_connections_{0};
  std::atomic<std::uint64_t> refused_connections_{0};
  std::atomic<std::uint64_t> rate_limited_requests_{0};
  std::atomic<std::uint64_t> ws_rate_limited_{0};
  std::atomic<std::uint64_t> deferred_responses_{0};
  std::atomic<const char*> scheduling_{"normal"};
  std::uint64_t next_ticket_ = 1;
  std::thread thread_;
  // The worker thread: disk and database work that must not hold up e-stops.
  std::mutex work_mutex_;
  std::condition_variable work_cv_;
  std::deque<Job> jobs_;      ///< guarded by work_mutex_
  std::vector<Done> done_;    ///< guarded by work_mutex_
  bool worker_stop_ = false;  ///< guarded by work_mutex_
  std::thread worker_;
};

}  // namespace tianmu::service
