// Euclidean clustering of points: connected components of the graph joining points closer than a
// tolerance, found through a voxel hash (cells of the tolerance's size).
#pragma once

#include <Eigen/Dense>
#include <vector>

namespace tianmu::perception {

/// Clusters of `points[indices]` whose members chain together through steps shorter than
/// `tolerance_m`; clusters with fewer than `min_points` are dropped. Each cluster lists indices
/// into `points`; clusters come largest first.
std::vector<std::vector<int>> EuclideanClusters(const std::vector<Eigen::Vector3d>& points,
                                                const std::vector<int>& indices, double tolerance_m,
                                                int min_points);

/// As above with a tolerance per point (`tolerance_m[i]` for points[i]): two points join when
/// closer than the larger of their tolerances. Depth images sample far and grazing surfaces
/// sparsely, so a tolerance that grows with range keeps such surfaces in one piece.
std::vector<std::vector<int>> EuclideanClusters(const std::vector<Eigen::Vector3d>& points,
                                                const std::vector<int>& indices,
                                                const std::vector<double>& tolerance_m,
                                                int min_points);

}  // namespace tianmu::perception
