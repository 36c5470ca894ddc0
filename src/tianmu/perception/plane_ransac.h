// RANSAC plane fitting for supporting surfaces (table tops, the floor): random three-point
// hypotheses among near-horizontal planes, the one with most inliers refit by least squares.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <vector>

#include "tianmu/core/rng.h"

namespace tianmu::perception {

/// The plane n·p + offset = 0 with unit normal n (world frame; n points up for support planes).
struct Plane {
  Eigen::Vector3d normal = Eigen::Vector3d::UnitZ();
  double offset_m = 0;
  /// Signed distance of `p` (positive on the normal's side).
  double Distance(const Eigen::Vector3d& p) const { return normal.dot(p) + offset_m; }
};

/// RANSAC settings.
struct PlaneRansacOptions {
  int iterations = 300;
  double inlier_distance_m = 0.008;  ///< |distance| below this counts as on the plane
  double max_tilt_rad = 0.17;        ///< normal within this of world +z (about 10 degrees)
  int min_inliers = 300;
};

/// A plane and the indices (into the points given) of its inliers.
struct PlaneFit {
  Plane plane;
  std::vector<int> inliers;
};

/// The near-horizontal plane with most inliers among `points[candidates]`, or nullopt when none
/// has min_inliers. Hypotheses drawn with `rng` (seeded runs repeat exactly).
std::optional<PlaneFit> FitHorizontalPlane(const std::vector<Eigen::Vector3d>& points,
                                           const std::vector<int>& candidates,
                                           const PlaneRansacOptions& options, Rng* rng);

}  // namespace tianmu::perception
