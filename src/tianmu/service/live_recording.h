// Recording the live robot: an HDF5 episode (docs/datasets.md) fed by the robot loop, which
// hands over frames without ever waiting; a writer thread appends them to the file.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tianmu/record/episode_file.h"

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

  /// Loop thread only: queues a frame for the writer without blocking (a busy queue keeps it
  /// for the next offer). Returns false once the recording is closed: drop it then.
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

 private:
  void WriteLoop();

  std::filesystem::path path_;
  record::EpisodeAttributes attributes_;
  std::unique_ptr<record::EpisodeWriter> writer_;
  std::vector<record::EpisodeFrame> loop_pending_;  ///< loop thread only
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<record::EpisodeFrame> queue_;  ///< guarded by mutex_
  bool closed_ = false;                      ///< guarded by mutex_
  std::string error_;                        ///< guarded by mutex_
  std::atomic<std::int64_t> frames_{0};
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
