// The robot's real-time loop for the service: owns World + SimPort + HumanoidController and
// ticks them at 1 kHz paced to the wall clock on its own thread. Requests arrive through a
// mailbox drained without blocking; state leaves as snapshots copied under a try-lock.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/hal/sim_port.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/record/episode_file.h"
#include "tianmu/runtime/run_log.h"
#include "tianmu/service/clip_player.h"
#include "tianmu/service/live_recording.h"
#include "tianmu/sim/world.h"

namespace tianmu::service {

/// How the loop runs.
struct RobotLoopOptions {
  std::string scene_name = "flat";  ///< for reports
  std::filesystem::path scene;      ///< scene MJCF (sim::ResolveScene)
  sim::WorldOptions world;
  hal::SimPortOptions port;
  bool realtime = true;          ///< pace ticks to the wall clock (false: as fast as possible)
  bool raise_priority = true;    ///< ask for SCHED_FIFO (or a lower nice value) for the loop
  int cpu = -1;                  ///< pin the loop thread to this CPU (-1: no pinning)
  int publish_every_ticks = 5;   ///< snapshot publication period, in ticks
  double deadline_slack_ms = 0;  ///< a tick ending this late after its deadline is a miss
  std::vector<control::TimedCommand> course;  ///< velocity schedule by robot time (empty: stand)
  std::filesystem::path log_path;             ///< MCAP log (empty: none); see SetLogging
  int log_every_ticks = 1;                    ///< log one tick in this many
  bool log_from_start = true;                 ///< false: nothing is logged until SetLogging(true)
};

/// What readers need to know about the compiled model: body names (RobotSnapshot::body_pose
/// order) and the dashboard geometry (GeometryJson) as JSON text. Replaced when objects spawn.
struct LoopModel {
  std::vector<std::string> body_names;
  std::string geometry_json;
};

/// A world, port and controller built for the loop (slow: the MJCF is compiled), ready to be
/// installed by a kInstall request. Built on any thread but the loop's.
struct LoopWorld {
  std::unique_ptr<sim::World> world;
  std::unique_ptr<hal::SimPort> port;
  std::unique_ptr<control::HumanoidController> controller;
  std::shared_ptr<const LoopModel> model;
  std::vector<std::string> extra_scene_xml;  ///< what it was built with (kept by later resets)
};

/// Builds a LoopWorld for `spec` (which must outlive it) with `options` (InputError on a bad
/// scene or extra scene document).
std::unique_ptr<LoopWorld> BuildLoopWorld(const model::RobotSpec& spec,
                                          const RobotLoopOptions& options);

/// One operator request for the loop thread.
struct RobotRequest {
  enum class Kind {
    kWalk,     ///< walk with `command` (a non-zero command ends motion playback)
    kStand,    ///< stop walking and playback, back to the nominal posture
    kReset,    ///< rebuild the world from the options on the loop thread (slow: the service
               ///< builds off-thread and sends kInstall instead)
    kPlay,     ///< play `clip` (ignored while walking or e-stopped)
    kRecord,   ///< sample ticks into `recording` until it is finished
    kInstall,  ///< replace world, port and controller by `world` (robot back at the origin)
  };
  RobotRequest() = default;
  /// A request without payload (kWalk with its command, kStand, kReset).
  RobotRequest(Kind k, const control::locomotion::VelocityCommand& c = {}) : kind(k), command(c) {}

  Kind kind = Kind::kStand;
  control::locomotion::VelocityCommand command;  ///< for kWalk (m/s, m/s, rad/s, base frame)
  std::shared_ptr<const ClipPlayer> clip;        ///< for kPlay
  std::shared_ptr<LiveRecording> recording;      ///< for kRecord
  std::shared_ptr<LoopWorld> world;              ///< for kInstall
  /// For kInstall: RobotLoop::estops_seen() when the rebuild was asked for; an e-stop the loop
  /// took since then is applied again to the installed world.
  std::uint64_t estops_seen = 0;
};

/// Timing of the loop.
struct LoopStats {
  std::uint64_t ticks = 0;
  std::uint64_t deadline_misses = 0;  ///< ticks that ended after their 1 ms deadline
  double max_tick_ms = 0;             ///< longest tick (controller + physics + log)
  double max_lateness_ms = 0;         ///< largest amount a tick ended after its deadline
  std::uint64_t resets = 0;
  const char* scheduling = "normal";  ///< "fifo", "nice" or "normal": what the loop thread got
  int pinned_cpu = -1;                ///< the CPU the loop thread is pinned to, -1 when not
};

/// Resolution and range of RobotLoop::LatenessHistogram.
inline constexpr double kLatenessBucketMs = 0.01;
inline constexpr std::size_t kLatenessBuckets = 2001;  ///< 0..20 ms, the last one open-ended

/// Quantile `q` (0..1) of a lateness histogram (counts per kLatenessBucketMs bucket), as the
/// bucket's upper edge in ms; 0 for an empty histogram.
double LatenessQuantileMs(const std::vector<std::uint64_t>& counts, double q);

/// What the robot is doing, as readers (REST, telemetry) see it. Joint arrays follow
/// RobotSpec::joints; body poses follow mjModel body order (world frame).
struct RobotSnapshot {
  std::uint64_t sequence = 0;     ///< increases with every publication
  std::int64_t wall_time_ns = 0;  ///< system clock at publication (telemetry timestamps)
  double time_s = 0;              ///< robot time
  std::string mode;               ///< controller mode ("standing", "walking", "damping", ...)
  bool estop = false;             ///< an e-stop was received since the last reset
  bool fallen = false;            ///< ground truth: the robot is down
  double estop_time_s = -1;       ///< robot time of the e-stop, -1 if none
  double stopped_time_s = -1;     ///< robot time the stop reached a stable stand
  control::locomotion::VelocityCommand command;  ///< velocity being commanded
  std::array<double, 3> base_position_m{};
  std::array<double, 4> base_orientation_wxyz{1, 0, 0, 0};
  std::array<double, 3> base_linear_velocity_mps{};     ///< world frame
  std::array<double, 3> base_angular_velocity_radps{};  ///< base frame
  std::array<std::array<double, 3>, 2> foot_force_N{};  ///< F/T readings, sole frame
  std::array<std::array<double, 3>, 2> foot_torque_Nm{};
  std::array<std::array<double, 3>, 2> foot_contact_force_N{};  ///< truth, world frame
  std::vector<double> q_rad, dq_radps, tau_Nm, temperature_C;
  std::vector<std::array<double, 7>> body_pose;  ///< x, y, z, qw, qx, qy, qz per body
  std::shared_ptr<const LoopModel> model;        ///< body names and geometry of this snapshot
  std::string motion;                            ///< clip being played, empty when none
  double motion_progress = 0;                    ///< 0..1 through blend in, clip and blend out
  bool recording = false;                        ///< ticks are being sampled into an episode
  double power_W = 0;
  double energy_J = 0;
  LoopStats stats;
};

/// The loop. Start() launches the thread; the destructor stops it.
class RobotLoop {
 public:
  /// Builds the world, port and controller for `spec` (raises InputError on a bad scene).
  RobotLoop(const model::RobotSpec& spec, RobotLoopOptions options);
  ~RobotLoop();
  RobotLoop(const RobotLoop&) = delete;
  RobotLoop& operator=(const RobotLoop&) = delete;

  /// Starts ticking on a new thread.
  void Start();
  /// Stops the thread and closes the log (idempotent).
  void Stop();
  /// Queues a request for the next tick (thread-safe; never blocks the loop).
  void Post(const RobotRequest& request);
  /// Emergency stop at the next tick (thread-safe, lock-free, never lost): `category` 1 or 2, or
  /// 0 for the robot.yaml default.
  void EmergencyStop(int category = 0) {
    estop_category_.store(category, std::memory_order_relaxed);
    estop_requested_.store(true, std::memory_order_release);
  }
  /// E-stops the loop has taken from EmergencyStop() so far (thread-safe).
  std::uint64_t estops_seen() const { return estops_seen_.load(std::memory_order_acquire); }
  /// When the loop took the last e-stop: steady_clock time since its epoch, in ns (thread-safe;
  /// read after estops_seen() changed, for latency measurements).
  std::int64_t last_estop_seen_ns() const {
    return last_estop_seen_ns_.load(std::memory_order_relaxed);
  }
  /// Starts or pauses writing ticks to the log (thread-safe; no effect without a log path).
  void SetLogging(bool on) { logging_.store(on, std::memory_order_release); }
  /// Copies the latest snapshot (thread-safe).
  RobotSnapshot Snapshot() const;
  /// Timing so far (thread-safe).
  LoopStats Stats() const;
  /// How late real-time ticks ended, counted per kLatenessBucketMs since start (thread-safe; a
  /// tick that ends before its deadline counts as 0). Subtract two readings for an interval.
  std::vector<std::uint64_t> LatenessHistogram() const;
  /// Runs `ticks` ticks on the calling thread (tests and headless runs without a thread).
  void RunTicks(std::uint64_t ticks);

  const model::RobotSpec& spec() const { return spec_; }
  /// The options the loop was built with (extra scene documents change with kInstall).
  const RobotLoopOptions& options() const { return options_; }

 private:
  void Build();
  void Install(LoopWorld&& built);
  void StepMotion();
  void SampleRecording();
  void Tick();
  void DrainMailbox();
  bool TakeEmergencyStop();
  void ApplyEmergencyStop();
  void Publish();
  void Run();

  const model::RobotSpec spec_;
  RobotLoopOptions options_;
  std::shared_ptr<const LoopModel> model_;
  std::unique_ptr<sim::World> world_;
  std::unique_ptr<hal::SimPort> port_;
  std::unique_ptr<control::HumanoidController> controller_;
  std::unique_ptr<runtime::RunLog> log_;
  hal::LowState state_;
  hal::LowCmd cmd_;
  control::locomotion::VelocityCommand command_;
  bool estop_ = false;
  std::uint64_t tick_ = 0;
  std::shared_ptr<const ClipPlayer> clip_;  ///< playing, or null
  std::uint64_t clip_start_tick_ = 0;
  Eigen::VectorXd clip_target_rad_;
  std::shared_ptr<LiveRecording> recording_;  ///< sampling, or null
  std::uint64_t recording_start_tick_ = 0;
  std::uint64_t recording_every_ticks_ = 1;
  record::EpisodeFrame recording_frame_;

  std::mutex mailbox_mutex_;
  std::vector<RobotRequest> mailbox_;
  std::vector<RobotRequest> drained_;
  std::atomic<bool> estop_requested_{false};
  std::atomic<int> estop_category_{0};  ///< of the requested e-stop: 1, 2, or 0 for robot.yaml's
  std::atomic<std::uint64_t> estops_seen_{0};
  std::atomic<std::int64_t> last_estop_seen_ns_{0};
  std::atomic<bool> logging_{true};

  RobotSnapshot scratch_;
  mutable std::mutex snapshot_mutex_;
  RobotSnapshot published_;
  mutable std::mutex stats_mutex_;
  LoopStats stats_;
  LoopStats local_stats_;
  /// Written by the loop alone (relaxed atomics: no lock, no allocation per tick).
  std::array<std::atomic<std::uint64_t>, kLatenessBuckets> lateness_counts_{};

  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace tianmu::service
