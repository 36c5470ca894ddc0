// Robot clips: per-frame joint positions, base pose and foot contacts of one robot at a fixed
// rate, with provenance (source, licence); stored as JSON (format "tianmu-robot-clip", v1).
#pragma once

#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tianmu::motion {

/// One frame of a robot clip.
struct RobotFrame {
  std::vector<double> q_rad;                         ///< RobotClip::joint_names order
  std::array<double, 3> base_pos_m{0, 0, 0};         ///< world frame, z up, ground at z = 0
  std::array<double, 4> base_quat_wxyz{1, 0, 0, 0};  ///< world <- base
  std::array<bool, 2> contact{true, true};           ///< [0] left, [1] right foot on the ground
};

/// A robot clip. `kind` is "upper_body" (legs hold the nominal stance; playback drives the rest)
/// or "whole_body" (every joint and the base move).
struct RobotClip {
  std::string name;
  std::string robot;  ///< RobotSpec::name it was made for
  std::string kind = "upper_body";
  double fps = 30;      ///< frames per second
  std::string source;   ///< where it came from (file, "procedural: ...")
  std::string licence;  ///< e.g. "CC0-1.0"
  std::string description;
  std::vector<std::string> joint_names;  ///< the robot's actuated joints, RobotSpec order
  std::vector<RobotFrame> frames;
  nlohmann::json metrics = nlohmann::json::object();  ///< quality metrics (quality.h)

  int num_frames() const { return static_cast<int>(frames.size()); }
  double duration_s() const { return frames.empty() ? 0 : (num_frames() - 1) / fps; }
};

/// The clip as its JSON document.
nlohmann::json RobotClipToJson(const RobotClip& clip);
/// A clip from its JSON document; raises InputError naming `source_name` and the field.
RobotClip RobotClipFromJson(const nlohmann::json& j, const std::string& source_name);

/// Writes the clip atomically.
void SaveRobotClip(const RobotClip& clip, const std::filesystem::path& path);
/// Reads a clip file; raises InputError on a missing or malformed file.
RobotClip LoadRobotClip(const std::filesystem::path& path);

}  // namespace tianmu::motion
