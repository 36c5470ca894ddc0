// RunVideo: the video of a simulation run. During the run it keeps the state at the video's
// frame rate (in simulated time); afterwards it renders those states offline (so the run's
// speed does not depend on rendering) and encodes them to MP4.
#pragma once

#include <mujoco/mujoco.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/model/mujoco_handles.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::perception {

/// What the video shows and how.
struct RunVideoOptions {
  std::filesystem::path path;  ///< the MP4 to write
  std::string camera;          ///< MJCF camera to film through; empty: follow the robot
  int width_px = 640;          ///< even
  int height_px = 480;         ///< even
  int fps = 30;                ///< frames per simulated second
};

/// What was written.
struct RunVideoSummary {
  int frames = 0;
  double duration_s = 0;  ///< frames / fps
  std::string codec_name;
  double render_wall_s = 0;  ///< rendering and encoding time
};

/// Collects a run's states and turns them into a video.
class RunVideo {
 public:
  /// `spec` names the base body the follow view tracks and the cameras' robot.yaml intrinsics.
  /// Raises InputError for an unknown camera or an odd frame size.
  RunVideo(const model::RobotSpec& spec, RunVideoOptions options);

  /// Call once before the first tick with the world's model and state (copies the model).
  void Start(const mjModel* world_model, const mjData* data);
  /// Call after every tick; keeps the state when a frame is due.
  void Sample(const mjData* data);
  /// Renders every kept state (EGL, pretty quality) and writes the MP4. Raises RuntimeError
  /// when rendering or encoding fails.
  RunVideoSummary Write();

  /// States kept so far.
  int frames() const { return static_cast<int>(time_s_.size()); }

 private:
  model::RobotSpec spec_;
  RunVideoOptions options_;
  model::MjModelPtr model_;
  int camera_id_ = -1;
  int base_body_ = -1;
  double next_frame_s_ = 0;
  std::vector<double> time_s_;
  std::vector<std::vector<mjtNum>> qpos_;
  std::vector<std::vector<mjtNum>> mocap_;  // mocap_pos then mocap_quat
};

}  // namespace tianmu::perception
