#include "tianmu/perception/plane_ransac.h"

#include <cmath>

namespace tianmu::perception {
namespace {

std::vector<int> Inliers(const std::vector<Eigen::Vector3d>& points,
                         const std::vector<int>& candidates, const Plane& plane, double tol) {
  std::vector<int> out;
  for (int i : candidates) {
    if (std::abs(plane.Distance(points[i])) < tol) out.push_back(i);
  }
  return out;
}

// Least-squares plane through `indices`: the centroid and the direction of least spread.
Plane Refit(const std::vector<Eigen::Vector3d>& points, const std::vector<int>& indices) {
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for (int i : indices) mean += points[i];
  mean /= static_cast<double>(indices.size());
  Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
  for (int i : indices) {
    const Eigen::Vector3d d = points[i] - mean;
    cov += d * d.transpose();
  }
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(cov);
  Plane plane;
  plane.normal = eig.eigenvectors().col(0);
  if (plane.normal.z() < 0) plane.normal = -plane.normal;
  plane.offset_m = -plane.normal.dot(mean);
  return plane;
}

}  // namespace

std::optional<PlaneFit> FitHorizontalPlane(const std::vector<Eigen::Vector3d>& points,
                                           const std::vector<int>& candidates,
                                           const PlaneRansacOptions& options, Rng* rng) {
  const int n = static_cast<int>(candidates.size());
  if (n < 3 || n < options.min_inliers) return std::nullopt;
  const double cos_tilt = std::cos(options.max_tilt_rad);
  std::optional<Plane> best;
  std::size_t best_count = 0;
  for (int it = 0; it < options.iterations; ++it) {
    const auto pick = [&] {
      return candidates[static_cast<std::size_t>(rng->Uniform() * n) % static_cast<std::size_t>(n)];
    };
    const Eigen::Vector3d& a = points[pick()];
    const Eigen::Vector3d& b = points[pick()];
    const Eigen::Vector3d& c = points[pick()];
    Eigen::Vector3d normal = (b - a).cross(c - a);
    if (normal.norm() < 1e-9) continue;
    normal.normalize();
    if (normal.z() < 0) normal = -normal;
    if (normal.z() < cos_tilt) continue;
    Plane plane{normal, -normal.dot(a)};
    std::size_t count = 0;
    for (int i : candidates) {
      if (std::abs(plane.Distance(points[i])) < options.inlier_distance_m) ++count;
    }
    if (count > best_count) {
      best_count = count;
      best = plane;
    }
  }
  if (!best || static_cast<int>(best_count) < options.min_inliers) return std::nullopt;
  PlaneFit fit;
  fit.inliers = Inliers(points, candidates, *best, options.inlier_distance_m);
  fit.plane = Refit(points, fit.inliers);
  fit.inliers = Inliers(points, candidates, fit.plane, options.inlier_distance_m);
  return fit;
}

}  // namespace tianmu::perception
