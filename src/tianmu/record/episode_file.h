// One recorded episode as an HDF5 file in the ALOHA/robomimic-style layout of docs/datasets.md
// (/observations/..., /action, /action_full/..., /command/velocity, /time, root attributes):
// the frame struct, a writer that renames a temporary file into place when complete, and a
// reader/validator.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tianmu::record {

/// One sampled control tick. Joint arrays follow RobotSpec::joints order.
struct EpisodeFrame {
  double time_s = 0;
  std::vector<double> q_rad, dq_radps, tau_Nm;  ///< measured joint position, velocity, torque
  std::array<double, 4> imu_orientation_wxyz{1, 0, 0, 0};
  std::array<double, 3> imu_angular_velocity_radps{};
  std::array<double, 3> imu_linear_acceleration_mps2{};
  std::array<double, 3> base_position_m{};  ///< controller's estimate, world frame
  std::array<double, 4> base_orientation_wxyz{1, 0, 0, 0};
  std::array<double, 3> base_linear_velocity_mps{};
  std::array<std::array<double, 6>, 2> foot_wrench{};  ///< [left, right] force N, torque N m
  std::vector<double> touch_N;                         ///< RobotSpec::touch_sensors order
  std::vector<double> q_des_rad, dq_des_radps, kp_Nm_per_rad, kd_Nms_per_rad, tau_ff_Nm;
  std::array<double, 3> command_velocity{};  ///< high-level command vx m/s, vy m/s, wz rad/s
};

/// Root attributes of an episode file.
struct EpisodeAttributes {
  std::string robot;
  std::string scene;
  std::string task;
  std::string instruction;  ///< language instruction
  std::uint64_t seed = 0;
  double fps = 50;  ///< recording rate, frames per second
  bool success = false;
  bool sim = true;
  std::int64_t episode_index = 0;
  std::vector<std::string> joint_names;
  std::vector<std::string> touch_names;
};

/// Writes one episode: frames go to "<file>.tmp" (chunked, gzip when available); Finish() writes
/// the attributes, closes and renames. Destroyed without Finish(), the temporary file is removed.
class EpisodeWriter {
 public:
  /// Raises RuntimeError when the file cannot be created.
  EpisodeWriter(std::filesystem::path file, int num_joints, int num_touch);
  ~EpisodeWriter();
  EpisodeWriter(const EpisodeWriter&) = delete;
  EpisodeWriter& operator=(const EpisodeWriter&) = delete;

  /// Appends a frame (sizes must match the constructor's); raises RuntimeError on I/O errors.
  void Append(const EpisodeFrame& frame);
  /// Flushes, writes `attributes` (plus num_frames, duration_s, tianmu_version), closes, renames.
  void Finish(const EpisodeAttributes& attributes);
  /// Frames appended so far.
  std::int64_t frames() const { return frames_; }
  /// The final path.
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::filesystem::path path_;
  std::filesystem::path temp_path_;
  std::int64_t frames_ = 0;
  double first_time_s_ = 0, last_time_s_ = 0;
  bool finished_ = false;
};

/// What a valid episode file holds, from its attributes and dataset shapes.
struct EpisodeSummary {
  EpisodeAttributes attributes;
  std::int64_t frames = 0;
  double duration_s = 0;  ///< last − first time stamp + one frame period
  std::uintmax_t bytes = 0;
  std::string tianmu_version;
};

/// The outcome of ValidateEpisode: a summary when valid, else the reason.
struct EpisodeCheck {
  std::optional<EpisodeSummary> summary;  ///< set when valid
  std::string reason;                     ///< set when invalid
};

/// Opens and checks an episode file completely: every required dataset present and readable,
/// one row per frame, widths matching joint_names/touch_names, finite values, increasing time,
/// attributes present. Never throws for a bad file.
EpisodeCheck ValidateEpisode(const std::filesystem::path& file);

/// One dataset of an episode file as doubles, row-major, with its shape.
struct ArrayData {
  std::vector<std::uint64_t> shape;
  std::vector<double> values;
};

/// Reads a whole dataset (tests, tools); RuntimeError when the file or dataset is missing.
ArrayData ReadEpisodeArray(const std::filesystem::path& file, const std::string& dataset);

/// Every dataset path of the layout, in writing order ("/observations/qpos", ..., "/time").
const std::vector<std::string>& EpisodeDatasetPaths();

}  // namespace tianmu::record
