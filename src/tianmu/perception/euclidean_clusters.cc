#include "tianmu/perception/euclidean_clusters.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace tianmu::perception {
namespace {

std::int64_t CellKey(std::int64_t x, std::int64_t y, std::int64_t z) {
  // 21 bits per axis: +-1 million cells, far beyond any scene at centimetre cells.
  const std::int64_t mask = (1 << 21) - 1;
  return ((x & mask) << 42) | ((y & mask) << 21) | (z & mask);
}

}  // namespace

std::vector<std::vector<int>> EuclideanClusters(const std::vector<Eigen::Vector3d>& points,
                                                const std::vector<int>& indices, double tolerance_m,
                                                int min_points) {
  return EuclideanClusters(points, indices, std::vector<double>(points.size(), tolerance_m),
                           min_points);
}

std::vector<std::vector<int>> EuclideanClusters(const std::vector<Eigen::Vector3d>& points,
                                                const std::vector<int>& indices,
                                                const std::vector<double>& tolerance_m,
                                                int min_points) {
  double cell_m = 1e-3;
  for (int i : indices) cell_m = std::max(cell_m, tolerance_m[i]);
  std::unordered_map<std::int64_t, std::vector<int>> grid;
  const auto cell = [&](const Eigen::Vector3d& p, int k) {
    return static_cast<std::int64_t>(std::floor(p[k] / cell_m));
  };
  for (int i : indices) {
    grid[CellKey(cell(points[i], 0), cell(points[i], 1), cell(points[i], 2))].push_back(i);
  }
  std::vector<char> visited(points.size(), 1);
  for (int i : indices) visited[i] = 0;
  std::vector<std::vector<int>> clusters;
  for (int seed : indices) {
    if (visited[seed]) continue;
    visited[seed] = 1;
    std::vector<int> cluster{seed};
    for (std::size_t head = 0; head < cluster.size(); ++head) {
      const int a = cluster[head];
      const Eigen::Vector3d& p = points[a];
      const std::int64_t cx = cell(p, 0), cy = cell(p, 1), cz = cell(p, 2);
      for (int dx = -1; dx <= 1; ++dx) {
        for (int dy = -1; dy <= 1; ++dy) {
          for (int dz = -1; dz <= 1; ++dz) {
            const auto it = grid.find(CellKey(cx + dx, cy + dy, cz + dz));
            if (it == grid.end()) continue;
            for (int j : it->second) {
              if (visited[j]) continue;
              const double tol = std::max(tolerance_m[a], tolerance_m[j]);
              if ((points[j] - p).squaredNorm() > tol * tol) continue;
              visited[j] = 1;
              cluster.push_back(j);
            }
          }
        }
      }
    }
    if (static_cast<int>(cluster.size()) >= min_points) clusters.push_back(std::move(cluster));
  }
  std::sort(clusters.begin(), clusters.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return clusters;
}

}  // namespace tianmu::perception
