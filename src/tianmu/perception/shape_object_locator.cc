#include "tianmu/perception/shape_object_locator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tianmu/perception/euclidean_clusters.h"
#include "tianmu/perception/point_cloud.h"

namespace tianmu::perception {

ShapeObjectLocator::ShapeObjectLocator(const std::vector<knowledge::ObjectRecord>& candidates,
                                       const ShapeLocatorOptions& options)
    : options_(options) {
  for (const knowledge::ObjectRecord& o : candidates) {
    if (o.shape == knowledge::ShapeType::kBox || o.shape == knowledge::ShapeType::kCylinder ||
        o.shape == knowledge::ShapeType::kSphere) {
      candidates_.push_back(o);
    }
  }
}

std::vector<ObjectObservation> ShapeObjectLocator::Locate(const DepthImage& depth,
                                                          const RgbImage& rgb,
                                                          const CameraIntrinsics& intrinsics,
                                                          const CameraPose& camera,
                                                          Rng* rng) const {
  last_support_z_m_ = std::numeric_limits<double>::quiet_NaN();
  const PointCloud cloud = DepthToWorldPoints(depth, &rgb, intrinsics, camera, options_.stride);
  const auto& pts = cloud.points_W_m;
  std::vector<int> remaining(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) remaining[i] = static_cast<int>(i);
  // The support is the horizontal plane with most points: in a tabletop view the table top.
  // Smaller horizontal planes (box tops, the floor beyond the table) stay: box tops belong to
  // their boxes, and the floor lies below the support.
  const std::optional<PlaneFit> support = FitHorizontalPlane(pts, remaining, options_.plane, rng);
  if (!support) return {};
  const Plane& plane = support->plane;
  last_support_z_m_ = -plane.offset_m / plane.normal.z();
  // Only what stands on the support: above it and inside its extent (inset 1 cm).
  Eigen::Vector2d lo(1e9, 1e9), hi(-1e9, -1e9);
  for (int i : support->inliers) {
    lo = lo.cwiseMin(pts[i].head<2>());
    hi = hi.cwiseMax(pts[i].head<2>());
  }
  lo.array() += 0.01;
  hi.array() -= 0.01;
  std::vector<char> on_support(pts.size(), 0);
  for (int i : support->inliers) on_support[i] = 1;
  std::vector<int> above;
  for (int i : remaining) {
    if (on_support[i]) continue;
    const double h = plane.Distance(pts[i]);
    if (h < options_.min_height_above_support_m || h > 1.0) continue;
    if ((pts[i].head<2>().array() < lo.array()).any() ||
        (pts[i].head<2>().array() > hi.array()).any()) {
      continue;
    }
    above.push_back(i);
  }
  std::vector<ObjectObservation> out;
  std::vector<double> tolerance(pts.size(), options_.cluster_tolerance_m);
  for (int i : above) {
    const double range_m = (pts[i] - camera.position_W_m).norm();
    tolerance[i] = std::max(options_.cluster_tolerance_m,
                            options_.cluster_tolerance_px * range_m / intrinsics.fx_px);
  }
  for (const std::vector<int>& cluster :
       EuclideanClusters(pts, above, tolerance, options_.min_cluster_points)) {
    ClusterView view;
    view.camera_W_m = camera.position_W_m;
    view.support_z_m = last_support_z_m_;
    Eigen::Vector3d centroid = Eigen::Vector3d::Zero();
    for (int i : cluster) {
      view.points_W_m.push_back(pts[i]);
      view.rgb.push_back(cloud.rgb[i]);
      centroid += pts[i];
    }
    centroid /= static_cast<double>(cluster.size());
    ObjectObservation obs;
    obs.method = ObservationMethod::kShape;
    obs.points = static_cast<int>(cluster.size());
    obs.has_orientation = false;
    obs.position_W_m = centroid;
    if (const auto id = IdentifyCluster(candidates_, view, options_.identify)) {
      const knowledge::ObjectRecord& o = candidates_[id->first];
      obs.object_id = o.id;
      obs.position_W_m = id->second.position_W_m;
      obs.fit_residual_m = id->second.residual_m;
      if (o.shape == knowledge::ShapeType::kBox) {
        obs.has_orientation = true;
        obs.rotation_W_O = Eigen::AngleAxisd(id->second.yaw_rad, Eigen::Vector3d::UnitZ());
      }
    }
    out.push_back(obs);
  }
  return out;
}

}  // namespace tianmu::perception
