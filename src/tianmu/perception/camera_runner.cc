#include "tianmu/perception/camera_runner.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <utility>

#include "tianmu/core/error.h"
#include "tianmu/core/rng.h"
#include "tianmu/perception/egl_context.h"
#include "tianmu/perception/sensor_model.h"

namespace tianmu::perception {
namespace {

// A frame counts as due when the state is this close to its time (floating-point sums of
// 1 ms steps land a hair before a due time).
constexpr double kDueToleranceS = 1e-9;
// Nice value of the camera thread (0 is the control loop's, 19 the lowest priority).
constexpr int kCameraThreadNice = 10;

}  // namespace

CameraRunner::CameraRunner(const model::RobotSpec& spec, const mjModel* world_model,
                           std::uint64_t seed, RenderQuality quality)
    : world_model_(world_model), cameras_(spec.cameras), seed_(seed), quality_(quality) {
  for (const model::CameraSpec& camera : cameras_) {
    const int id = mj_name2id(world_model, mjOBJ_CAMERA, camera.name.c_str());
    if (id < 0) {
      throw InputError(spec.yaml_path.string(), 0, "cameras",
                       "an MJCF camera named '" + camera.name + "' in " + spec.model_path.string());
    }
    camera_ids_.push_back(id);
    const double model_fovy_deg = world_model->cam_fovy[id];
    intrinsics_.push_back(IntrinsicsOf(camera, model_fovy_deg));
  }
  next_due_s_.assign(cameras_.size(), 0.0);
  frames_.resize(cameras_.size());
  pending_.qpos.resize(world_model->nq);
  pending_.mocap_pos.resize(3 * static_cast<std::size_t>(world_model->nmocap));
  pending_.mocap_quat.resize(4 * static_cast<std::size_t>(world_model->nmocap));
  if (cameras_.empty()) next_due_any_s_ = std::numeric_limits<double>::infinity();
}

CameraRunner::~CameraRunner() { Stop(); }

void CameraRunner::SetFrameCallback(std::function<void(const CameraFrame&)> callback) {
  callback_ = std::move(callback);
}

void CameraRunner::Start() {
  if (started_) return;
  started_ = true;
  thread_ = std::thread([this] { ThreadMain(); });
  std::unique_lock<std::mutex> lock(frames_mutex_);
  frames_changed_.wait(lock, [this] { return ready_ || thread_done_; });
  if (!ready_) {
    const std::string error = thread_error_;
    lock.unlock();
    thread_.join();
    throw RuntimeError("camera thread: " + error);
  }
}

void CameraRunner::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(snapshot_mutex_);
    stopping_ = true;
  }
  snapshot_ready_.notify_one();
  thread_.join();
}

void CameraRunner::Publish(const mjData* data) {
  if (data->time + kDueToleranceS < next_due_any_s_.load(std::memory_order_relaxed)) return;
  std::unique_lock<std::mutex> lock(snapshot_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) {
    snapshots_skipped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  pending_.time_s = data->time;
  std::copy(data->qpos, data->qpos + pending_.qpos.size(), pending_.qpos.begin());
  std::copy(data->mocap_pos, data->mocap_pos + pending_.mocap_pos.size(),
            pending_.mocap_pos.begin());
  std::copy(data->mocap_quat, data->mocap_quat + pending_.mocap_quat.size(),
            pending_.mocap_quat.begin());
  has_pending_ = true;
  last_published_s_.store(data->time);
  lock.unlock();
  snapshot_ready_.notify_one();
  snapshots_.fetch_add(1, std::memory_order_relaxed);
}

bool CameraRunner::Latest(const std::string& camera, double now_s, CameraFrame* frame) const {
  std::lock_guard<std::mutex> lock(frames_mutex_);
  for (std::size_t k = 0; k < cameras_.size(); ++k) {
    if (cameras_[k].name != camera) continue;
    for (auto it = frames_[k].rbegin(); it != frames_[k].rend(); ++it) {
      if (it->available_s <= now_s + kDueToleranceS) {
        *frame = *it;
        return true;
      }
    }
  }
  return false;
}

void CameraRunner::Flush() {
  std::unique_lock<std::mutex> lock(frames_mutex_);
  frames_changed_.wait(
      lock, [this] { return thread_done_ || rendered_up_to_s_ >= last_published_s_.load(); });
}

CameraRunnerStats CameraRunner::stats() const {
  std::lock_guard<std::mutex> lock(frames_mutex_);
  CameraRunnerStats s = stats_;
  s.snapshots = snapshots_.load();
  s.snapshots_skipped = snapshots_skipped_.load();
  return s;
}

std::string CameraRunner::error() const {
  std::lock_guard<std::mutex> lock(frames_mutex_);
  return thread_error_;
}

double CameraRunner::NextDueS() const {
  double next = std::numeric_limits<double>::infinity();
  for (double due : next_due_s_) next = std::min(next, due);
  return next;
}

void CameraRunner::ThreadMain() {
  std::unique_ptr<EglContext> egl;
  std::unique_ptr<OffscreenRenderer> renderer;
  model::MjDataPtr data;
  // Below the control loop in the scheduler's eyes: on a machine with fewer free cores than
  // busy threads, the loop wins. Threads the renderer starts (llvmpipe's) inherit it. Failure
  // only costs priority, so it is not an error.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kCameraThreadNice);
  try {
    egl = std::make_unique<EglContext>();
    int max_width = 1;
    int max_height = 1;
    for (const CameraIntrinsics& k : intrinsics_) {
      max_width = std::max(max_width, k.width_px);
      max_height = std::max(max_height, k.height_px);
    }
    renderer = std::make_unique<OffscreenRenderer>(world_model_, max_width, max_height, quality_);
    data = model::MakeData(renderer->model());
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(frames_mutex_);
    thread_error_ = e.what();
    thread_done_ = true;
    frames_changed_.notify_all();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(frames_mutex_);
    ready_ = true;
  }
  frames_changed_.notify_all();

  Rng rng(seed_);
  Snapshot snapshot = pending_;  // same sizes: swapping never allocates
  CameraFrame frame;
  std::vector<std::uint64_t> sequence(cameras_.size(), 0);
  std::vector<bool> due(cameras_.size(), false);
  try {
    while (true) {
      {
        std::unique_lock<std::mutex> lock(snapshot_mutex_);
        snapshot_ready_.wait(lock, [this] { return has_pending_ || stopping_; });
        if (stopping_) break;
        std::swap(snapshot, pending_);
        has_pending_ = false;
      }
      // Decide which cameras are due and move their next due time on before rendering, so the
      // control thread stops handing over states while this one renders.
      std::uint64_t dropped = 0;
      for (std::size_t k = 0; k < cameras_.size(); ++k) {
        due[k] = snapshot.time_s + kDueToleranceS >= next_due_s_[k];
        if (!due[k]) continue;
        // Every period begun since the last frame is due; only the newest is rendered.
        const double period_s = 1.0 / cameras_[k].rate_hz;
        const auto periods = static_cast<std::uint64_t>(
            std::floor((snapshot.time_s + kDueToleranceS - next_due_s_[k]) / period_s) + 1);
        dropped += periods - 1;
        next_due_s_[k] += static_cast<double>(periods) * period_s;
      }
      next_due_any_s_.store(NextDueS());

      const mjModel* m = renderer->model();
      std::copy(snapshot.qpos.begin(), snapshot.qpos.end(), data->qpos);
      std::copy(snapshot.mocap_pos.begin(), snapshot.mocap_pos.end(), data->mocap_pos);
      std::copy(snapshot.mocap_quat.begin(), snapshot.mocap_quat.end(), data->mocap_quat);
      data->time = snapshot.time_s;
      mj_kinematics(m, data.get());
      mj_camlight(m, data.get());

      std::uint64_t rendered = 0;
      double render_s = 0;
      for (std::size_t k = 0; k < cameras_.size(); ++k) {
        if (!due[k]) continue;
        const model::CameraSpec& camera = cameras_[k];
        const auto start = std::chrono::steady_clock::now();
        frame.camera = camera.name;
        frame.sequence = sequence[k]++;
        frame.stamp_s = snapshot.time_s;
        frame.available_s = snapshot.time_s + camera.latency_s;
        frame.intrinsics = intrinsics_[k];
        renderer->RenderCamera(data.get(), camera_ids_[k], intrinsics_[k], &frame.rgb,
                               camera.depth ? &frame.depth : nullptr);
        if (!camera.depth) frame.depth.Resize(0, 0);
        ApplySensorModel(camera, &rng, &frame.rgb, camera.depth ? &frame.depth : nullptr);
        render_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ++rendered;
        if (callback_) callback_(frame);
        std::lock_guard<std::mutex> lock(frames_mutex_);
        std::deque<CameraFrame>& queue = frames_[k];
        queue.push_back(frame);
        // Keep what the latency holds back, plus the newest visible one.
        const std::size_t keep =
            static_cast<std::size_t>(std::ceil(camera.latency_s * camera.rate_hz)) + 2;
        while (queue.size() > keep) queue.pop_front();
      }
      {
        std::lock_guard<std::mutex> lock(frames_mutex_);
        stats_.frames_rendered += rendered;
        stats_.frames_dropped += dropped;
        stats_.render_s_total += render_s;
        rendered_up_to_s_ = snapshot.time_s;
      }
      frames_changed_.notify_all();
    }
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(frames_mutex_);
    thread_error_ = e.what();
  }
  std::lock_guard<std::mutex> lock(frames_mutex_);
  thread_done_ = true;
  frames_changed_.notify_all();
}

}  // namespace tianmu::perception
