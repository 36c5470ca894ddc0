#include "tianmu/service/robot_loop.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "tianmu/record/recorder.h"
#include "tianmu/service/geometry.h"
#include "tianmu/service/realtime_thread.h"

namespace tianmu::service {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t WallNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::unique_ptr<LoopWorld> BuildLoopWorld(const model::RobotSpec& spec,
                                          const RobotLoopOptions& options) {
  auto built = std::make_unique<LoopWorld>();
  built->world = std::make_unique<sim::World>(spec, options.scene, options.world);
  built->port = std::make_unique<hal::SimPort>(built->world.get(), options.port);
  built->controller = std::make_unique<control::HumanoidController>(spec);
  auto model = std::make_shared<LoopModel>();
  model->body_names = BodyNames(built->world->model());
  model->geometry_json = GeometryJson(built->world->model()).dump() + "\n";
  built->model = std::move(model);
  built->extra_scene_xml = options.world.extra_scene_xml;
  return built;
}

RobotLoop::RobotLoop(const model::RobotSpec& spec, RobotLoopOptions options)
    : spec_(spec), options_(std::move(options)) {
  Build();
  if (!options_.log_path.empty()) {
    log_ = std::make_unique<runtime::RunLog>(options_.log_path, spec_);
  }
  logging_.store(options_.log_from_start);
  mailbox_.reserve(64);
  drained_.reserve(64);
  Publish();
}

RobotLoop::~RobotLoop() { Stop(); }

void RobotLoop::Build() {
  // Everything is built before it replaces the old objects, so a failure leaves them intact.
  std::unique_ptr<LoopWorld> built = BuildLoopWorld(spec_, options_);
  Install(std::move(*built));
}

void RobotLoop::Install(LoopWorld&& built) {
  controller_.reset();
  port_ = std::move(built.port);
  world_ = std::move(built.world);
  controller_ = std::move(built.controller);
  model_ = std::move(built.model);
  options_.world.extra_scene_xml = std::move(built.extra_scene_xml);
  state_ = hal::LowState();
  cmd_ = hal::LowCmd();
  cmd_.Resize(spec_.num_joints());
  port_->ReadState(&state_);
  controller_->Reset(state_);
  if (!options_.course.empty()) controller_->SetCommandSchedule(options_.course);
  command_ = {};
  estop_ = false;
  clip_.reset();
}

void RobotLoop::Start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { Run(); });
}

void RobotLoop::Stop() {
  running_.store(false);
  if (thread_.joinable()) thread_.join();
  if (log_) {
    log_->Close();
    log_.reset();
  }
}

void RobotLoop::Post(const RobotRequest& request) {
  const std::lock_guard<std::mutex> lock(mailbox_mutex_);
  mailbox_.push_back(request);
}

RobotSnapshot RobotLoop::Snapshot() const {
  const std::lock_guard<std::mutex> lock(snapshot_mutex_);
  return published_;
}

std::vector<std::uint64_t> RobotLoop::LatenessHistogram() const {
  std::vector<std::uint64_t> counts(kLatenessBuckets);
  for (std::size_t k = 0; k < kLatenessBuckets; ++k) {
    counts[k] = lateness_counts_[k].load(std::memory_order_relaxed);
  }
  return counts;
}

double LatenessQuantileMs(const std::vector<std::uint64_t>& counts, double q) {
  std::uint64_t total = 0;
  for (std::uint64_t c : counts) total += c;
  if (total == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
  std::uint64_t seen = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    seen += counts[k];
    if (seen >= std::max<std::uint64_t>(rank, 1))
      return static_cast<double>(k + 1) * kLatenessBucketMs;
  }
  return static_cast<double>(counts.size()) * kLatenessBucketMs;
}

LoopStats RobotLoop::Stats() const {
  const std::lock_guard<std::mutex> lock(stats_mutex_);
  return stats_;
}

void RobotLoop::DrainMailbox() {
  {
    // try_lock: a writer holding the mailbox delays its request by a tick, never the loop.
    std::unique_lock<std::mutex> lock(mailbox_mutex_, std::try_to_lock);
    if (lock.owns_lock() && !mailbox_.empty()) std::swap(mailbox_, drained_);
  }
  for (const RobotRequest& r : drained_) {
    switch (r.kind) {
      case RobotRequest::Kind::kWalk:
        if (!estop_) {
          if (clip_ && !r.command.IsZero()) {
            clip_.reset();
            controller_->ClearJointTargets();
          }
          command_ = r.command;
          controller_->SetVelocityCommand(r.command);
        }
        break;
      case RobotRequest::Kind::kStand:
        if (!estop_) {
          command_ = {};
          controller_->SetVelocityCommand({});
          controller_->ClearJointTargets();
          clip_.reset();
        }
        break;
      case RobotRequest::Kind::kPlay:
        // The service refuses these too; the loop re-checks because state may change between.
        if (!estop_ && command_.IsZero() && r.clip) {
          clip_ = r.clip;
          clip_start_tick_ = tick_;
          clip_target_rad_.resize(spec_.num_joints());
        }
        break;
      case RobotRequest::Kind::kRecord:
        recording_ = r.recording;
        recording_start_tick_ = tick_;
        if (recording_) {
          const double period_s = options_.port.control_period_s;
          recording_every_ticks_ = static_cast<std::uint64_t>(
              std::max(1.0, std::round(1.0 / (recording_->rate_hz() * period_s))));
        }
        break;
      case RobotRequest::Kind::kInstall:
        if (r.world) {
          Install(std::move(*r.world));
          ++local_stats_.resets;
          if (estops_seen_.load(std::memory_order_relaxed) != r.estops_seen) {
            ApplyEmergencyStop();
          }
        }
        break;
      case RobotRequest::Kind::kReset:
        try {
          Build();
          ++local_stats_.resets;
        } catch (const std::exception& e) {
          std::fprintf(stderr, "robot loop: reset failed: %s\n", e.what());
          // Keeps the running world: the scene compiled at start-up cannot fail to compile now
          // unless the files changed underneath; the robot stays as it is.
        }
        break;
    }
  }
  drained_.clear();
}

bool RobotLoop::TakeEmergencyStop() {
  if (!estop_requested_.exchange(false, std::memory_order_acq_rel)) return false;
  last_estop_seen_ns_.store(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count(),
      std::memory_order_relaxed);
  estops_seen_.fetch_add(1, std::memory_order_release);
  ApplyEmergencyStop();
  return true;
}

void RobotLoop::ApplyEmergencyStop() {
  estop_ = true;
  command_ = {};
  const int category = estop_category_.load(std::memory_order_relaxed);
  controller_->RequestEmergencyStop(
      category == 0
          ? std::nullopt
          : std::optional<model::StopCategory>(static_cast<model::StopCategory>(category)));
  if (clip_) {
    clip_.reset();
    controller_->ClearJointTargets();
  }
}

void RobotLoop::StepMotion() {
  if (!clip_) return;
  const double t_s = static_cast<double>(tick_ - clip_start_tick_) * options_.port.control_period_s;
  if (t_s >= clip_->total_s()) {
    controller_->ClearJointTargets();
    clip_.reset();
    return;
  }
  clip_->Sample(t_s, &clip_target_rad_);
  controller_->SetJointTargets(clip_target_rad_, clip_->weight());
}

void RobotLoop::SampleRecording() {
  if (!recording_ || (tick_ - recording_start_tick_) % recording_every_ticks_ != 0) return;
  record::FillEpisodeFrame(spec_, state_, cmd_, controller_.get(), &recording_frame_);
  // Ticks, not robot time, date the frames: a reset or spawn restarts robot time.
  recording_frame_.time_s =
      static_cast<double>(tick_ - recording_start_tick_) * options_.port.control_period_s;
  recording_frame_.command_velocity = {command_.vx_mps, command_.vy_mps, command_.wz_radps};
  if (!recording_->Offer(recording_frame_)) recording_.reset();
}

void RobotLoop::Tick() {
  // The e-stop comes before any queued request: walks and plays queued with it are ignored, and
  // a reset or spawn queued with it (which rebuilds the controller) is stopped again at once.
  const bool estop_now = TakeEmergencyStop();
  DrainMailbox();
  if (estop_now && !estop_) ApplyEmergencyStop();
  StepMotion();
  port_->ReadState(&state_);
  controller_->Compute(state_, &cmd_);
  SampleRecording();
  port_->WriteCommand(cmd_);
  if (log_ && logging_.load(std::memory_order_relaxed) &&
      tick_ % static_cast<std::uint64_t>(std::max(1, options_.log_every_ticks)) == 0) {
    log_->Write(state_, cmd_, world_->Truth());
  }
  port_->Advance();
  ++tick_;
  ++local_stats_.ticks;
  if (tick_ % static_cast<std::uint64_t>(std::max(1, options_.publish_every_ticks)) == 0) {
    Publish();
  }
}

void RobotLoop::Publish() {
  RobotSnapshot& s = scratch_;
  const sim::GroundTruth truth = world_->Truth();
  const control::ControllerStatus status = controller_->status();
  s.sequence += 1;
  s.wall_time_ns = WallNowNs();
  s.time_s = world_->time_s();
  s.mode = status.mode;
  s.estop = estop_;
  s.fallen = world_->Fallen();
  s.estop_time_s = status.estop_time_s;
  s.stopped_time_s = status.stopped_time_s;
  s.command = command_;
  s.base_position_m = truth.base_position_m;
  s.base_orientation_wxyz = truth.base_orientation_wxyz;
  s.base_linear_velocity_mps = truth.base_linear_velocity_mps;
  s.base_angular_velocity_radps = truth.base_angular_velocity_radps;
  for (int f = 0; f < 2; ++f) {
    s.foot_force_N[f] = state_.feet[f].force_N;
    s.foot_torque_Nm[f] = state_.feet[f].torque_Nm;
    s.foot_contact_force_N[f] = truth.foot_contact_force_N[f];
  }
  s.q_rad = state_.q_rad;
  s.dq_radps = state_.dq_radps;
  s.tau_Nm = state_.tau_measured_Nm;
  s.temperature_C = state_.temperature_C;
  const mjModel* m = world_->model();
  const mjData* d = world_->data();
  s.body_pose.resize(static_cast<std::size_t>(m->nbody));
  for (int b = 0; b < m->nbody; ++b) {
    s.body_pose[b] = {d->xpos[3 * b],      d->xpos[3 * b + 1],  d->xpos[3 * b + 2], d->xquat[4 * b],
                      d->xquat[4 * b + 1], d->xquat[4 * b + 2], d->xquat[4 * b + 3]};
  }
  s.model = model_;
  if (clip_) {
    s.motion = clip_->name();
    s.motion_progress = std::min(1.0, static_cast<double>(tick_ - clip_start_tick_) *
                                          options_.port.control_period_s / clip_->total_s());
  } else {
    s.motion.clear();
    s.motion_progress = 0;
  }
  s.recording = recording_ != nullptr;
  s.power_W = truth.power_W;
  s.energy_J = truth.energy_J;
  s.stats = local_stats_;
  // try_lock: a reader copying the last snapshot makes this one wait for the next period.
  std::unique_lock<std::mutex> lock(snapshot_mutex_, std::try_to_lock);
  if (lock.owns_lock()) published_ = s;
}

void RobotLoop::RunTicks(std::uint64_t ticks) {
  for (std::uint64_t k = 0; k < ticks; ++k) Tick();
  const std::lock_guard<std::mutex> lock(stats_mutex_);
  stats_ = local_stats_;
}

void RobotLoop::Run() {
  if (options_.raise_priority) local_stats_.scheduling = RaiseThreadPriority();
  if (options_.cpu >= 0) {
    if (PinThreadToCpu(options_.cpu)) {
      local_stats_.pinned_cpu = options_.cpu;
    } else {
      std::fprintf(stderr, "robot loop: cannot pin the loop to CPU %d\n", options_.cpu);
    }
  }
  const auto period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options_.port.control_period_s));
  const auto slack = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double, std::milli>(options_.deadline_slack_ms));
  auto deadline = Clock::now() + period;
  while (running_.load(std::memory_order_acquire)) {
    const auto start = Clock::now();
    const std::uint64_t resets = local_stats_.resets;
    Tick();
    const auto end = Clock::now();
    if (local_stats_.resets != resets) {
      // A reset rebuilds the world (tens of ms): the schedule restarts instead of counting it.
      deadline = end + period;
    } else {
      const double tick_ms = std::chrono::duration<double, std::milli>(end - start).count();
      local_stats_.max_tick_ms = std::max(local_stats_.max_tick_ms, tick_ms);
      if (options_.realtime) {
        const double late_ms = std::chrono::duration<double, std::milli>(end - deadline).count();
        const auto bucket = static_cast<std::size_t>(std::clamp(
            late_ms / kLatenessBucketMs, 0.0, static_cast<double>(kLatenessBuckets - 1)));
        lateness_counts_[bucket].fetch_add(1, std::memory_order_relaxed);
      }
      if (options_.realtime && end > deadline + slack) {
        ++local_stats_.deadline_misses;
        local_stats_.max_lateness_ms =
            std::max(local_stats_.max_lateness_ms,
                     std::chrono::duration<double, std::milli>(end - deadline).count());
        // Far behind (the process was stopped, the machine stalled): restart the schedule
        // rather than running hundreds of ticks back to back.
        if (end - deadline > 50 * period) deadline = end;
      }
      deadline += period;
    }
    if (local_stats_.ticks % 100 == 0) {
      std::unique_lock<std::mutex> lock(stats_mutex_, std::try_to_lock);
      if (lock.owns_lock()) stats_ = local_stats_;
    }
    if (options_.realtime) std::this_thread::sleep_until(deadline - period);
  }
  const std::lock_guard<std::mutex> lock(stats_mutex_);
  stats_ = local_stats_;
}

}  // namespace tianmu::service
