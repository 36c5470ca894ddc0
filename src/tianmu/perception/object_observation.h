// What object-pose perception reports: an identified knowledge-base object and its pose in the
// world, and how it was found (an AprilTag, or the marker-free shape fit).
#pragma once

#include <Eigen/Dense>
#include <string>

namespace tianmu::perception {

/// How an observation was made.
enum class ObservationMethod { kTag, kShape };

/// "tag" or "shape".
const char* ObservationMethodName(ObservationMethod method);

/// One object seen in one camera frame (world frame W, object frame O of the knowledge base).
struct ObjectObservation {
  std::string object_id;  ///< knowledge-base id; empty when the thing seen matched no object
  ObservationMethod method = ObservationMethod::kTag;
  Eigen::Vector3d position_W_m = Eigen::Vector3d::Zero();      ///< object frame origin
  Eigen::Matrix3d rotation_W_O = Eigen::Matrix3d::Identity();  ///< W <- O
  bool has_orientation = true;  ///< false for spheres, cylinders (only position is meaningful)
  int tag_id = -1;              ///< kTag: the decoded id
  double fit_residual_m = 0;    ///< kShape: mean distance of the cluster's points to the fit
  int points = 0;               ///< kShape: points in the cluster
};

}  // namespace tianmu::perception
