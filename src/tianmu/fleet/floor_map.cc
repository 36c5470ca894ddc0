#include "tianmu/fleet/floor_map.h"

#include <algorithm>
#include <cmath>

namespace tianmu::fleet {

std::optional<int> FloorMap::Find(const std::string& name) const {
  for (std::size_t i = 0; i < places.size(); ++i) {
    if (places[i].name == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

double FloorMap::Distance(int from, int to) const {
  return (places.at(from).position_m - places.at(to).position_m).norm();
}

double PointSegmentDistance(const Eigen::Vector2d& p, const Eigen::Vector2d& a,
                            const Eigen::Vector2d& b) {
  const Eigen::Vector2d ab = b - a;
  const double length_sq = ab.squaredNorm();
  if (length_sq <= 0) return (p - a).norm();
  const double t = std::clamp((p - a).dot(ab) / length_sq, 0.0, 1.0);
  return (p - (a + t * ab)).norm();
}

double SegmentSegmentDistance(const Eigen::Vector2d& a, const Eigen::Vector2d& b,
                              const Eigen::Vector2d& c, const Eigen::Vector2d& d) {
  auto cross = [](const Eigen::Vector2d& u, const Eigen::Vector2d& v) {
    return u.x() * v.y() - u.y() * v.x();
  };
  const double d1 = cross(b - a, c - a), d2 = cross(b - a, d - a);
  const double d3 = cross(d - c, a - c), d4 = cross(d - c, b - c);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return 0.0;  // proper crossing
  }
  return std::min({PointSegmentDistance(a, c, d), PointSegmentDistance(b, c, d),
                   PointSegmentDistance(c, a, b), PointSegmentDistance(d, a, b)});
}

}  // namespace tianmu::fleet
