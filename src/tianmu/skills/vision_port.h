// Vision perception port: scene objects' poses from the robot's head camera (AprilTags and the
// marker-free primitive fits of src/tianmu/perception), fused over a short window; the robot's own
// frames from its kinematics. Labelled "vision"; it replaces the oracle where a scene's objects
// are knowledge-base objects the camera can see.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tianmu/core/rng.h"
#include "tianmu/knowledge/object_record.h"
#include "tianmu/model/mujoco_handles.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/image.h"
#include "tianmu/perception/object_observation.h"
#include "tianmu/sim/world.h"
#include "tianmu/skills/perception_port.h"

namespace tianmu::perception {
class EglContext;
class OffscreenRenderer;
class TagObjectLocator;
class ShapeObjectLocator;
}  // namespace tianmu::perception

namespace tianmu::skills {

/// A knowledge-base object in the simulated scene: the MJCF body that carries it.
struct VisibleObject {
  std::string body_name;
  knowledge::ObjectRecord object;
};

/// Settings of the vision port.
struct VisionPortOptions {
  double window_s = 0.5;   ///< observations older than this (robot time) are forgotten
  std::uint64_t seed = 0;  ///< sensor noise and RANSAC
};

/// Poses from camera frames. Renders the robot.yaml head camera from the world's state at the
/// camera's rate_hz (simulated time) when Sample() is called, with its sensor model.
class VisionPort : public PerceptionPort {
 public:
  /// `world` must outlive the port; tagged objects' textures must be in its model. Creates an
  /// EGL context current on this thread (Sample() must run here). InputError when the robot has
  /// no head camera with depth.
  VisionPort(const model::RobotSpec& spec, const sim::World* world,
             std::vector<VisibleObject> objects, const VisionPortOptions& options = {});
  ~VisionPort() override;
  const char* kind() const override { return "vision"; }
  /// Robot sites, cameras and bodies (from kinematics) and the bodies of `objects` (by vision);
  /// false for anything else.
  bool Track(const std::string& name) override;
  /// The fused pose: the median position of the window's observations and the latest
  /// orientation; nullopt when the window holds none.
  std::optional<PerceivedPose> Observe(const std::string& name) override;
  /// Renders and processes a camera frame when one is due; call once per control tick.
  void Sample();
  /// Camera frames processed so far.
  int frames() const { return frames_; }
  /// The last frame's RGB image (after the sensor model), for logs and inspection.
  const perception::RgbImage& last_image() const { return last_rgb_; }

 private:
  struct Observation {
    double stamp_s = 0;
    perception::ObjectObservation seen;
  };

  const sim::World* world_;
  std::vector<VisibleObject> objects_;
  VisionPortOptions options_;
  model::CameraSpec camera_;
  int camera_id_ = -1;
  int robot_root_body_ = 0;
  perception::CameraIntrinsics intrinsics_;
  model::MjDataPtr data_;
  std::unique_ptr<perception::EglContext> egl_;
  std::unique_ptr<perception::OffscreenRenderer> renderer_;
  std::unique_ptr<perception::TagObjectLocator> tags_;
  std::unique_ptr<perception::ShapeObjectLocator> shapes_;
  Rng rng_;
  double next_frame_s_ = 0;
  int frames_ = 0;
  perception::RgbImage last_rgb_;
  std::map<std::string, std::string> tracked_;           ///< name -> "robot" or an object id
  std::map<std::string, std::deque<Observation>> seen_;  ///< object id -> recent observations
};

}  // namespace tianmu::skills
