// The robot as a service: the REST API under /api/v1 (routing, bearer-token roles, JSON
// validation with 4xx errors naming the field, rate limiting), Foxglove WebSocket telemetry, the
// operator deadman, motion playback, object spawning, live recording, certification runs, and
// the built dashboard's static files, around one RobotLoop.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tianmu/knowledge/object_mjcf.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/service/auth.h"
#include "tianmu/service/certification_runs.h"
#include "tianmu/service/foxglove_ws.h"
#include "tianmu/service/origin_policy.h"
#include "tianmu/service/robot_loop.h"
#include "tianmu/service/server.h"

namespace tianmu::service {

/// The built dashboard: $TIANMU_WEB, else the source tree's web/dist, else the installed copy;
/// empty when none holds an index.html.
std::filesystem::path DefaultDashboardDir();

/// How the service behaves.
struct ServiceOptions {
  std::filesystem::path data_dir;    ///< token file and service state (DataDir() by default)
  ServerOptions server;              ///< address, port, limits (ServerLimits)
  std::filesystem::path static_dir;  ///< built dashboard (web/dist); empty: none served
  double telemetry_rate_hz = 50;     ///< Foxglove message rate per channel
  double rate_limit_per_s = 20;      ///< REST requests per second per role and address
  double rate_limit_burst = 40;      ///< ... and at once
  double deadman_timeout_s = 1.0;    ///< a driving operator must send keep-alives this often
  double max_vx_mps = 1.0;           ///< walk command bounds (the controller clamps further)
  double max_vy_mps = 0.5;
  double max_wz_radps = 1.0;
  double recording_rate_hz = 50;             ///< frames per second of live recordings
  std::filesystem::path certify_executable;  ///< `tianmu` for certification runs (empty: this
                                             ///< process's executable, /proc/self/exe)
  /// Browser origins allowed besides the loopback names and the bind address (Host/Origin
  /// check against DNS rebinding), e.g. "http://robot.lan:8080".
  std::vector<std::string> allowed_origins;
};

/// Counters of the service (thread-safe reads).
struct ServiceStats {
  std::uint64_t requests = 0;
  std::uint64_t telemetry_messages = 0;  ///< message-data frames queued
  std::uint64_t dropped_frames = 0;      ///< skipped for slow clients
  std::uint64_t dropped_connections = 0;
  std::uint64_t deadman_stops = 0;
  int websocket_clients = 0;
};

/// One robot served over HTTP and WebSocket.
class RobotService : private ServerHandler {
 public:
  /// Loads or creates the tokens (InputError on a bad token file) and builds the robot loop.
  RobotService(const model::RobotSpec& spec, RobotLoopOptions loop, ServiceOptions options);
  ~RobotService() override;

  /// Starts the robot loop and the server (InputError when the port cannot be bound).
  void Start();
  /// Stops the server, then the loop (idempotent).
  void Stop();

  int port() const { return server_.port(); }
  /// The tokens in force (thread-safe; they change when the token file is rotated).
  Tokens tokens() const;
  /// True when this start created the token file (the tokens should be printed once).
  bool tokens_created() const { return tokens_created_; }
  RobotLoop& loop() { return *loop_; }
  /// True while a spawn or reset builds a new world on its worker thread (thread-safe).
  bool rebuilding() const { return spawn_busy_.load(); }
  ServiceStats stats() const;

 private:
  struct Caller {
    Role role = Role::kViewer;
    std::string key;  ///< rate-limit key
  };
  struct Route;

  HttpResponse OnRequest(int conn, const HttpRequest& request, const std::string& peer) override;
  HttpResponse OnUpgrade(int conn, const HttpRequest& request, const std::string& peer) override;
  void OnWsOpen(int conn) override;
  void OnWsMessage(int conn, bool binary, const std::string& payload) override;
  void OnClose(int conn) override;
  void OnTimer() override;
  bool IsUrgent(const HttpRequest& request) const override;

  HttpResponse Dispatch(int conn, const HttpRequest& request, const Caller& caller);
  HttpResponse ServeStatic(const HttpRequest& request) const;
  HttpResponse Walk(int conn, const nlohmann::json& body);
  HttpResponse PlayMotion(const nlohmann::json& body);
  HttpResponse SpawnObject(const nlohmann::json& body);
  HttpResponse StartSpawn(const knowledge::ObjectRecord& object,
                          const knowledge::ObjectPlacement& placement);
  HttpResponse StartRecording(const nlohmann::json& body);
  HttpResponse BeginRecording(const std::string& name);
  HttpResponse FinishRecording();
  nlohmann::json RecordingJson() const;
  HttpResponse StartCertification(const nlohmann::json& body);
  HttpResponse CertificationReport(const std::string& path);
  void CollectSpawnResult();
  void RebuildWorld(std::vector<knowledge::SpawnedObject> objects, const std::string& started,
                    std::string done, std::string failed);
  void Drive(const control::locomotion::VelocityCommand& command, int ws_conn);
  void StopDriving(const std::string& why);
  void PublishTelemetry();
  void AddEvent(int level, const std::string& message);
  void RefreshTokens();
  nlohmann::json InfoJson(const Caller& caller) const;
  nlohmann::json ModelJson() const;

  model::RobotSpec spec_;
  ServiceOptions options_;
  Tokens tokens_;  ///< written on the server thread only (RefreshTokens), under tokens_mutex_
  mutable std::mutex tokens_mutex_;
  bool tokens_created_ = false;
  std::chrono::steady_clock::time_point tokens_checked_;  ///< last look at the token file
  std::int64_t tokens_mtime_ns_ = 0;                      ///< its modification time then
  std::uint64_t tokens_inode_ = 0;                        ///< and its inode
  std::unique_ptr<RobotLoop> loop_;
  RateLimiter limiter_;
  std::string session_id_;
  std::map<int, FoxgloveClient> ws_clients_;
  std::chrono::steady_clock::time_point next_telemetry_;
  std::uint64_t last_sequence_ = 0;
  // Deadman: who is driving and when they were last heard from.
  bool driving_ = false;
  int driver_ws_conn_ = -1;  ///< WebSocket connection driving through /cmd_vel, -1 for REST
  std::chrono::steady_clock::time_point driver_heard_;
  mutable std::mutex events_mutex_;    ///< events are added from the worker thread too
  std::deque<nlohmann::json> events_;  ///< guarded by events_mutex_
  std::chrono::steady_clock::time_point started_;
  RobotLoopOptions base_loop_;  ///< the loop's options at start-up (spawns build from these)
  // Object spawning and resets: a worker thread compiles the new world; the loop installs it.
  std::vector<knowledge::SpawnedObject> spawned_;  ///< objects in the running world
  std::map<std::string, int> spawn_instances_;     ///< copies per object id so far
  std::thread spawn_thread_;
  std::atomic<bool> spawn_busy_{false};
  std::mutex spawn_mutex_;
  std::vector<knowledge::SpawnedObject> spawn_pending_;  ///< guarded by spawn_mutex_
  std::string spawn_error_;                              ///< guarded by spawn_mutex_
  bool spawn_reported_ = true;
  std::string rebuild_done_;    ///< event when the rebuild in progress is collected
  std::string rebuild_failed_;  ///< ... and its prefix when it failed
  // Live recording: started and finished on the server's worker thread, read by the server
  // thread; guarded by recording_mutex_.
  mutable std::mutex recording_mutex_;
  std::shared_ptr<LiveRecording> recording_;
  /// The last finished one, kept so that the loop never destroys a recording (file handles).
  std::shared_ptr<LiveRecording> finished_recording_;
  std::string recording_dataset_;
  std::int64_t recording_index_ = 0;
  nlohmann::json last_recording_;
  std::unique_ptr<CertificationRuns> certification_;

  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> telemetry_messages_{0};
  std::atomic<std::uint64_t> deadman_stops_{0};
  std::atomic<int> websocket_clients_{0};
  OriginPolicy origin_policy_;
  Server server_;
};

}  // namespace tianmu::service
