// CameraRunner: renders a robot's robot.yaml cameras on their own thread at each camera's rate
// (in simulated time) from snapshots of the simulation state, so rendering never holds up the
// 1 kHz control loop: the loop only copies qpos when a frame is due, and never waits for a lock.
#pragma once

#include <mujoco/mujoco.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/image.h"
#include "tianmu/perception/offscreen_renderer.h"

namespace tianmu::perception {

/// One frame of one camera.
struct CameraFrame {
  std::string camera;          ///< robot.yaml / MJCF camera name
  std::uint64_t sequence = 0;  ///< 0, 1, 2... per camera
  double stamp_s = 0;          ///< simulated time of the state it shows
  double available_s = 0;      ///< stamp_s + the camera's latency: when a consumer may see it
  CameraIntrinsics intrinsics;
  RgbImage rgb;
  DepthImage depth;  ///< empty (0 x 0) when the camera gives no depth
};

/// Counters of a runner, for benchmarks and tests.
struct CameraRunnerStats {
  std::uint64_t frames_rendered = 0;    ///< all cameras
  std::uint64_t frames_dropped = 0;     ///< due frames never rendered (the thread fell behind)
  std::uint64_t snapshots = 0;          ///< states the control thread handed over
  std::uint64_t snapshots_skipped = 0;  ///< hand-overs skipped because the thread was copying
  double render_s_total = 0;            ///< wall time spent rendering and reading back
};

/// Renders every camera of a robot on a background thread.
class CameraRunner {
 public:
  /// Prepares to render `spec.cameras` inside `world_model` (the robot in its scene; it must
  /// outlive the runner). Raises InputError for a camera the model lacks.
  CameraRunner(const model::RobotSpec& spec, const mjModel* world_model, std::uint64_t seed,
               RenderQuality quality = RenderQuality::kFast);
  /// Stops the thread.
  ~CameraRunner();
  CameraRunner(const CameraRunner&) = delete;
  CameraRunner& operator=(const CameraRunner&) = delete;

  /// Called on the camera thread with each new frame (loggers); set before Start().
  void SetFrameCallback(std::function<void(const CameraFrame&)> callback);
  /// Starts the thread and waits until its OpenGL context and renderer exist; raises
  /// RuntimeError when they cannot be made (e.g. no EGL).
  void Start();
  /// Stops the thread after the frame it is rendering; idempotent.
  void Stop();

  /// Control thread, every tick: when a frame is due at `data->time`, copies the state for the
  /// camera thread. Never blocks: if the camera thread is copying, the hand-over waits a tick.
  void Publish(const mjData* data);

  /// The newest frame of `camera` available at simulated time `now_s` (latency applied); false
  /// when none is.
  bool Latest(const std::string& camera, double now_s, CameraFrame* frame) const;
  /// Blocks until every frame due up to the last published state has been rendered or dropped
  /// (tests and offline tools; never call it from the control loop).
  void Flush();
  /// Counters so far.
  CameraRunnerStats stats() const;
  /// Why the camera thread stopped rendering early, or empty.
  std::string error() const;
  /// The cameras rendered, with their resolved intrinsics.
  const std::vector<model::CameraSpec>& cameras() const { return cameras_; }
  const std::vector<CameraIntrinsics>& intrinsics() const { return intrinsics_; }

 private:
  struct Snapshot {
    double time_s = -1;
    std::vector<mjtNum> qpos;
    std::vector<mjtNum> mocap_pos;
    std::vector<mjtNum> mocap_quat;
  };
  void ThreadMain();
  double NextDueS() const;

  const mjModel* world_model_;
  std::vector<model::CameraSpec> cameras_;
  std::vector<int> camera_ids_;
  std::vector<CameraIntrinsics> intrinsics_;
  std::vector<double> next_due_s_;  // camera thread only
  std::uint64_t seed_;
  RenderQuality quality_;
  std::function<void(const CameraFrame&)> callback_;

  // Hand-over from the control thread.
  std::mutex snapshot_mutex_;
  std::condition_variable snapshot_ready_;
  Snapshot pending_;
  bool has_pending_ = false;
  bool stopping_ = false;
  std::atomic<double> next_due_any_s_{0};  // earliest due frame over all cameras
  std::atomic<double> last_published_s_{-1};
  std::atomic<std::uint64_t> snapshots_{0};
  std::atomic<std::uint64_t> snapshots_skipped_{0};

  // Results for consumers.
  mutable std::mutex frames_mutex_;
  std::condition_variable frames_changed_;
  std::vector<std::deque<CameraFrame>> frames_;
  double rendered_up_to_s_ = -1;  // stamp of the last snapshot fully handled
  CameraRunnerStats stats_;

  // Thread start-up.
  std::thread thread_;
  bool started_ = false;
  bool ready_ = false;        // guarded by frames_mutex_
  bool thread_done_ = false;  // guarded by frames_mutex_
  std::string thread_error_;  // guarded by frames_mutex_
};

}  // namespace tianmu::perception
