// Recording the live robot: an HDF5 episode (docs/datasets.md) fed by the robot loop, which
// copies frames into a preallocated lock-free ring (no allocation, lock or wait); a writer
// thread appends them to the file.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tianmu/record/episode_file.h"
#include "tianmu/service/spsc_ring.h"

namespace tianmu::service {

/// One episode being recorded. The loop thread calls Offer; any other thread calls Finish.
class LiveRecording {
 public:
  /// Creates the episode's temporary file and starts the writer thread (RuntimeError when the
  /// file cannot be created). attributes.fps is the rate the loop samples at.
  LiveRecording(std::filesystem::path file, record::EpisodeAttributes attributes, int num_joints,
                int num_touch);
  ~LiveRecording();
  LiveRecording(const LiveRecording&) = delete;
  LiveRecording& operator=(const LiveRecording&) = delete;

  /// Loop thread only: copies a frame into the writer's ring without allocating or blocking
  /// (when the ring is full the frame is dropped and counted). Returns false once the recording
  /// is closed: drop it then.
  bool Offer(const record::EpisodeFrame& frame);
  /// Stops taking frames, writes the queued ones, writes the attributes (with `success`: the
  /// robot did not fall) and renames the file into place. RuntimeError when writing failed.
  void Finish(bool success);

  /// Frames written to the file so far (thread-safe).
  std::int64_t frames() const { return frames_.load(std::memory_order_relaxed); }
  /// The episode's final path.
  const std::filesystem::path& path() const { return path_; }
  /// Recording rate, frames per second.
  double rate_hz() const { return attributes_.fps; }
  /// True once Finish() succeeded.
  bool finished() const { return finished_; }
  /// Frames dropped because the writer was behind (thread-safe).
  std::uint64_t dropped_frames() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  void WriteLoop();

  std::filesystem::path path_;
  record::EpisodeAttributes attributes_;
  std::unique_ptr<record::EpisodeWriter> writer_;
  /// 256 frames: 5 s at 50 Hz, while the writer looks every 5 ms.
  std::unique_ptr<SpscRing<record::EpisodeFrame>> ring_;
  std::atomic<bool> closed_{false};
  std::mutex mutex_;
  std::string error_;  ///< guarded by mutex_
  std::atomic<std::int64_t> frames_{0};
  std::atomic<std::uint64_t> dropped_{0};
  bool finished_ = false;
  std::thread thread_;
};

/// The next free episode file of dataset directory `dir` (episode_NNNNNN.hdf5) and its index.
std::filesystem::path NextEpisodePath(const std::filesystem::path& dir, std::int64_t* index);

/// Lists the finished episode `summary` (file `file_name` in `dir`) in `dir`/dataset.json,
/// creating it when missing (docs/datasets.md format); written atomically.
void AddEpisodeToDatasetJson(const std::filesystem::path& dir, const std::string& file_name,
                             const record::EpisodeSummary& summary);

}  // namespace tianmu::service
