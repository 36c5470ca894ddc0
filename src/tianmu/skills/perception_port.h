// Perception port: how skills see poses of the robot's own frames and of scene objects (world
// frame). Implementations say what they are (`kind`: "oracle" for simulator ground truth) so
// every output that depends on perception can be labelled.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <string>

namespace tianmu::skills {

/// A pose as perceived: world frame, stamped with the robot time it describes.
struct PerceivedPose {
  double stamp_s = 0;  ///< robot time at which the pose was true (now minus the latency)
  Eigen::Vector3d position_m = Eigen::Vector3d::Zero();
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();  ///< world <- frame
};

/// Source of poses for skills.
class PerceptionPort {
 public:
  virtual ~PerceptionPort() = default;
  /// What the poses come from ("oracle", later "vision"); printed with every result.
  virtual const char* kind() const = 0;
  /// Starts following frame `name` (an MJCF site, camera or body of the robot or scene); false
  /// when there is no such frame.
  virtual bool Track(const std::string& name) = 0;
  /// The latest pose of a tracked frame, or nullopt when this reading dropped out (or none has
  /// arrived yet).
  virtual std::optional<PerceivedPose> Observe(const std::string& name) = 0;
};

}  // namespace tianmu::skills
