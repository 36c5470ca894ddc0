#include "tianmu/service/live_recording.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"

namespace tianmu::service {

LiveRecording::LiveRecording(std::filesystem::path file, record::EpisodeAttributes attributes,
                             int num_joints, int num_touch)
    : path_(std::move(file)), attributes_(std::move(attributes)) {
  writer_ = std::make_unique<record::EpisodeWriter>(path_, num_joints, num_touch);
  // Every slot has the frame's shape, so the loop's copies into it never allocate.
  record::EpisodeFrame prototype;
  for (std::vector<double>* v :
       {&prototype.q_rad, &prototype.dq_radps, &prototype.tau_Nm, &prototype.q_des_rad,
        &prototype.dq_des_radps, &prototype.kp_Nm_per_rad, &prototype.kd_Nms_per_rad,
        &prototype.tau_ff_Nm}) {
    v->assign(static_cast<std::size_t>(num_joints), 0.0);
  }
  prototype.touch_N.assign(static_cast<std::size_t>(num_touch), 0.0);
  ring_ = std::make_unique<SpscRing<record::EpisodeFrame>>(256, prototype);
  thread_ = std::thread([this] { WriteLoop(); });
}

LiveRecording::~LiveRecording() {
  closed_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  // Without Finish() the writer removes its temporary file: an abandoned episode leaves nothing.
}

bool LiveRecording::Offer(const record::EpisodeFrame& frame) {
  if (closed_.load(std::memory_order_acquire)) return false;
  record::EpisodeFrame* slot = ring_->BeginPush();
  if (slot == nullptr) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  *slot = frame;
  ring_->CommitPush();
  return true;
}

void LiveRecording::WriteLoop() {
  for (;;) {
    // Read before draining: frames pushed before the close are all written.
    const bool closed = closed_.load(std::memory_order_acquire);
    while (record::EpisodeFrame* f = ring_->Front()) {
      try {
        writer_->Append(*f);
        frames_.fetch_add(1, std::memory_order_relaxed);
      } catch (const std::exception& e) {
        {
          const std::lock_guard<std::mutex> lock(mutex_);
          if (error_.empty()) error_ = e.what();
        }
        closed_.store(true, std::memory_order_release);
        return;
      }
      ring_->Pop();
    }
    if (closed) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void LiveRecording::Finish(bool success) {
  if (finished_) return;
  closed_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  std::string error;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    error = error_;
  }
  if (!error.empty()) throw RuntimeError("recording " + path_.string() + ": " + error);
  if (frames() == 0) {
    throw RuntimeError("recording " + path_.string() + ": no frame was recorded");
  }
  attributes_.success = success;
  writer_->Finish(attributes_);
  finished_ = true;
}

std::filesystem::path NextEpisodePath(const std::filesystem::path& dir, std::int64_t* index) {
  for (std::int64_t i = 0;; ++i) {
    char name[64];
    std::snprintf(name, sizeof(name), "episode_%06lld.hdf5", static_cast<long long>(i));
    std::error_code ec;
    if (!std::filesystem::exists(dir / name, ec) &&
        !std::filesystem::exists(dir / (std::string(name) + ".tmp"), ec)) {
      *index = i;
      return dir / name;
    }
  }
}

void AddEpisodeToDatasetJson(const std::filesystem::path& dir, const std::string& file_name,
                             const record::EpisodeSummary& summary) {
  const std::filesystem::path path = dir / "dataset.json";
  nlohmann::json meta;
  if (std::ifstream in(path); in) meta = nlohmann::json::parse(in, nullptr, false);
  const record::EpisodeAttributes& a = summary.attributes;
  if (!meta.is_object() || !meta.contains("episodes") || !meta["episodes"].is_array()) {
    meta = {{"format", "tianmu-episodes"},
            {"version", 1},
            {"layout", "docs/datasets.md"},
            {"tianmu_version", summary.tianmu_version},
            {"sim", a.sim},
            {"robot", a.robot},
            {"scene", a.scene},
            {"task", a.task},
            {"fps", a.fps},
            {"control_rate_hz", 1000},
            {"complete", true},
            {"joint_names", a.joint_names},
            {"touch_names", a.touch_names},
            {"episodes", nlohmann::json::array()}};
  }
  meta["episodes"].push_back({{"index", a.episode_index},
                              {"file", file_name},
                              {"seed", a.seed},
                              {"frames", summary.frames},
                              {"duration_s", summary.duration_s},
                              {"success", a.success},
                              {"bytes", summary.bytes},
                              {"instruction", a.instruction}});
  meta["episodes_planned"] = meta["episodes"].size();
  WriteFileAtomically(path, meta.dump(2) + "\n");
}

}  // namespace tianmu::service
