// Marker-free object poses: depth -> world points -> the support plane (RANSAC: the horizontal
// plane with most points, the table top) removed -> Euclidean clusters above it -> the
// knowledge-base primitive (box, cylinder, sphere) that fits each cluster best by shape, size and
// colour.
#pragma once

#include <vector>

#include "tianmu/core/rng.h"
#include "tianmu/knowledge/object_record.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/camera_pose.h"
#include "tianmu/perception/image.h"
#include "tianmu/perception/object_observation.h"
#include "tianmu/perception/plane_ransac.h"
#include "tianmu/perception/primitive_fit.h"

namespace tianmu::perception {

/// Settings of the marker-free path.
struct ShapeLocatorOptions {
  int stride = 1;                            ///< use every stride-th pixel of the depth image
  PlaneRansacOptions plane;                  ///< support-plane search
  double min_height_above_support_m = 0.01;  ///< points lower than this belong to the support
  double cluster_tolerance_m = 0.02;         ///< Euclidean clustering step near the camera
  /// The step grows with range to this many pixel footprints (range / fx) where that is larger:
  /// surfaces seen far away or at grazing angles are sampled sparsely.
  double cluster_tolerance_px = 6;
  int min_cluster_points = 25;
  IdentifyOptions identify;
};

/// Finds knowledge-base primitives standing on the largest horizontal surface in view.
class ShapeObjectLocator {
 public:
  /// `candidates`: the objects that may be on the table (boxes, cylinders, spheres; others are
  /// ignored).
  ShapeObjectLocator(const std::vector<knowledge::ObjectRecord>& candidates,
                     const ShapeLocatorOptions& options = {});

  /// One observation per cluster: identified (object_id set) or not (object_id empty, position
  /// the cluster's centroid). Empty when no support plane is found. RANSAC draws from `rng`.
  std::vector<ObjectObservation> Locate(const DepthImage& depth, const RgbImage& rgb,
                                        const CameraIntrinsics& intrinsics,
                                        const CameraPose& camera, Rng* rng) const;

  /// The support plane's height found by the last call (NaN when none).
  double last_support_z_m() const { return last_support_z_m_; }

 private:
  std::vector<knowledge::ObjectRecord> candidates_;
  ShapeLocatorOptions options_;
  mutable double last_support_z_m_ = 0;
};

}  // namespace tianmu::perception
